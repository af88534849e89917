package dev.trymellon.spring.web.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.TryMellonErrorCode;

/**
 * The rules by which a session token is taken from a request's {@code Authorization}
 * header values (RFC 6750 section 2.1, the {@code Bearer} scheme in any case) and its
 * cookie values, on both stacks, which only gather the values:
 * <ul>
 * <li>another scheme ({@code Basic ...}) is ignored: the request carries no token;</li>
 * <li>{@code Bearer} without a token, with extra spaces, with characters outside the
 * RFC 6750 {@code b64token} syntax, or longer than the maximum length:
 * {@code TOKEN_MALFORMED};</li>
 * <li>two {@code Authorization} headers, two cookies with different values, or a header
 * and a cookie carrying different tokens: {@code INVALID_REQUEST}.</li>
 * </ul>
 * Tokens are compared in constant time.
 *
 * @author TryMellon
 * @since 0.2.0
 */
public final class BearerTokenRules {

	private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

	private static final Pattern COOKIE_NAME = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");

	private static final String BEARER = "bearer";

	private BearerTokenRules() {
	}

	/**
	 * Whether the name is a valid cookie name (RFC 6265 token characters).
	 * @param name the name
	 * @return {@code true} when valid
	 */
	public static boolean isValidCookieName(String name) {
		return COOKIE_NAME.matcher(name).matches();
	}

	/**
	 * Returns the token of the request's {@code Authorization} header.
	 * @param headers the values of every {@code Authorization} header, in order
	 * @param maxLength the longest accepted token
	 * @return the token, or {@code null} when there is no header or another scheme
	 * @throws SessionTokenException {@code INVALID_REQUEST} for more than one header,
	 * {@code TOKEN_MALFORMED} for Bearer credentials that are not a single well-formed
	 * token
	 */
	public static @Nullable String fromAuthorizationHeaders(List<String> headers, int maxLength) {
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
		return checked(header.substring(BEARER.length() + 1), maxLength);
	}

	/**
	 * Returns the token of the session cookies; empty values are ignored.
	 * @param values the values of every cookie of the session cookie's name, in order
	 * @param maxLength the longest accepted token
	 * @return the token, or {@code null} when no such cookie has a value
	 * @throws SessionTokenException {@code INVALID_REQUEST} for cookies with different
	 * values, {@code TOKEN_MALFORMED} for a value that is not a well-formed token
	 */
	public static @Nullable String fromCookieValues(List<String> values, int maxLength) {
		String found = null;
		for (String value : values) {
			if (value == null || value.isEmpty()) {
				continue;
			}
			if (found != null && !same(found, value)) {
				throw new SessionTokenException(TryMellonErrorCode.INVALID_REQUEST,
						"The request has several session cookies with different values");
			}
			found = value;
		}
		return (found != null) ? checked(found, maxLength) : null;
	}

	/**
	 * Returns the request's token from the header's and the cookie's.
	 * @param headerToken the header's token, or {@code null}
	 * @param cookieToken the cookie's token, or {@code null}
	 * @return the token, or {@code null} when neither carries one
	 * @throws SessionTokenException {@code INVALID_REQUEST} when both carry different
	 * tokens
	 */
	public static @Nullable String either(@Nullable String headerToken, @Nullable String cookieToken) {
		if (headerToken != null && cookieToken != null && !same(headerToken, cookieToken)) {
			throw new SessionTokenException(TryMellonErrorCode.INVALID_REQUEST,
					"The Authorization header and the session cookie carry different tokens");
		}
		return (headerToken != null) ? headerToken : cookieToken;
	}

	/**
	 * Returns the token of the request's single, well-formed
	 * {@code Authorization: Bearer <token>} header (scheme in any case, one space, a
	 * {@code b64token}), or {@code null} when the request has no such header. Never
	 * throws: it only tells whether the header could be where a token came from.
	 * @param headers the values of every {@code Authorization} header
	 * @return the header's token, or {@code null}
	 */
	public static @Nullable String wellFormedBearerToken(List<String> headers) {
		if (headers.size() != 1) {
			return null;
		}
		String header = headers.get(0);
		if (header == null || header.length() <= BEARER.length() + 1 || !isBearer(header)
				|| header.charAt(BEARER.length()) != ' ') {
			return null;
		}
		String token = header.substring(BEARER.length() + 1);
		return TOKEN.matcher(token).matches() ? token : null;
	}

	/**
	 * Whether both tokens are the same, compared in constant time.
	 * @param a a token
	 * @param b another token
	 * @return {@code true} when equal
	 */
	public static boolean same(String a, String b) {
		return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The refusal of a header value that holds characters the web stack's firewall does
	 * not allow (such as NUL); the firewall's message repeats the value, so it is not kept.
	 * @return a {@code TOKEN_MALFORMED} refusal
	 */
	public static SessionTokenException headerCharactersNotAllowed() {
		return malformed("The Authorization header holds characters that are not allowed");
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

	private static String checked(String token, int maxLength) {
		if (token.length() > maxLength) {
			throw malformed("The session token is longer than " + maxLength + " characters");
		}
		if (!TOKEN.matcher(token).matches()) {
			throw malformed("The session token contains characters outside the bearer token syntax");
		}
		return token;
	}

	private static SessionTokenException malformed(String message) {
		return new SessionTokenException(TryMellonErrorCode.TOKEN_MALFORMED, message);
	}

}
