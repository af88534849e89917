package dev.trymellon.spring.autoconfigure.web;

import dev.trymellon.spring.authority.ClaimsSessionAuthoritiesMapper;
import dev.trymellon.spring.authority.SessionAuthoritiesMapper;
import dev.trymellon.spring.autoconfigure.TryMellonProperties;
import dev.trymellon.spring.session.SessionTokenVerifier;
import dev.trymellon.spring.web.DefaultSessionTokenResolver;
import dev.trymellon.spring.web.SessionFactors;
import dev.trymellon.spring.web.SessionTokenResolver;
import dev.trymellon.spring.web.TryMellonAuthenticationManagerResolver;
import dev.trymellon.spring.web.TryMellonAuthenticationProvider;
import dev.trymellon.spring.web.TryMellonConfigurer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;

/**
 * The collaborators {@link TryMellonConfigurer} takes from the context, in every servlet
 * application, whether the default chain or the application's own chains use it: the
 * token resolver from {@code trymellon.token.*}, and the authentication manager
 * resolver. The latter, an {@link AuthenticationManagerResolver} bean, also makes Spring
 * Boot's {@code UserDetailsServiceAutoConfiguration} back off (this auto-configuration
 * runs before it), so no in-memory user with a generated password is created in any
 * TryMellon set-up, as Spring's resource server does with its {@code JwtDecoder} bean.
 */
@Configuration(proxyBeanMethods = false)
class TryMellonAuthenticationConfiguration {

	@Bean
	@ConditionalOnMissingBean(SessionTokenResolver.class)
	DefaultSessionTokenResolver tryMellonSessionTokenResolver(TryMellonProperties properties) {
		DefaultSessionTokenResolver resolver = new DefaultSessionTokenResolver();
		resolver.setCookieName(WebSecuritySettings.cookieName(properties));
		resolver.setMaxLength(WebSecuritySettings.maxLength(properties));
		return resolver;
	}

	@Bean
	@ConditionalOnBean(SessionTokenVerifier.class)
	@ConditionalOnMissingBean(AuthenticationManagerResolver.class)
	TryMellonAuthenticationManagerResolver tryMellonAuthenticationManagerResolver(SessionTokenVerifier verifier,
			ObjectProvider<SessionAuthoritiesMapper> mapper, ObjectProvider<SessionFactors> factors,
			ObjectProvider<AuthenticationEventPublisher> eventPublisher, ApplicationContext context) {
		TryMellonAuthenticationProvider provider = new TryMellonAuthenticationProvider(verifier,
				mapper.getIfUnique(ClaimsSessionAuthoritiesMapper::new));
		factors.ifUnique(provider::setSessionFactors);
		return new TryMellonAuthenticationManagerResolver(provider,
				eventPublisher.getIfUnique(() -> new DefaultAuthenticationEventPublisher(context)));
	}

}
