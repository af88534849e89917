package dev.trymellon.spring.web.reactive;

import reactor.core.publisher.Mono;

import dev.trymellon.spring.web.TryMellonAccessDeniedHandler;
import dev.trymellon.spring.web.internal.ErrorAnswer;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.csrf.CsrfException;
import org.springframework.web.server.ServerWebExchange;

/**
 * Answers authenticated exchanges that are refused exactly as the servlet
 * {@link TryMellonAccessDeniedHandler} does: {@code 403}, code {@code FORBIDDEN}, with
 * {@code WWW-Authenticate: Bearer error="insufficient_scope"} when the session lacks an
 * authority, without it for a missing or invalid CSRF token.
 *
 * @author TryMellon
 * @since 0.2.0
 */
public final class TryMellonServerAccessDeniedHandler implements ServerAccessDeniedHandler {

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
		return ServerErrorResponses.write(exchange.getResponse(),
				ErrorAnswer.forAccessDenied(denied instanceof CsrfException));
	}

}
