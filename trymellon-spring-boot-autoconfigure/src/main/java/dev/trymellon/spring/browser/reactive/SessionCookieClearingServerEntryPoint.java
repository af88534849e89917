package dev.trymellon.spring.browser.reactive;

import reactor.core.publisher.Mono;

import dev.trymellon.spring.browser.SessionCookieSettings;
import dev.trymellon.spring.browser.internal.BrowserSessionEndpoints;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.util.Assert;
import org.springframework.web.server.ServerWebExchange;

/**
 * Lets another entry point answer, and first tells the browser to forget the session
 * cookie when the token it carried was refused as bad (expired, revoked, badly signed,
 * malformed…): an exchange with the session cookie, no {@code Authorization} header, and
 * a refusal whose code is a bad token; the reactive counterpart of the servlet
 * {@code SessionCookieClearingEntryPoint}, with the same rule. A token that could not be
 * checked ({@code 503}), a malformed request ({@code 400}) or a missing token keeps the
 * cookie.
 *
 * @author TryMellon
 * @since 0.2.0
 */
public final class SessionCookieClearingServerEntryPoint implements ServerAuthenticationEntryPoint {

	private final ServerAuthenticationEntryPoint delegate;

	private final SessionCookieSettings settings;

	/**
	 * Creates the entry point.
	 * @param delegate the entry point that answers
	 * @param settings the session cookie's settings
	 */
	public SessionCookieClearingServerEntryPoint(ServerAuthenticationEntryPoint delegate,
			SessionCookieSettings settings) {
		Assert.notNull(delegate, "delegate cannot be null");
		Assert.notNull(settings, "settings cannot be null");
		this.delegate = delegate;
		this.settings = settings;
	}

	@Override
	public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException ex) {
		ServerHttpRequest request = exchange.getRequest();
		if (!exchange.getResponse().isCommitted()
				&& BrowserSessionEndpoints.clearsCookie(request.getCookies().containsKey(this.settings.getCookieName()),
						hasAuthorizationHeader(request), ex)) {
			exchange.getResponse()
				.getHeaders()
				.add(HttpHeaders.SET_COOKIE, this.settings.clearedSessionCookie().toString());
		}
		return this.delegate.commence(exchange, ex);
	}

	private static boolean hasAuthorizationHeader(ServerHttpRequest request) {
		try {
			return request.getHeaders().containsHeader(HttpHeaders.AUTHORIZATION);
		}
		catch (RuntimeException ex) {
			// a header the firewall refuses: keep the cookie
			return true;
		}
	}

}
