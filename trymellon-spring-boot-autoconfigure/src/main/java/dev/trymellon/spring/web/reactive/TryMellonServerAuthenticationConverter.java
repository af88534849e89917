package dev.trymellon.spring.web.reactive;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.web.DefaultSessionTokenResolver;
import dev.trymellon.spring.web.SessionTokenAuthenticationToken;
import dev.trymellon.spring.web.internal.AuthenticationFailures;
import dev.trymellon.spring.web.internal.BearerTokenRules;

import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.util.Assert;
import org.springframework.util.MultiValueMap;
import org.springframework.util.StringUtils;
import org.springframework.web.server.ServerWebExchange;

/**
 * Reads the session token of an exchange into a {@link SessionTokenAuthenticationToken},
 * by the rules of the servlet {@link DefaultSessionTokenResolver} ({@link BearerTokenRules}):
 * the {@code Authorization} header with the {@code Bearer} scheme and, when a cookie
 * name is set, that cookie; never a query parameter or form field. No token: empty. A
 * malformed token ({@code TOKEN_MALFORMED}) or two different tokens or headers
 * ({@code INVALID_REQUEST}): an error carrying the {@link SessionTokenException}, which
 * the entry point answers with {@code 401} or {@code 400}. Works on the calling thread:
 * nothing blocks.
 *
 * @author TryMellon
 * @since 0.2.0
 */
public final class TryMellonServerAuthenticationConverter implements ServerAuthenticationConverter {

	private @Nullable String cookieName;

	private int maxLength = 8192;

	@Override
	public Mono<Authentication> convert(ServerWebExchange exchange) {
		String token;
		try {
			token = resolve(exchange.getRequest());
		}
		catch (SessionTokenException ex) {
			return Mono.error(AuthenticationFailures.of(ex));
		}
		return (token != null) ? Mono.just(new SessionTokenAuthenticationToken(token)) : Mono.empty();
	}

	/**
	 * Returns the token of the request.
	 * @param request the request
	 * @return the token, or {@code null} when it carries none
	 * @throws SessionTokenException when it carries one in an unacceptable way
	 */
	@Nullable String resolve(ServerHttpRequest request) {
		String headerToken = BearerTokenRules.fromAuthorizationHeaders(authorizationHeaders(request), this.maxLength);
		String cookieToken = (this.cookieName != null) ? fromCookies(request, this.cookieName) : null;
		return BearerTokenRules.either(headerToken, cookieToken);
	}

	private static List<String> authorizationHeaders(ServerHttpRequest request) {
		try {
			List<String> headers = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
			return (headers != null) ? headers : List.of();
		}
		catch (ServerExchangeRejectedException ex) {
			// Spring Security's firewall refuses control characters in header values; its
			// message repeats the value, so it is not kept.
			throw BearerTokenRules.headerCharactersNotAllowed();
		}
	}

	/**
	 * Returns the token of the request's single, well-formed
	 * {@code Authorization: Bearer <token>} header, or {@code null}; never throws.
	 */
	static @Nullable String wellFormedBearerToken(ServerHttpRequest request) {
		try {
			List<String> headers = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
			return (headers != null) ? BearerTokenRules.wellFormedBearerToken(headers) : null;
		}
		catch (ServerExchangeRejectedException ex) {
			return null;
		}
	}

	private @Nullable String fromCookies(ServerHttpRequest request, String name) {
		MultiValueMap<String, HttpCookie> cookies = request.getCookies();
		List<HttpCookie> named = cookies.get(name);
		if (named == null || named.isEmpty()) {
			return null;
		}
		List<String> values = new ArrayList<>(named.size());
		for (HttpCookie cookie : named) {
			if (StringUtils.hasLength(cookie.getValue())) {
				values.add(cookie.getValue());
			}
		}
		return BearerTokenRules.fromCookieValues(values, this.maxLength);
	}

	/**
	 * Sets the name of a cookie that may carry the token besides the header. Defaults to
	 * none: only the header is read.
	 * @param cookieName the cookie name (RFC 6265 token characters), or {@code null}
	 * @throws IllegalArgumentException when the name is not a valid cookie name
	 */
	public void setCookieName(@Nullable String cookieName) {
		String name = (cookieName != null && StringUtils.hasText(cookieName)) ? cookieName.trim() : null;
		Assert.isTrue(name == null || BearerTokenRules.isValidCookieName(name),
				"Not a valid cookie name: use only RFC 6265 token characters (letters, digits and !#$%&'*+-.^_`|~)");
		this.cookieName = name;
	}

	/**
	 * Returns the name of the cookie that may carry the token besides the header.
	 * @return the cookie name, or {@code null} when only the header is read
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

	/**
	 * Returns the longest accepted token.
	 * @return the maximum length
	 */
	public int getMaxLength() {
		return this.maxLength;
	}

}
