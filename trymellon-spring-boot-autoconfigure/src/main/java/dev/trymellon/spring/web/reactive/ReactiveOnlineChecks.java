package dev.trymellon.spring.web.reactive;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import dev.trymellon.spring.remote.RemoteSessionChecker;
import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.web.SessionTokenAuthenticationToken;
import dev.trymellon.spring.web.TryMellonAuthentication;
import dev.trymellon.spring.web.internal.AuthenticationFailures;

import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;

/**
 * The online check of one exchange, shared by the DSL's web filter and the
 * {@code @TryMellonVerifyOnline} handler adapter, with the servlet side's answers: the
 * exchange must be authenticated by a TryMellon session, and TryMellon's API must confirm
 * the exchange's token for that session's user now. Otherwise the entry point answers
 * ({@code 401} for a refused or missing session, {@code 503} with {@code Retry-After} when
 * the API cannot be asked). The call to the API blocks: it runs on the given scheduler,
 * never on the subscribing thread; a session younger than the maximum age is let through
 * without leaving it.
 */
final class ReactiveOnlineChecks {

	/**
	 * The exchange attribute holding the token the TryMellon authentication filter
	 * authenticated, so that the check confirms that very token.
	 */
	static final String TOKEN_ATTRIBUTE = ReactiveOnlineChecks.class.getName() + ".TOKEN";

	private ReactiveOnlineChecks() {
	}

	/**
	 * Checks the exchange: {@code true} to go on, {@code false} once it was refused and
	 * answered.
	 */
	static Mono<Boolean> check(ServerWebExchange exchange, @Nullable Duration maxAge, RemoteSessionChecker checker,
			ServerAuthenticationConverter converter, ServerAuthenticationEntryPoint entryPoint, Scheduler scheduler) {
		return ReactiveSecurityContextHolder.getContext()
			.mapNotNull(SecurityContext::getAuthentication)
			.ofType(TryMellonAuthentication.class)
			.switchIfEmpty(Mono.defer(() -> refused("This request needs a TryMellon session checked online")))
			.flatMap((authentication) -> confirm(exchange, authentication, maxAge, checker, converter, scheduler))
			.thenReturn(true)
			.onErrorResume(AuthenticationException.class,
					(ex) -> entryPoint.commence(exchange, ex).thenReturn(false));
	}

	private static Mono<Void> confirm(ServerWebExchange exchange, TryMellonAuthentication authentication,
			@Nullable Duration maxAge, RemoteSessionChecker checker, ServerAuthenticationConverter converter,
			Scheduler scheduler) {
		TryMellonSession session = authentication.getSession();
		if (!checker.isOnlineCheckDue(session, maxAge)) {
			return Mono.empty();
		}
		return token(exchange, converter)
			.switchIfEmpty(Mono.defer(() -> refused("No session token to check online in this request")))
			.flatMap((token) -> Mono.<Void>fromRunnable(() -> checker.confirmOnline(token, session, maxAge))
				.subscribeOn(scheduler))
			.onErrorMap(SessionTokenException.class, AuthenticationFailures::of)
			.onErrorMap((ex) -> !(ex instanceof AuthenticationException),
					(ex) -> new InternalAuthenticationServiceException(
							"The online session check failed unexpectedly (" + ex.getClass().getName() + ")", ex));
	}

	/**
	 * The token the TryMellon authentication filter authenticated, else the one the
	 * converter reads (an authentication set up otherwise, such as a test's).
	 */
	private static Mono<String> token(ServerWebExchange exchange, ServerAuthenticationConverter converter) {
		String remembered = exchange.getAttribute(TOKEN_ATTRIBUTE);
		if (remembered != null) {
			return Mono.just(remembered);
		}
		return converter.convert(exchange)
			.ofType(SessionTokenAuthenticationToken.class)
			.map(SessionTokenAuthenticationToken::getToken);
	}

	private static <T> Mono<T> refused(String message) {
		return Mono.error(AuthenticationFailures.of(new SessionTokenException(TryMellonErrorCode.TOKEN_MISSING,
				message)));
	}

	/**
	 * Wraps the converter of TryMellon's authentication filter so that the token it reads
	 * is remembered on the exchange for the online checks.
	 */
	static ServerAuthenticationConverter remembering(ServerAuthenticationConverter converter) {
		return (exchange) -> converter.convert(exchange).doOnNext((authentication) -> {
			if (authentication instanceof SessionTokenAuthenticationToken token) {
				exchange.getAttributes().put(TOKEN_ATTRIBUTE, token.getToken());
			}
		});
	}

}
