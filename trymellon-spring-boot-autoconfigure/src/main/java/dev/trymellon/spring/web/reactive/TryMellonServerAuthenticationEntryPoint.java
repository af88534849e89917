package dev.trymellon.spring.web.reactive;

import java.time.Duration;

import reactor.core.publisher.Mono;

import dev.trymellon.spring.web.TryMellonAuthenticationEntryPoint;
import dev.trymellon.spring.web.internal.AuthenticationFailureAnswers;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.web.server.ServerWebExchange;

/**
 * Answers exchanges that are not authenticated exactly as the servlet
 * {@link TryMellonAuthenticationEntryPoint} does: {@code 401} with
 * {@code WWW-Authenticate: Bearer} for no token, {@code 401} with
 * {@code error="invalid_token"} for a bad one, {@code 400} with
 * {@code error="invalid_request"} for two tokens, {@code 503} with {@code Retry-After}
 * when the token could not be checked, a generic {@code 500} for an internal failure;
 * always an RFC 9457 {@code application/problem+json} body whose {@code code} is the
 * TryMellon error code. The token is never echoed.
 *
 * @author TryMellon
 * @since 0.2.0
 */
public final class TryMellonServerAuthenticationEntryPoint implements ServerAuthenticationEntryPoint {

	private final AuthenticationFailureAnswers answers = new AuthenticationFailureAnswers();

	/**
	 * Sets the {@code Retry-After} of {@code 503} answers. Defaults to 30 seconds.
	 * @param retryAfter the delay, at least one second
	 */
	public void setRetryAfter(Duration retryAfter) {
		this.answers.setRetryAfter(retryAfter);
	}

	@Override
	public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException ex) {
		return ServerErrorResponses.write(exchange.getResponse(), this.answers.answer(ex));
	}

}
