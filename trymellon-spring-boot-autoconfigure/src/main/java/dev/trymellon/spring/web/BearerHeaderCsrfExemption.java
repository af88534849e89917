package dev.trymellon.spring.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The requests {@link TryMellonConfigurer} exempts from CSRF protection: exactly those
 * whose token is taken from their single, well-formed {@code Authorization: Bearer}
 * header, which a browser never adds by itself.
 */
final class BearerHeaderCsrfExemption {

	private BearerHeaderCsrfExemption() {
	}

	/**
	 * The matcher of the exempt requests of a chain reading tokens with the resolver.
	 */
	static RequestMatcher matcher(SessionTokenResolver resolver) {
		return (request) -> isBearerHeaderToken(request, resolver);
	}

	/**
	 * Whether the token the resolver takes from the request is the one of its single,
	 * well-formed {@code Authorization: Bearer} header, so that the request needs no CSRF
	 * token. A header that only starts with {@code Bearer}, or a resolver that refuses
	 * the request or answers another token (from a cookie), leaves CSRF protection on.
	 */
	static boolean isBearerHeaderToken(HttpServletRequest request, SessionTokenResolver resolver) {
		String headerToken = DefaultSessionTokenResolver.wellFormedBearerToken(request);
		if (headerToken == null) {
			return false;
		}
		String token;
		try {
			token = resolver.resolve(request);
		}
		catch (RuntimeException ex) {
			// not exempt; the filter answers the refusal once CSRF protection lets it through
			return false;
		}
		return token != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
				headerToken.getBytes(StandardCharsets.UTF_8));
	}

}
