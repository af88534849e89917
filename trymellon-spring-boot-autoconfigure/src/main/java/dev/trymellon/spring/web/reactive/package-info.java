/**
 * Spring Security integration for reactive (WebFlux) applications, the counterpart of
 * {@code dev.trymellon.spring.web}: the
 * {@link dev.trymellon.spring.web.reactive.TryMellonReactiveConfigurer} DSL, the
 * {@code ServerAuthenticationConverter} and {@code ReactiveAuthenticationManager} wired
 * into Spring Security's {@code AuthenticationWebFilter}, and the same RFC 6750 / RFC 9457
 * answers. Verification runs on the event loop only while it cannot block; a JWKS fetch
 * and a {@code UserAuthoritiesLookup} run on a blocking-capable scheduler.
 *
 * @since 0.2.0
 */
@NullMarked
package dev.trymellon.spring.web.reactive;

import org.jspecify.annotations.NullMarked;
