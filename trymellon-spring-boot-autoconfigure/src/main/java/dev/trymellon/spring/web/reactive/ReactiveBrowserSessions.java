package dev.trymellon.spring.web.reactive;

import java.time.Clock;

import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.browser.SessionCookieSettings;
import dev.trymellon.spring.browser.reactive.SessionCookieClearingServerEntryPoint;
import dev.trymellon.spring.browser.reactive.SessionCookieWebFilter;
import dev.trymellon.spring.revocation.RevocationStore;

import org.springframework.context.ApplicationContext;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.util.Assert;

/**
 * How {@link TryMellonReactiveConfigurer} wires browser sessions into a chain when
 * {@link SessionCookieSettings} are set: the converter of the exchange, the cookie the
 * token is read from, the entry point that clears a dead cookie, and the endpoints.
 */
final class ReactiveBrowserSessions {

	private ReactiveBrowserSessions() {
	}

	/**
	 * The converter the chain uses: on the exchange the {@code Authorization: Bearer}
	 * header only (so that a cookie already there is replaced rather than refused as a
	 * second token), elsewhere the given one.
	 */
	static ServerAuthenticationConverter exchangeAware(ServerAuthenticationConverter converter,
			@Nullable SessionCookieSettings sessionCookie) {
		if (sessionCookie == null) {
			return converter;
		}
		TryMellonServerAuthenticationConverter headerOnly = new TryMellonServerAuthenticationConverter();
		if (converter instanceof TryMellonServerAuthenticationConverter tryMellon) {
			headerOnly.setMaxLength(tryMellon.getMaxLength());
		}
		ServerWebExchangeMatcher exchangeRequest = SessionCookieWebFilter.exchangeMatcher(sessionCookie);
		return (exchange) -> exchangeRequest.matches(exchange)
			.flatMap((match) -> match.isMatch() ? headerOnly.convert(exchange) : converter.convert(exchange));
	}

	/**
	 * The cookie the chain's converter must read: the session cookie unless the bean
	 * already reads it ({@code null}: take the bean as it is), else the DSL's name.
	 */
	static @Nullable String cookieName(@Nullable String dslCookieName,
			@Nullable TryMellonServerAuthenticationConverter bean, @Nullable SessionCookieSettings sessionCookie) {
		if (sessionCookie == null) {
			return dslCookieName;
		}
		String name = sessionCookie.getCookieName();
		Assert.state(dslCookieName == null || dslCookieName.equals(name),
				() -> "The session cookie '" + name + "' is not the cookie set by cookieName() ('" + dslCookieName + "')");
		return (bean != null && name.equals(bean.getCookieName())) ? null : name;
	}

	static ServerAuthenticationEntryPoint entryPoint(ServerAuthenticationEntryPoint entryPoint,
			@Nullable SessionCookieSettings sessionCookie) {
		return (sessionCookie != null) ? new SessionCookieClearingServerEntryPoint(entryPoint, sessionCookie)
				: entryPoint;
	}

	static SessionCookieWebFilter endpoints(SessionCookieSettings sessionCookie, ServerAuthenticationConverter converter,
			ServerAuthenticationEntryPoint entryPoint, ApplicationContext context) {
		return new SessionCookieWebFilter(sessionCookie, converter, entryPoint,
				context.getBeanProvider(RevocationStore.class).getIfUnique(),
				context.getBeanProvider(Clock.class).getIfUnique(Clock::systemUTC));
	}

}
