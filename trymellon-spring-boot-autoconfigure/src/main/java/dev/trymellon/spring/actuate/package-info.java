/**
 * Observability of TryMellon session token verification and webhook deliveries: the
 * JWKS health indicator and Micrometer meters.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.trymellon.spring.actuate;

import org.jspecify.annotations.NullMarked;
