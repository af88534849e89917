package dev.trymellon.spring.authority;

import java.util.Collection;

import dev.trymellon.spring.session.TryMellonSession;

import org.springframework.security.core.GrantedAuthority;

/**
 * Maps a verified {@link TryMellonSession} to the Spring Security authorities of the
 * request.
 * <p>
 * The auto-configuration provides a {@link ClaimsSessionAuthoritiesMapper} driven by the
 * {@code trymellon.authorities.*} properties (by default it maps no custom claim),
 * composed with the application's {@link UserAuthoritiesLookup} bean when there is one;
 * the lookup is the usual way to grant authorities from your own data. Declare your own
 * mapper bean to replace both entirely:
 *
 * <pre class="code">
 * &#064;Bean
 * SessionAuthoritiesMapper sessionAuthoritiesMapper(UserRepository users) {
 *     return (session) -&gt; users.rolesOf(session.getUserId());
 * }
 * </pre>
 *
 * An exception thrown by a mapper fails the request with a 500 answer; it is never
 * treated as a valid session.
 *
 * @author TryMellon
 * @since 0.1.0
 */
@FunctionalInterface
public interface SessionAuthoritiesMapper {

	/**
	 * Returns the authorities granted to the given session.
	 * @param session the verified session
	 * @return the authorities, possibly empty, never {@code null}
	 */
	Collection<? extends GrantedAuthority> getAuthorities(TryMellonSession session);

}
