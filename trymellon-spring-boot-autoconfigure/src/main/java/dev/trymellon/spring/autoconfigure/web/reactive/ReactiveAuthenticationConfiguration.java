package dev.trymellon.spring.autoconfigure.web.reactive;

import dev.trymellon.spring.authority.ClaimsSessionAuthoritiesMapper;
import dev.trymellon.spring.authority.SessionAuthoritiesMapper;
import dev.trymellon.spring.autoconfigure.TryMellonProperties;
import dev.trymellon.spring.autoconfigure.web.WebSecuritySettings;
import dev.trymellon.spring.session.SessionTokenVerifier;
import dev.trymellon.spring.web.SessionFactors;
import dev.trymellon.spring.web.reactive.TryMellonReactiveAuthenticationManager;
import dev.trymellon.spring.web.reactive.TryMellonReactiveAuthenticationManagerResolver;
import dev.trymellon.spring.web.reactive.TryMellonServerAuthenticationConverter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.ReactiveAuthenticationManagerResolver;

/**
 * The collaborators {@link dev.trymellon.spring.web.reactive.TryMellonReactiveConfigurer}
 * takes from the context in every reactive application: the converter from
 * {@code trymellon.token.*}, and the authentication manager resolver, publishing
 * authentication events through the {@code AuthenticationEventPublisher} bean. The latter, a
 * {@link ReactiveAuthenticationManagerResolver} bean, also makes Spring Boot's
 * {@code ReactiveUserDetailsServiceAutoConfiguration} back off (this auto-configuration
 * runs before it), so no in-memory user with a generated password is created.
 */
@Configuration(proxyBeanMethods = false)
class ReactiveAuthenticationConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TryMellonServerAuthenticationConverter tryMellonServerAuthenticationConverter(TryMellonProperties properties) {
		TryMellonServerAuthenticationConverter converter = new TryMellonServerAuthenticationConverter();
		converter.setCookieName(WebSecuritySettings.cookieName(properties));
		converter.setMaxLength(WebSecuritySettings.maxLength(properties));
		return converter;
	}

	@Bean
	@ConditionalOnBean(SessionTokenVerifier.class)
	@ConditionalOnMissingBean(ReactiveAuthenticationManagerResolver.class)
	TryMellonReactiveAuthenticationManagerResolver tryMellonReactiveAuthenticationManagerResolver(
			SessionTokenVerifier verifier, ObjectProvider<SessionAuthoritiesMapper> mapper,
			ObjectProvider<SessionFactors> factors, ObjectProvider<AuthenticationEventPublisher> eventPublisher,
			ApplicationContext context) {
		TryMellonReactiveAuthenticationManager manager = new TryMellonReactiveAuthenticationManager(verifier,
				mapper.getIfUnique(ClaimsSessionAuthoritiesMapper::new));
		factors.ifUnique(manager::setSessionFactors);
		// the events of the servlet side's ProviderManager, for the same @EventListeners
		manager.setAuthenticationEventPublisher(
				eventPublisher.getIfUnique(() -> new DefaultAuthenticationEventPublisher(context)));
		return new TryMellonReactiveAuthenticationManagerResolver(manager);
	}

}
