/**
 * What the servlet and the reactive integrations share, written once: the answer to each
 * refusal (status, RFC 6750 {@code WWW-Authenticate}, RFC 9457 problem body) and the rules
 * by which a session token is taken from {@code Authorization} header and cookie values.
 * Knows neither stack: no servlet, no reactive type. Not an API: its types may change in
 * any release.
 *
 * @since 0.2.0
 */
@NullMarked
package dev.trymellon.spring.web.internal;

import org.jspecify.annotations.NullMarked;
