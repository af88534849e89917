package dev.trymellon.spring.web;

import java.time.Clock;

import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.browser.SessionCookieSettings;
import dev.trymellon.spring.browser.servlet.SessionCookieFilter;
import dev.trymellon.spring.revocation.RevocationStore;

import org.springframework.context.ApplicationContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;

/**
 * How {@link TryMellonConfigurer} wires browser sessions into a chain when
 * {@link SessionCookieSettings} are set: the token resolver of the exchange, the cookie
 * the token is read from, and the endpoints filter.
 */
final class BrowserSessions {

	private BrowserSessions() {
	}

	/**
	 * The resolver the chain uses: on the exchange the {@code Authorization: Bearer}
	 * header only, so that a cookie already there (another account, an older token) is
	 * replaced rather than refused as a second token; elsewhere the given resolver.
	 */
	static SessionTokenResolver exchangeAware(SessionTokenResolver resolver,
			@Nullable SessionCookieSettings sessionCookie) {
		if (sessionCookie == null) {
			return resolver;
		}
		RequestMatcher exchange = SessionCookieFilter.exchangeRequestMatcher(sessionCookie);
		DefaultSessionTokenResolver headerOnly = new DefaultSessionTokenResolver();
		if (resolver instanceof DefaultSessionTokenResolver defaultResolver) {
			headerOnly.setMaxLength(defaultResolver.getMaxLength());
		}
		return (request) -> exchange.matches(request) ? headerOnly.resolve(request) : resolver.resolve(request);
	}

	/**
	 * The cookie name the chain's default resolver reads: the DSL's, else the session
	 * cookie's when the resolver bean (or the default) does not read that one already,
	 * else {@code null} (use the bean as it is).
	 */
	static @Nullable String cookieName(@Nullable String dslCookieName, @Nullable SessionTokenResolver bean,
			@Nullable SessionCookieSettings sessionCookie) {
		if (sessionCookie == null) {
			return dslCookieName;
		}
		String name = sessionCookie.getCookieName();
		Assert.state(dslCookieName == null || dslCookieName.equals(name), () -> "The session cookie '" + name
				+ "' is not the cookie set by cookieName() ('" + dslCookieName + "')");
		if (dslCookieName != null) {
			return dslCookieName;
		}
		if (bean == null || (bean instanceof DefaultSessionTokenResolver defaultBean
				&& !name.equals(defaultBean.getCookieName()))) {
			return name;
		}
		return null;
	}

	static SessionCookieFilter endpoints(SessionCookieSettings sessionCookie, SessionTokenResolver resolver,
			AuthenticationEntryPoint entryPoint, ApplicationContext context,
			SecurityContextHolderStrategy securityContextHolderStrategy) {
		SessionCookieFilter endpoints = new SessionCookieFilter(sessionCookie, resolver::resolve, entryPoint);
		endpoints.setRevocationStore(context.getBeanProvider(RevocationStore.class).getIfUnique());
		context.getBeanProvider(Clock.class).ifUnique(endpoints::setClock);
		endpoints.setSecurityContextHolderStrategy(securityContextHolderStrategy);
		return endpoints;
	}

}
