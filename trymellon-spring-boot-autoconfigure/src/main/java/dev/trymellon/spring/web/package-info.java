/**
 * Spring Security integration for servlet applications: the
 * {@link dev.trymellon.spring.web.TryMellonConfigurer} DSL, the authentication filter,
 * provider and token resolver, the {@link dev.trymellon.spring.web.TryMellonAuthentication}
 * whose principal is the {@link dev.trymellon.spring.session.TryMellonSession}, and the
 * RFC 6750 / RFC 9457 error answers.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.trymellon.spring.web;

import org.jspecify.annotations.NullMarked;
