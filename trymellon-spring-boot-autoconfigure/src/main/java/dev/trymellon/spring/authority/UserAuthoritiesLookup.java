package dev.trymellon.spring.authority;

import java.util.Collection;

/**
 * Looks up the authorities of a user in the application's own data (a database, a
 * directory), by the TryMellon user id that the session token proves. This is the safe
 * source of roles: unlike custom claims, which the end user's browser chooses, the user
 * id is assigned by TryMellon and signed.
 * <p>
 * Declare one bean of this type and the auto-configuration composes it with the
 * {@code trymellon.authorities.*} mapping, behind a bounded cache
 * ({@code trymellon.authorities.cache.*}): a session is granted the default authorities,
 * any authorities mapped from custom claims, and the authorities returned here.
 *
 * <pre class="code">
 * &#064;Bean
 * UserAuthoritiesLookup userAuthorities(UserRepository users) {
 *     return (userId) -&gt; users.findByTryMellonUserId(userId)
 *         .map(User::authorityNames)      // for example ["ROLE_ADMIN", "SCOPE_orders.read"]
 *         .orElse(List.of());
 * }
 * </pre>
 *
 * Names are granted as returned (no prefix, no case change); {@code null} and blank
 * entries are skipped. An exception thrown here, or a {@code null} result, fails the
 * request (answered {@code 500}, never authenticated without the lookup) and is not
 * cached. A {@link SessionAuthoritiesMapper} bean of the application replaces the
 * auto-configured mapper, and with it this lookup: compose it yourself with a
 * {@link LookupSessionAuthoritiesMapper}.
 * <p>
 * Key your data by the TryMellon user id, not by the external user id: the browser SDK
 * passes the external user id when a passkey is registered, so it is only as trustworthy
 * as your back end's check of it.
 *
 * @author TryMellon
 * @since 0.2.0
 * @see LookupSessionAuthoritiesMapper
 */
@FunctionalInterface
public interface UserAuthoritiesLookup {

	/**
	 * Returns the names of the authorities granted to the given user.
	 * @param userId the verified TryMellon user id ({@code TryMellonSession#getUserId()})
	 * @return the authority names, possibly empty, never {@code null}
	 */
	Collection<String> getAuthorities(String userId);

}
