package dev.trymellon.spring.web.reactive;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.security.web.server.csrf.CsrfWebFilter;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reactive Bearer-header exemption in front of a real {@link CsrfWebFilter}: only a
 * state-changing exchange whose token the converter took from its Bearer header skips
 * CSRF, and safe methods pass without the token being read.
 */
class ReactiveBearerHeaderCsrfExemptionTests {

	private final AtomicInteger conversions = new AtomicInteger();

	private final TryMellonServerAuthenticationConverter tryMellon = new TryMellonServerAuthenticationConverter();

	private final ServerAuthenticationConverter converter = (exchange) -> {
		this.conversions.incrementAndGet();
		return this.tryMellon.convert(exchange);
	};

	@ParameterizedTest
	@ValueSource(strings = { "GET", "HEAD", "TRACE", "OPTIONS" })
	void safeMethodsPassWithoutReadingTheToken(String method) {
		assertThat(run(HttpMethod.valueOf(method), "Bearer abc.def.ghi")).isEqualTo("reached");
		assertThat(this.conversions).hasValue(0);
	}

	@ParameterizedTest
	@CsvSource({ "POST,Bearer abc.def.ghi,reached", "DELETE,Bearer abc.def.ghi,reached",
			"POST,Basic dXNlcjpwYXNz,403 FORBIDDEN", "POST,Bearer not a token,403 FORBIDDEN" })
	void stateChangingExchangesSkipCsrfOnlyForAWellFormedBearerHeader(String method, String authorization,
			String outcome) {
		assertThat(run(HttpMethod.valueOf(method), authorization)).isEqualTo(outcome);
	}

	private String run(HttpMethod method, String authorization) {
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.method(method, "/api/notes").header(HttpHeaders.AUTHORIZATION, authorization));
		StringBuilder outcome = new StringBuilder();
		WebFilterChain end = (reached) -> {
			outcome.append("reached");
			return Mono.empty();
		};
		CsrfWebFilter csrf = new CsrfWebFilter();
		WebFilterChain toCsrf = (ServerWebExchange next) -> csrf.filter(next, end);
		new BearerHeaderCsrfExemption(this.converter).filter(exchange, toCsrf).block();
		HttpStatus status = (HttpStatus) exchange.getResponse().getStatusCode();
		return (outcome.length() > 0) ? outcome.toString() : String.valueOf(status);
	}

}
