/**
 * What the servlet and the reactive browser session endpoints share, written once: which
 * request is which endpoint, the origin rule's own origin, the cookie's life, the
 * sign-out's revocation, the fixed answers and which refusals clear the session cookie.
 * Knows neither stack: no servlet, no reactive type. Not an API: its types may change in
 * any release.
 *
 * @since 0.2.0
 */
@NullMarked
package dev.trymellon.spring.browser.internal;

import org.jspecify.annotations.NullMarked;
