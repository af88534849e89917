package dev.trymellon.spring.browser.servlet;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.trymellon.spring.browser.SessionCookieSettings;
import dev.trymellon.spring.browser.internal.BrowserSessionEndpoints;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.util.Assert;

/**
 * Lets another entry point answer, and first tells the browser to forget the session
 * cookie when the token it carried was refused as bad (expired, revoked, badly signed,
 * malformed…): a request with the session cookie, no {@code Authorization} header, and a
 * refusal whose code is a bad token. A token that could not be checked (keys or the API
 * unavailable: {@code 503}), a malformed request ({@code 400}) or a missing token keeps
 * the cookie.
 *
 * @author TryMellon
 * @since 0.2.0
 */
public final class SessionCookieClearingEntryPoint implements AuthenticationEntryPoint {

	private final AuthenticationEntryPoint delegate;

	private final SessionCookieSettings settings;

	/**
	 * Creates the entry point.
	 * @param delegate the entry point that answers
	 * @param settings the session cookie's settings
	 */
	public SessionCookieClearingEntryPoint(AuthenticationEntryPoint delegate, SessionCookieSettings settings) {
		Assert.notNull(delegate, "delegate cannot be null");
		Assert.notNull(settings, "settings cannot be null");
		this.delegate = delegate;
		this.settings = settings;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException, ServletException {
		if (!response.isCommitted() && BrowserSessionEndpoints.clearsCookie(carriesSessionCookie(request),
				request.getHeader(HttpHeaders.AUTHORIZATION) != null, authException)) {
			response.addHeader(HttpHeaders.SET_COOKIE, this.settings.clearedSessionCookie().toString());
		}
		this.delegate.commence(request, response, authException);
	}

	private boolean carriesSessionCookie(HttpServletRequest request) {
		Cookie[] cookies = request.getCookies();
		if (cookies != null) {
			for (Cookie cookie : cookies) {
				if (this.settings.getCookieName().equals(cookie.getName())) {
					return true;
				}
			}
		}
		return false;
	}

}
