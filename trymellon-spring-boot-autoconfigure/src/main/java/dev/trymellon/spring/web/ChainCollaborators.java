package dev.trymellon.spring.web;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.authority.ClaimsSessionAuthoritiesMapper;
import dev.trymellon.spring.authority.SessionAuthoritiesMapper;
import dev.trymellon.spring.browser.SessionCookieSettings;
import dev.trymellon.spring.session.SessionTokenVerifier;

import org.springframework.context.ApplicationContext;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.util.Assert;

/**
 * The collaborators of one {@link TryMellonConfigurer}: what its DSL sets, and how each
 * one is resolved when it does not (the DSL's, else the unique bean of its type, else a
 * built-in default; see the configurer's Javadoc for the list). A resolved value is
 * remembered, so that {@code init} and {@code configure} use the same instance.
 */
final class ChainCollaborators {

	@Nullable SessionTokenVerifier verifier;

	@Nullable SessionAuthoritiesMapper authoritiesMapper;

	@Nullable SessionFactors sessionFactors;

	@Nullable SessionTokenResolver tokenResolver;

	@Nullable String cookieName;

	@Nullable AuthenticationEntryPoint authenticationEntryPoint;

	@Nullable AccessDeniedHandler accessDeniedHandler;

	@Nullable AuthenticationManager authenticationManager;

	@Nullable SessionCookieSettings sessionCookie;

	private @Nullable SessionTokenResolver resolvedTokenResolver;

	/**
	 * The browser-session settings: the DSL's, else the unique bean, else {@code null}
	 * (browser sessions off).
	 */
	@Nullable SessionCookieSettings sessionCookie(ApplicationContext context) {
		if (this.sessionCookie == null) {
			this.sessionCookie = context.getBeanProvider(SessionCookieSettings.class).getIfUnique();
		}
		return this.sessionCookie;
	}

	/**
	 * The resolver of the authentication manager when the DSL sets no manager: the
	 * {@link TryMellonAuthenticationManagerResolver} bean while no verifier, mapper or
	 * factors are set through the DSL, else a new one built from the collaborators.
	 */
	AuthenticationManagerResolver<HttpServletRequest> authenticationManagerResolver(ApplicationContext context) {
		if (this.verifier == null && this.authoritiesMapper == null && this.sessionFactors == null) {
			TryMellonAuthenticationManagerResolver bean = context
				.getBeanProvider(TryMellonAuthenticationManagerResolver.class)
				.getIfUnique();
			if (bean != null) {
				return bean;
			}
		}
		SessionTokenVerifier verifier = (this.verifier != null) ? this.verifier
				: context.getBeanProvider(SessionTokenVerifier.class).getIfUnique();
		Assert.state(verifier != null, "TryMellonConfigurer needs a SessionTokenVerifier: declare one bean of that "
				+ "type (the auto-configuration does when 'trymellon.client-id' is set) or call sessionTokenVerifier()");
		SessionAuthoritiesMapper mapper = (this.authoritiesMapper != null) ? this.authoritiesMapper
				: context.getBeanProvider(SessionAuthoritiesMapper.class).getIfUnique(ClaimsSessionAuthoritiesMapper::new);
		TryMellonAuthenticationProvider provider = new TryMellonAuthenticationProvider(verifier, mapper);
		if (this.sessionFactors != null) {
			provider.setSessionFactors(this.sessionFactors);
		}
		else {
			context.getBeanProvider(SessionFactors.class).ifUnique(provider::setSessionFactors);
		}
		AuthenticationEventPublisher eventPublisher = context.getBeanProvider(AuthenticationEventPublisher.class)
			.getIfUnique(() -> new DefaultAuthenticationEventPublisher(context));
		return new TryMellonAuthenticationManagerResolver(provider, eventPublisher);
	}

	/**
	 * The chain's token resolver, made once: the DSL's, else the bean (its cookie name
	 * replaced by the DSL's or the session cookie's), else a
	 * {@link DefaultSessionTokenResolver}; header-only on the browser-session exchange.
	 */
	SessionTokenResolver tokenResolver(ApplicationContext context) {
		SessionTokenResolver resolver = this.resolvedTokenResolver;
		if (resolver == null) {
			resolver = createTokenResolver(context);
			this.resolvedTokenResolver = resolver;
		}
		return resolver;
	}

	private SessionTokenResolver createTokenResolver(ApplicationContext context) {
		SessionCookieSettings sessionCookie = sessionCookie(context);
		if (this.tokenResolver != null) {
			return BrowserSessions.exchangeAware(this.tokenResolver, sessionCookie);
		}
		SessionTokenResolver bean = context.getBeanProvider(SessionTokenResolver.class).getIfUnique();
		String cookieName = BrowserSessions.cookieName(this.cookieName, bean, sessionCookie);
		if (cookieName == null) {
			return BrowserSessions.exchangeAware((bean != null) ? bean : new DefaultSessionTokenResolver(),
					sessionCookie);
		}
		DefaultSessionTokenResolver resolver = new DefaultSessionTokenResolver();
		if (bean instanceof DefaultSessionTokenResolver defaultBean) {
			resolver.setMaxLength(defaultBean.getMaxLength());
		}
		resolver.setCookieName(cookieName);
		return BrowserSessions.exchangeAware(resolver, sessionCookie);
	}

	/**
	 * The entry point: the DSL's, else the unique bean, else TryMellon's.
	 */
	AuthenticationEntryPoint entryPoint(ApplicationContext context) {
		if (this.authenticationEntryPoint == null) {
			this.authenticationEntryPoint = context.getBeanProvider(AuthenticationEntryPoint.class)
				.getIfUnique(TryMellonAuthenticationEntryPoint::new);
		}
		return this.authenticationEntryPoint;
	}

	/**
	 * The access-denied handler: the DSL's, else the unique bean, else TryMellon's.
	 */
	AccessDeniedHandler accessDeniedHandler(ApplicationContext context) {
		if (this.accessDeniedHandler == null) {
			this.accessDeniedHandler = context.getBeanProvider(AccessDeniedHandler.class)
				.getIfUnique(TryMellonAccessDeniedHandler::new);
		}
		return this.accessDeniedHandler;
	}

}
