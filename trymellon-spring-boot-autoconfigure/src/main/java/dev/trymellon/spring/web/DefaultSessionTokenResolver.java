package dev.trymellon.spring.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.TryMellonErrorCode;

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
 *
 * @author TryMellon
 * @since 0.1.0
 */
public final class DefaultSessionTokenResolver implements SessionTokenResolver {

	private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

	private static final Pattern COOKIE_NAME = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");

	private static final String BEARER = "bearer";

	private @Nullable String cookieName;

	private int maxLength = 8192;

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
		return COOKIE_NAME.matcher(name).matches();
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
	 * Sets the longest accepted token. Defaults to 8192 characters.
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
		String headerToken = fromHeader(request);
		String cookieToken = (this.cookieName != null) ? fromCookies(request, this.cookieName) : null;
		if (headerToken != null && cookieToken != null && !same(headerToken, cookieToken)) {
			throw new SessionTokenException(TryMellonErrorCode.INVALID_REQUEST,
					"The Authorization header and the session cookie carry different tokens");
		}
		return (headerToken != null) ? headerToken : cookieToken;
	}

	private @Nullable String fromHeader(HttpServletRequest request) {
		List<String> headers = authorizationHeaders(request);
		if (headers.isEmpty()) {
			return null;
		}
		String header = headers.get(0);
		if (headers.size() > 1) {
			throw new SessionTokenException(TryMellonErrorCode.INVALID_REQUEST,
					"The request has more than one Authorization header");
		}
		if (!isBearer(header)) {
			return null;
		}
		if (header.length() == BEARER.length() || header.charAt(BEARER.length()) != ' ') {
			throw malformed("The Bearer credentials carry no token");
		}
		return checked(header.substring(BEARER.length() + 1));
	}

	private static List<String> authorizationHeaders(HttpServletRequest request) {
		try {
			Enumeration<String> headers = request.getHeaders(HttpHeaders.AUTHORIZATION);
			return (headers != null) ? Collections.list(headers) : List.of();
		}
		catch (RequestRejectedException ex) {
			// Spring Security's firewall refuses control characters (such as NUL) in header
			// values; its message repeats the value, so it is not kept.
			throw malformed("The Authorization header holds characters that are not allowed");
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
		Enumeration<String> headers;
		try {
			headers = request.getHeaders(HttpHeaders.AUTHORIZATION);
		}
		catch (RequestRejectedException ex) {
			return null;
		}
		if (headers == null || !headers.hasMoreElements()) {
			return null;
		}
		String header;
		try {
			header = headers.nextElement();
			if (headers.hasMoreElements()) {
				return null;
			}
		}
		catch (RequestRejectedException ex) {
			return null;
		}
		if (header == null || header.length() <= BEARER.length() + 1 || !isBearer(header)
				|| header.charAt(BEARER.length()) != ' ') {
			return null;
		}
		String token = header.substring(BEARER.length() + 1);
		return TOKEN.matcher(token).matches() ? token : null;
	}

	private static boolean isBearer(@Nullable String header) {
		if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return false;
		}
		// "Bearer", "Bearer <token>", "Bearer\t..." are the Bearer scheme; "Bearerx" is not
		return header.length() == BEARER.length() || !isTokenChar(header.charAt(BEARER.length()));
	}

	private static boolean isTokenChar(char c) {
		return Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
	}

	private @Nullable String fromCookies(HttpServletRequest request, String name) {
		Cookie[] cookies = request.getCookies();
		if (cookies == null) {
			return null;
		}
		String found = null;
		for (Cookie cookie : cookies) {
			if (!name.equals(cookie.getName()) || !StringUtils.hasLength(cookie.getValue())) {
				continue;
			}
			if (found != null && !same(found, cookie.getValue())) {
				throw new SessionTokenException(TryMellonErrorCode.INVALID_REQUEST,
						"The request has several session cookies with different values");
			}
			found = cookie.getValue();
		}
		return (found != null) ? checked(found) : null;
	}

	private String checked(String token) {
		if (token.length() > this.maxLength) {
			throw malformed("The session token is longer than " + this.maxLength + " characters");
		}
		if (!TOKEN.matcher(token).matches()) {
			throw malformed("The session token contains characters outside the bearer token syntax");
		}
		return token;
	}

	private static boolean same(String a, String b) {
		return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
	}

	private static SessionTokenException malformed(String message) {
		return new SessionTokenException(TryMellonErrorCode.TOKEN_MALFORMED, message);
	}

}
