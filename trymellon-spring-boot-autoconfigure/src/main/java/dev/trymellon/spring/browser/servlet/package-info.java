/**
 * The servlet browser session endpoints: the exchange of the SDK's token for an
 * {@code HttpOnly} cookie, the session's view and sign-out, added to a security filter
 * chain by {@code TryMellonConfigurer}.
 *
 * @since 0.2.0
 */
@NullMarked
package dev.trymellon.spring.browser.servlet;

import org.jspecify.annotations.NullMarked;
