package dev.trymellon.spring.web.reactive;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import dev.trymellon.spring.authority.ClaimsSessionAuthoritiesMapper;
import dev.trymellon.spring.authority.SessionAuthoritiesMapper;
import dev.trymellon.spring.session.SessionTokenVerifier;
import dev.trymellon.spring.web.SessionFactors;

import org.springframework.context.ApplicationContext;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.ReactiveAuthenticationManagerResolver;
import org.springframework.util.Assert;
import org.springframework.web.server.ServerWebExchange;

/**
 * How {@link TryMellonReactiveConfigurer} finds the authentication manager of its chain:
 * the DSL's manager; else, when the DSL sets none of its parts, the
 * {@link TryMellonReactiveAuthenticationManagerResolver} bean; else a manager built from
 * the DSL's parts or the unique beans of their types (verifier, authorities mapper,
 * session factors, authentication event publisher).
 */
final class ReactiveManagerResolution {

	private ReactiveManagerResolution() {
	}

	static ReactiveAuthenticationManagerResolver<ServerWebExchange> resolve(ApplicationContext context,
			@Nullable ReactiveAuthenticationManager manager, @Nullable SessionTokenVerifier verifier,
			@Nullable SessionAuthoritiesMapper authoritiesMapper, @Nullable SessionFactors sessionFactors) {
		if (manager != null) {
			Mono<ReactiveAuthenticationManager> resolved = Mono.just(manager);
			return (exchange) -> resolved;
		}
		if (verifier == null && authoritiesMapper == null && sessionFactors == null) {
			TryMellonReactiveAuthenticationManagerResolver bean = context
				.getBeanProvider(TryMellonReactiveAuthenticationManagerResolver.class)
				.getIfUnique();
			if (bean != null) {
				return bean;
			}
		}
		SessionTokenVerifier resolvedVerifier = (verifier != null) ? verifier
				: context.getBeanProvider(SessionTokenVerifier.class).getIfUnique();
		Assert.state(resolvedVerifier != null,
				"TryMellonReactiveConfigurer needs a SessionTokenVerifier: declare one bean of that type (the "
						+ "auto-configuration does when 'trymellon.client-id' is set) or call sessionTokenVerifier()");
		SessionAuthoritiesMapper mapper = (authoritiesMapper != null) ? authoritiesMapper
				: context.getBeanProvider(SessionAuthoritiesMapper.class)
					.getIfUnique(ClaimsSessionAuthoritiesMapper::new);
		TryMellonReactiveAuthenticationManager created = new TryMellonReactiveAuthenticationManager(resolvedVerifier,
				mapper);
		if (sessionFactors != null) {
			created.setSessionFactors(sessionFactors);
		}
		else {
			context.getBeanProvider(SessionFactors.class).ifUnique(created::setSessionFactors);
		}
		created.setAuthenticationEventPublisher(context.getBeanProvider(AuthenticationEventPublisher.class)
			.getIfUnique(() -> new DefaultAuthenticationEventPublisher(context)));
		return new TryMellonReactiveAuthenticationManagerResolver(created);
	}

}
