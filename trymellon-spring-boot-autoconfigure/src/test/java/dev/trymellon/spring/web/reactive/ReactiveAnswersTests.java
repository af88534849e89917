package dev.trymellon.spring.web.reactive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.servlet.ServletException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.web.TryMellonAccessDeniedHandler;
import dev.trymellon.spring.web.TryMellonAuthenticationEntryPoint;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reactive entry point and access-denied handler give byte for byte the servlet
 * side's answers: status, challenge or Retry-After, content type, Cache-Control and body.
 */
class ReactiveAnswersTests {

	@ParameterizedTest
	@EnumSource(TryMellonErrorCode.class)
	void entryPointWhenAnyCodeThenSameAnswerAsServlet(TryMellonErrorCode code) throws Exception {
		SessionTokenException cause = new SessionTokenException(code, "test");
		AuthenticationException ex = code.isServiceUnavailable() ? new AuthenticationServiceException("x", cause)
				: new BadCredentialsException("x", cause);
		assertSameAnswer(ex);
	}

	@Test
	void entryPointWhenNoTokenThenSameAnswerAsServlet() throws Exception {
		assertSameAnswer(new InsufficientAuthenticationException("Full authentication is required"));
	}

	@Test
	void entryPointWhenInternalErrorThenSameGeneric500() throws Exception {
		MockServerHttpResponse reactive = assertSameAnswer(
				new InternalAuthenticationServiceException("bug", new IllegalStateException("boom")));
		assertThat(reactive.getStatusCode().value()).isEqualTo(500);
		assertThat(reactive.getBodyAsString().block()).doesNotContain("code").doesNotContain("boom");
	}

	@Test
	void entryPointWhenRetryAfterSetThenUsed() {
		TryMellonServerAuthenticationEntryPoint entryPoint = new TryMellonServerAuthenticationEntryPoint();
		entryPoint.setRetryAfter(Duration.ofMinutes(2));
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/"));
		entryPoint.commence(exchange, new AuthenticationServiceException("x",
				new SessionTokenException(TryMellonErrorCode.KEYS_UNAVAILABLE, "test"))).block();
		assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(503);
		assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("120");
		assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isNull();
	}

	@Test
	void accessDeniedHandlerThenSameAnswerAsServlet() throws Exception {
		MockHttpServletResponse servlet = new MockHttpServletResponse();
		new TryMellonAccessDeniedHandler().handle(new MockHttpServletRequest(), servlet,
				new AccessDeniedException("denied"));
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/"));
		new TryMellonServerAccessDeniedHandler().handle(exchange, new AccessDeniedException("denied")).block();
		assertSame(servlet, exchange.getResponse());
		assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE))
			.isEqualTo("Bearer error=\"insufficient_scope\", error_description=\"FORBIDDEN\"");
	}

	@Test
	void accessDeniedHandlerWhenCsrfThenSameAnswerAsServletWithoutChallenge() throws Exception {
		MockHttpServletResponse servlet = new MockHttpServletResponse();
		new TryMellonAccessDeniedHandler().handle(new MockHttpServletRequest(), servlet,
				new org.springframework.security.web.csrf.InvalidCsrfTokenException(
						new org.springframework.security.web.csrf.DefaultCsrfToken("X", "_csrf", "a"), "b"));
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/"));
		new TryMellonServerAccessDeniedHandler()
			.handle(exchange, new org.springframework.security.web.server.csrf.CsrfException("Invalid CSRF Token"))
			.block();
		assertSame(servlet, exchange.getResponse());
		assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isNull();
		assertThat(exchange.getResponse().getBodyAsString().block()).contains("The CSRF token is missing or invalid.");
	}

	private static MockServerHttpResponse assertSameAnswer(AuthenticationException ex)
			throws IOException, ServletException {
		MockHttpServletResponse servlet = new MockHttpServletResponse();
		new TryMellonAuthenticationEntryPoint().commence(new MockHttpServletRequest(), servlet, ex);
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/"));
		new TryMellonServerAuthenticationEntryPoint().commence(exchange, ex).block();
		assertSame(servlet, exchange.getResponse());
		return exchange.getResponse();
	}

	private static void assertSame(MockHttpServletResponse servlet, MockServerHttpResponse reactive) {
		assertThat(reactive.getStatusCode().value()).isEqualTo(servlet.getStatus());
		HttpHeaders headers = reactive.getHeaders();
		assertThat(headers.getFirst(HttpHeaders.WWW_AUTHENTICATE))
			.isEqualTo(servlet.getHeader(HttpHeaders.WWW_AUTHENTICATE));
		assertThat(headers.getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo(servlet.getHeader(HttpHeaders.RETRY_AFTER));
		assertThat(headers.getFirst(HttpHeaders.CACHE_CONTROL)).isEqualTo(servlet.getHeader(HttpHeaders.CACHE_CONTROL))
			.isEqualTo("no-store");
		assertThat(headers.getFirst(HttpHeaders.CONTENT_TYPE)).isEqualTo(servlet.getContentType())
			.isEqualTo("application/problem+json");
		assertThat(headers.getContentLength()).isEqualTo(servlet.getContentLength());
		byte[] body = reactive.getBodyAsString().map((text) -> text.getBytes(StandardCharsets.UTF_8)).block();
		assertThat(body).isEqualTo(servlet.getContentAsByteArray());
	}

}
