package dev.trymellon.spring.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.util.Assert;

/**
 * Resolves every request to one {@link ProviderManager} holding a
 * {@link TryMellonAuthenticationProvider}, publishing through the given
 * {@link AuthenticationEventPublisher}. {@link TryMellonConfigurer} authenticates with it.
 * <p>
 * The auto-configuration declares one as a bean in servlet applications, which also
 * tells Spring Boot not to create its in-memory user with a generated password
 * ({@code UserDetailsServiceAutoConfiguration} backs off while an
 * {@link AuthenticationManagerResolver} bean exists, as it does for the resource
 * server's {@code JwtDecoder}). The bean is not a global {@link AuthenticationManager}:
 * a {@code UserDetailsService} of the application keeps serving form login.
 *
 * @author TryMellon
 * @since 0.2.0
 */
public final class TryMellonAuthenticationManagerResolver implements AuthenticationManagerResolver<HttpServletRequest> {

	private final AuthenticationManager authenticationManager;

	/**
	 * Creates a resolver.
	 * @param provider authenticates TryMellon session tokens
	 * @param eventPublisher publishes successes and failures
	 */
	public TryMellonAuthenticationManagerResolver(TryMellonAuthenticationProvider provider,
			AuthenticationEventPublisher eventPublisher) {
		Assert.notNull(provider, "provider cannot be null");
		Assert.notNull(eventPublisher, "eventPublisher cannot be null");
		ProviderManager manager = new ProviderManager(provider);
		manager.setAuthenticationEventPublisher(eventPublisher);
		this.authenticationManager = manager;
	}

	/**
	 * Returns the manager holding the {@link TryMellonAuthenticationProvider}, whatever
	 * the request.
	 * @param request the request
	 * @return the manager
	 */
	@Override
	public AuthenticationManager resolve(HttpServletRequest request) {
		return this.authenticationManager;
	}

}
