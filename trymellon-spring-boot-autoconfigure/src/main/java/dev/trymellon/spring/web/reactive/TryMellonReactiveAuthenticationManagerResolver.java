package dev.trymellon.spring.web.reactive;

import reactor.core.publisher.Mono;

import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.ReactiveAuthenticationManagerResolver;
import org.springframework.util.Assert;
import org.springframework.web.server.ServerWebExchange;

/**
 * Resolves every exchange to one {@link TryMellonReactiveAuthenticationManager}.
 * {@link TryMellonReactiveConfigurer} authenticates with it.
 * <p>
 * The auto-configuration declares one as a bean in reactive applications, which also
 * tells Spring Boot not to create its in-memory user with a generated password
 * ({@code ReactiveUserDetailsServiceAutoConfiguration} backs off while a
 * {@link ReactiveAuthenticationManagerResolver} bean exists). The bean is not a global
 * {@link ReactiveAuthenticationManager}: a {@code ReactiveUserDetailsService} of the
 * application keeps serving form login and HTTP Basic.
 *
 * @author TryMellon
 * @since 0.2.0
 */
public final class TryMellonReactiveAuthenticationManagerResolver
		implements ReactiveAuthenticationManagerResolver<ServerWebExchange> {

	private final Mono<ReactiveAuthenticationManager> authenticationManager;

	private final TryMellonReactiveAuthenticationManager manager;

	/**
	 * Creates a resolver.
	 * @param authenticationManager authenticates TryMellon session tokens
	 */
	public TryMellonReactiveAuthenticationManagerResolver(TryMellonReactiveAuthenticationManager authenticationManager) {
		Assert.notNull(authenticationManager, "authenticationManager cannot be null");
		this.manager = authenticationManager;
		this.authenticationManager = Mono.just(authenticationManager);
	}

	/**
	 * Returns the manager, whatever the exchange.
	 * @param exchange the exchange
	 * @return the manager
	 */
	@Override
	public Mono<ReactiveAuthenticationManager> resolve(ServerWebExchange exchange) {
		return this.authenticationManager;
	}

	/**
	 * Returns the manager.
	 * @return the manager every exchange resolves to
	 */
	public TryMellonReactiveAuthenticationManager getAuthenticationManager() {
		return this.manager;
	}

}
