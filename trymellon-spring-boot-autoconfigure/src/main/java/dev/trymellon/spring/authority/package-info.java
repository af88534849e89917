/**
 * How a verified TryMellon session becomes Spring Security authorities: the
 * {@link dev.trymellon.spring.authority.SessionAuthoritiesMapper} contract, its
 * claim-driven default (which maps no custom claim unless configured: the client chooses
 * their values) and the {@link dev.trymellon.spring.authority.UserAuthoritiesLookup} of
 * the application's own data, cached by
 * {@link dev.trymellon.spring.authority.LookupSessionAuthoritiesMapper}.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.trymellon.spring.authority;

import org.jspecify.annotations.NullMarked;
