package dev.trymellon.spring.web.reactive;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import dev.trymellon.spring.authority.ClaimsSessionAuthoritiesMapper;
import dev.trymellon.spring.authority.SessionAuthoritiesMapper;
import dev.trymellon.spring.authority.UserAuthoritiesLookup;
import dev.trymellon.spring.session.SessionTokenVerifier;
import dev.trymellon.spring.web.SessionFactors;
import dev.trymellon.spring.web.SessionTokenAuthenticationToken;
import dev.trymellon.spring.web.TryMellonAuthentication;
import dev.trymellon.spring.web.TryMellonAuthenticationProvider;

import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.util.Assert;

/**
 * Authenticates a {@link SessionTokenAuthenticationToken} exactly as the servlet
 * {@link TryMellonAuthenticationProvider} does (the same verifier, mapper and factors;
 * the result a {@link TryMellonAuthentication} with {@code FACTOR_BEARER}; failures a
 * {@code BadCredentialsException}, an {@code AuthenticationServiceException} or, for a
 * bug, an {@link InternalAuthenticationServiceException}), without blocking the event
 * loop:
 * <ul>
 * <li>verification runs on the subscribing thread (the event loop) unless the
 * {@link BlockingVerification} says the token may block, for example because its
 * {@code kid} needs a JWKS fetch; those tokens are verified on the
 * {@link #setScheduler(Scheduler) scheduler}, where concurrent ones share the key
 * source's single fetch;</li>
 * <li>the authorities mapper is called off the event loop unless it is known not to
 * block ({@link #setAuthoritiesMapperBlocking(boolean)}; by default only a
 * {@link ClaimsSessionAuthoritiesMapper} is known not to): a
 * {@link UserAuthoritiesLookup} is the application's code and may query a database.</li>
 * </ul>
 * Tokens of other types are not supported: the answer is empty.
 *
 * @author TryMellon
 * @since 0.2.0
 */
public final class TryMellonReactiveAuthenticationManager implements ReactiveAuthenticationManager {

	private static final Log logger = LogFactory.getLog(TryMellonReactiveAuthenticationManager.class);

	private final TryMellonAuthenticationProvider provider;

	private BlockingVerification blockingVerification;

	private boolean authoritiesMapperBlocking;

	private Scheduler scheduler = Schedulers.boundedElastic();

	private @Nullable AuthenticationEventPublisher eventPublisher;

	/**
	 * Creates a manager. Which tokens are verified off the event loop is
	 * {@link BlockingVerification#of(SessionTokenVerifier)}: for the offline verifier,
	 * those that need a key fetch; for any other verifier, every token.
	 * @param verifier verifies the raw token
	 * @param authoritiesMapper maps the verified session to authorities
	 */
	public TryMellonReactiveAuthenticationManager(SessionTokenVerifier verifier,
			SessionAuthoritiesMapper authoritiesMapper) {
		this.provider = new TryMellonAuthenticationProvider(verifier, authoritiesMapper);
		this.blockingVerification = BlockingVerification.of(verifier);
		this.authoritiesMapperBlocking = !(authoritiesMapper instanceof ClaimsSessionAuthoritiesMapper);
	}

	@Override
	public Mono<Authentication> authenticate(Authentication authentication) {
		if (!(authentication instanceof SessionTokenAuthenticationToken request)) {
			return Mono.empty();
		}
		Mono<Authentication> result = Mono.fromCallable(() -> this.provider.authenticate(request));
		if (this.authoritiesMapperBlocking || this.blockingVerification.mayBlock(request.getToken())) {
			result = result.subscribeOn(this.scheduler);
		}
		result = result.doOnError(InternalAuthenticationServiceException.class,
				TryMellonReactiveAuthenticationManager::logInternalError);
		AuthenticationEventPublisher publisher = this.eventPublisher;
		if (publisher == null) {
			return result;
		}
		// as the servlet ProviderManager: a success, or the failure with the request
		return result.doOnNext(publisher::publishAuthenticationSuccess)
			.doOnError(AuthenticationException.class, (ex) -> {
				ex.setAuthenticationRequest(request);
				publisher.publishAuthenticationFailure(ex, request);
			});
	}

	/**
	 * An internal error (a bug in the verifier or the mapper), answered with a generic
	 * 500: its message might repeat the token, so only the type and origin of its cause
	 * at ERROR, the full exception at DEBUG.
	 */
	private static void logInternalError(InternalAuthenticationServiceException ex) {
		Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
		String origin = (cause.getStackTrace().length > 0) ? " at " + cause.getStackTrace()[0] : "";
		logger.error("TryMellon session authentication failed with an internal error (" + cause.getClass().getName()
				+ origin + "); the request is refused");
		if (logger.isDebugEnabled()) {
			logger.debug("Internal authentication error", ex);
		}
	}

	/**
	 * Sets which tokens may block while verified; they are verified on the scheduler.
	 * Defaults to {@link BlockingVerification#of(SessionTokenVerifier)}.
	 * @param blockingVerification the predicate
	 */
	public void setBlockingVerification(BlockingVerification blockingVerification) {
		Assert.notNull(blockingVerification, "blockingVerification cannot be null");
		this.blockingVerification = blockingVerification;
	}

	/**
	 * Sets whether the authorities mapper may block, so that authentication runs on the
	 * scheduler. Defaults to {@code false} for a {@link ClaimsSessionAuthoritiesMapper},
	 * {@code true} for any other mapper (such as one asking a
	 * {@link UserAuthoritiesLookup}).
	 * @param authoritiesMapperBlocking whether the mapper may block
	 */
	public void setAuthoritiesMapperBlocking(boolean authoritiesMapperBlocking) {
		this.authoritiesMapperBlocking = authoritiesMapperBlocking;
	}

	/**
	 * Sets the scheduler blocking work runs on. Defaults to
	 * {@link Schedulers#boundedElastic()}.
	 * @param scheduler the scheduler
	 */
	public void setScheduler(Scheduler scheduler) {
		Assert.notNull(scheduler, "scheduler cannot be null");
		this.scheduler = scheduler;
	}

	/**
	 * Sets the publisher of Spring Security's authentication events: an
	 * {@code AuthenticationSuccessEvent} for each verified token, the failure event of the
	 * exception for each refused one ({@code AuthenticationFailureBadCredentialsEvent},
	 * {@code AuthenticationFailureServiceExceptionEvent} with the
	 * {@link DefaultAuthenticationEventPublisher}), as the servlet {@code ProviderManager}
	 * publishes them. They are published on the thread the verification ends on (the
	 * event loop for most tokens): a listener must not block, or must hand its work off
	 * ({@code @Async}). Defaults to none: no events.
	 * @param eventPublisher the publisher, or {@code null} for none
	 */
	public void setAuthenticationEventPublisher(@Nullable AuthenticationEventPublisher eventPublisher) {
		this.eventPublisher = eventPublisher;
	}

	/**
	 * Sets the factors granted besides the mapped authorities. Defaults to
	 * {@link SessionFactors#bearer()}: {@code FACTOR_BEARER}.
	 * @param sessionFactors the factors
	 */
	public void setSessionFactors(SessionFactors sessionFactors) {
		this.provider.setSessionFactors(sessionFactors);
	}

}
