/**
 * Auto-configuration of the reactive (WebFlux) Spring Security integration: the
 * converter and authentication manager beans and the default TryMellon
 * {@code SecurityWebFilterChain}.
 *
 * @since 0.2.0
 */
@NullMarked
package dev.trymellon.spring.autoconfigure.web.reactive;

import org.jspecify.annotations.NullMarked;
