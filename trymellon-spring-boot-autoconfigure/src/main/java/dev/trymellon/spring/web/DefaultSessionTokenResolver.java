package dev.trymellon.spring.web;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.session.offline.OfflineSessionTokenVerifier;
import dev.trymellon.spring.web.internal.BearerTokenRules;

import org.springframework.http.HttpHeaders;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * Reads the session token from the {@code Authorization} header with the
 * {@code Bearer} scheme (RFC 6750 section 2.1; the scheme is case-insensitive) and,
 * when a cookie name is set, from that cookie. Query parameters and form fields are never
 * read.
 * <ul>
 * <li>Another scheme ({@code Basic ...}) is ignored: the request carries no token.</li>
 * <li>{@code Bearer} without a token, with extra spaces, with characters outside the
 * RFC 6750 {@code b64token} syntax, or longer than the maximum length:
 * {@code TOKEN_MALFORMED}.</li>
 * <li>Two {@code Authorization} headers, two cookies with different values, or a header
 * and a cookie carrying different tokens: {@code INVALID_REQUEST}.</li>
 * </ul>
 * These are the {@link BearerTokenRules}, which the reactive converter follows too.
 *
 * @author TryMellon
 * @since 0.1.0
 */
public final class DefaultSessionTokenResolver implements SessionTokenResolver {

	private @Nullable String cookieName;

	private int maxLength = OfflineSessionTokenVerifier.DEFAULT_MAX_LENGTH;

	/**
	 * Sets the name of a cookie that may carry the token besides the header. Defaults to
	 * none: only the header is read.
	 * @param cookieName the cookie name (RFC 6265 token characters), or {@code null}
	 * @throws IllegalArgumentException when the name is not a valid cookie name
	 */
	public void setCookieName(@Nullable String cookieName) {
		String name = (cookieName != null && StringUtils.hasText(cookieName)) ? cookieName.trim() : null;
		Assert.isTrue(name == null || isValidCookieName(name),
				"Not a valid cookie name: use only RFC 6265 token characters (letters, digits and !#$%&'*+-.^_`|~)");
		this.cookieName = name;
	}

	static boolean isValidCookieName(String name) {
		return BearerTokenRules.isValidCookieName(name);
	}

	/**
	 * Returns the name of the cookie that may carry the token besides the header.
	 * @return the cookie name, or {@code null} when only the header is read
	 * @since 0.2.0
	 */
	public @Nullable String getCookieName() {
		return this.cookieName;
	}

	/**
	 * Sets the longest accepted token. Defaults to the verifier's,
	 * {@link OfflineSessionTokenVerifier#DEFAULT_MAX_LENGTH} (8192 characters).
	 * @param maxLength the maximum length
	 */
	public void setMaxLength(int maxLength) {
		Assert.isTrue(maxLength > 0, "maxLength must be positive");
		this.maxLength = maxLength;
	}

	int getMaxLength() {
		return this.maxLength;
	}

	@Override
	public @Nullable String resolve(HttpServletRequest request) {
		String headerToken = BearerTokenRules.fromAuthorizationHeaders(authorizationHeaders(request), this.maxLength);
		String cookieToken = (this.cookieName != null) ? fromCookies(request, this.cookieName) : null;
		return BearerTokenRules.either(headerToken, cookieToken);
	}

	private static List<String> authorizationHeaders(HttpServletRequest request) {
		try {
			Enumeration<String> headers = request.getHeaders(HttpHeaders.AUTHORIZATION);
			return (headers != null) ? Collections.list(headers) : List.of();
		}
		catch (RequestRejectedException ex) {
			// Spring Security's firewall refuses control characters (such as NUL) in header
			// values; its message repeats the value, so it is not kept.
			throw BearerTokenRules.headerCharactersNotAllowed();
		}
	}

	/**
	 * Returns the token of the request's single, well-formed
	 * {@code Authorization: Bearer <token>} header (scheme in any case, one space, a
	 * {@code b64token}), or {@code null} when the request has no such header. Never
	 * throws: it only tells whether the header could be where a token came from.
	 * @param request the request
	 * @return the header's token, or {@code null}
	 */
	static @Nullable String wellFormedBearerToken(HttpServletRequest request) {
		List<String> headers;
		try {
			Enumeration<String> values = request.getHeaders(HttpHeaders.AUTHORIZATION);
			headers = (values != null) ? Collections.list(values) : List.of();
		}
		catch (RequestRejectedException ex) {
			return null;
		}
		return BearerTokenRules.wellFormedBearerToken(headers);
	}

	private @Nullable String fromCookies(HttpServletRequest request, String name) {
		Cookie[] cookies = request.getCookies();
		if (cookies == null) {
			return null;
		}
		List<String> values = new ArrayList<>(2);
		for (Cookie cookie : cookies) {
			if (name.equals(cookie.getName()) && StringUtils.hasLength(cookie.getValue())) {
				values.add(cookie.getValue());
			}
		}
		return BearerTokenRules.fromCookieValues(values, this.maxLength);
	}

}
