/**
 * The reactive (WebFlux) browser session endpoints: the exchange of the SDK's token for an
 * {@code HttpOnly} cookie, the session's view and sign-out, added to a security web
 * filter chain by {@code TryMellonReactiveConfigurer}, with the servlet endpoints'
 * answers.
 *
 * @since 0.2.0
 */
@NullMarked
package dev.trymellon.spring.browser.reactive;

import org.jspecify.annotations.NullMarked;
