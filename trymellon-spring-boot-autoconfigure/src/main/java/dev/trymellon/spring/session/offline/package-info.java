/**
 * Offline verification of TryMellon session tokens: the verifier, the cached JWKS key
 * source and the verified-token cache.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.trymellon.spring.session.offline;

import org.jspecify.annotations.NullMarked;
