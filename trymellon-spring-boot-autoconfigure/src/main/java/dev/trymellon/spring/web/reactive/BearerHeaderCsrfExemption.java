package dev.trymellon.spring.web.reactive;

import java.util.Set;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import dev.trymellon.spring.web.internal.BearerTokenRules;

import org.springframework.http.HttpMethod;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.security.web.server.csrf.CsrfWebFilter;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Runs before the {@link CsrfWebFilter} and exempts from CSRF protection exactly the
 * exchanges whose token the converter takes (the credentials of its
 * {@code SessionTokenAuthenticationToken}) from their single, well-formed
 * {@code Authorization: Bearer <token>} header, which a browser never adds by itself: the
 * servlet side's rule. An exchange whose token comes from a cookie, or whose header only
 * looks like Bearer, or that the converter refuses, keeps CSRF protection. Harmless in a
 * chain without CSRF protection. Exchanges of the methods Spring Security's default CSRF
 * matcher never protects ({@code GET}, {@code HEAD}, {@code TRACE}, {@code OPTIONS}) pass
 * straight through, so their token is read once, by the authentication filter; a chain
 * whose own CSRF matcher protects one of them refuses its Bearer requests (fail closed).
 */
final class BearerHeaderCsrfExemption implements WebFilter {

	private static final Set<HttpMethod> SAFE_METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.TRACE,
			HttpMethod.OPTIONS);

	private final ServerAuthenticationConverter converter;

	BearerHeaderCsrfExemption(ServerAuthenticationConverter converter) {
		this.converter = converter;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (SAFE_METHODS.contains(exchange.getRequest().getMethod())) {
			// what CsrfWebFilter's default matcher never protects: no token read twice
			return chain.filter(exchange);
		}
		String headerToken = TryMellonServerAuthenticationConverter.wellFormedBearerToken(exchange.getRequest());
		if (headerToken == null) {
			return chain.filter(exchange);
		}
		return this.converter.convert(exchange)
			.map((authentication) -> isToken(authentication.getCredentials(), headerToken))
			.onErrorReturn(false)
			.defaultIfEmpty(false)
			.flatMap((exempt) -> {
				if (exempt) {
					CsrfWebFilter.skipExchange(exchange);
				}
				return chain.filter(exchange);
			});
	}

	private static boolean isToken(@Nullable Object credentials, String headerToken) {
		return credentials instanceof String token && BearerTokenRules.same(token, headerToken);
	}

}
