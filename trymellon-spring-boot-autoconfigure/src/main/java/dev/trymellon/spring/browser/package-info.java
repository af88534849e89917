/**
 * Browser sessions, independent of the web stack: the settings and attributes of the
 * {@code HttpOnly} cookie that keeps a TryMellon session token out of script's reach,
 * the origin rule of the token exchange, and the session's public view. The servlet
 * endpoints are in {@code dev.trymellon.spring.browser.servlet}.
 *
 * @since 0.2.0
 */
@NullMarked
package dev.trymellon.spring.browser;

import org.jspecify.annotations.NullMarked;
