package dev.trymellon.spring.web.reactive;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import dev.trymellon.spring.authority.ClaimsSessionAuthoritiesMapper;
import dev.trymellon.spring.authority.SessionAuthoritiesMapper;
import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.SessionTokenVerifier;
import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.web.SessionTokenAuthenticationToken;
import dev.trymellon.spring.web.TryMellonAuthentication;

import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reactive manager authenticates as the servlet provider does, and leaves the calling
 * thread exactly when the verification or the mapper may block.
 */
class TryMellonReactiveAuthenticationManagerTests {

	private final Scheduler offload = Schedulers.newSingle("offload");

	private final AtomicReference<String> verifiedOn = new AtomicReference<>();

	private final SessionTokenVerifier verifier = (token) -> {
		this.verifiedOn.set(Thread.currentThread().getName());
		if (token.equals("down")) {
			throw new SessionTokenException(TryMellonErrorCode.KEYS_UNAVAILABLE, "test");
		}
		if (token.equals("bad")) {
			throw new SessionTokenException(TryMellonErrorCode.SIGNATURE_INVALID, "test");
		}
		return TryMellonSession.builder("user_1").build();
	};

	@AfterEach
	void dispose() {
		this.offload.dispose();
	}

	@Test
	void authenticateWhenValidThenTryMellonAuthenticationWithMappedAuthoritiesAndBearerFactor() {
		SessionAuthoritiesMapper mapper = (session) -> List.of(new SimpleGrantedAuthority("ROLE_USER"));
		TryMellonReactiveAuthenticationManager manager = new TryMellonReactiveAuthenticationManager(this.verifier,
				mapper);
		StepVerifier.create(manager.authenticate(new SessionTokenAuthenticationToken("good")))
			.assertNext((authentication) -> {
				assertThat(authentication).isInstanceOf(TryMellonAuthentication.class);
				assertThat(authentication.getName()).isEqualTo("user_1");
				assertThat(authentication.getAuthorities()).extracting(GrantedAuthority::getAuthority)
					.containsExactly("ROLE_USER", "FACTOR_BEARER");
			})
			.verifyComplete();
	}

	@Test
	void authenticateWhenBadTokenThenBadCredentialsWithTheCode() {
		TryMellonReactiveAuthenticationManager manager = claimsManager();
		manager.setBlockingVerification(BlockingVerification.never());
		StepVerifier.create(manager.authenticate(new SessionTokenAuthenticationToken("bad")))
			.expectErrorSatisfies((ex) -> {
				assertThat(ex).isInstanceOf(BadCredentialsException.class);
				assertThat(((SessionTokenException) ex.getCause()).getErrorCode())
					.isEqualTo(TryMellonErrorCode.SIGNATURE_INVALID);
			})
			.verify();
	}

	@Test
	void authenticateWhenKeysUnavailableThenAuthenticationServiceException() {
		TryMellonReactiveAuthenticationManager manager = claimsManager();
		StepVerifier.create(manager.authenticate(new SessionTokenAuthenticationToken("down")))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(AuthenticationServiceException.class)
				.isNotInstanceOf(InternalAuthenticationServiceException.class))
			.verify();
	}

	@Test
	void authenticateWhenMapperFailsThenInternalErrorNeverAuthenticated() {
		TryMellonReactiveAuthenticationManager manager = new TryMellonReactiveAuthenticationManager(this.verifier,
				(session) -> {
					throw new IllegalStateException("database down");
				});
		StepVerifier.create(manager.authenticate(new SessionTokenAuthenticationToken("good")))
			.expectError(InternalAuthenticationServiceException.class)
			.verify();
	}

	@Test
	void authenticateWhenOtherTokenTypeThenEmpty() {
		StepVerifier.create(claimsManager().authenticate(new TestingAuthenticationToken("u", "p"))).verifyComplete();
	}

	@Test
	void authenticateWhenVerificationCannotBlockThenOnTheCallingThread() {
		TryMellonReactiveAuthenticationManager manager = claimsManager();
		manager.setBlockingVerification(BlockingVerification.never());
		manager.authenticate(new SessionTokenAuthenticationToken("good")).block();
		assertThat(this.verifiedOn.get()).isEqualTo(Thread.currentThread().getName());
	}

	@Test
	void authenticateWhenVerificationMayBlockThenOnTheScheduler() {
		TryMellonReactiveAuthenticationManager manager = claimsManager();
		manager.setBlockingVerification((token) -> token.equals("good"));
		manager.authenticate(new SessionTokenAuthenticationToken("good")).block();
		assertThat(this.verifiedOn.get()).startsWith("offload");
	}

	@Test
	void authenticateWhenUnknownVerifierThenOffloadedByDefault() {
		claimsManager().authenticate(new SessionTokenAuthenticationToken("good")).block();
		assertThat(this.verifiedOn.get()).startsWith("offload");
	}

	@Test
	void authenticateWhenMapperIsNotTheClaimsMapperThenOffloadedEvenForACpuOnlyVerification() {
		AtomicReference<String> mappedOn = new AtomicReference<>();
		TryMellonReactiveAuthenticationManager manager = new TryMellonReactiveAuthenticationManager(this.verifier,
				(session) -> {
					mappedOn.set(Thread.currentThread().getName());
					return List.of();
				});
		manager.setBlockingVerification(BlockingVerification.never());
		manager.setScheduler(this.offload);
		manager.authenticate(new SessionTokenAuthenticationToken("good")).block();
		assertThat(mappedOn.get()).startsWith("offload");
		manager.setAuthoritiesMapperBlocking(false);
		manager.authenticate(new SessionTokenAuthenticationToken("good")).block();
		assertThat(mappedOn.get()).isEqualTo(Thread.currentThread().getName());
	}

	@Test
	void eventsWhenPublisherSetThenSuccessAndEachFailureAsTheServletProviderManagerPublishesThem() {
		List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
		TryMellonReactiveAuthenticationManager manager = claimsManager();
		manager.setBlockingVerification(BlockingVerification.never());
		manager.setAuthenticationEventPublisher(new AuthenticationEventPublisher() {

			@Override
			public void publishAuthenticationSuccess(Authentication authentication) {
				events.add("success " + authentication.getName());
			}

			@Override
			public void publishAuthenticationFailure(AuthenticationException exception, Authentication authentication) {
				events.add("failure " + exception.getClass().getSimpleName() + " "
						+ ((SessionTokenException) exception.getCause()).getErrorCode() + " "
						+ ((SessionTokenAuthenticationToken) authentication).getToken() + " "
						+ (exception.getAuthenticationRequest() == authentication));
			}

		});
		StepVerifier.create(manager.authenticate(new SessionTokenAuthenticationToken("good")))
			.expectNextCount(1)
			.verifyComplete();
		StepVerifier.create(manager.authenticate(new SessionTokenAuthenticationToken("bad")))
			.expectError(BadCredentialsException.class)
			.verify();
		StepVerifier.create(manager.authenticate(new SessionTokenAuthenticationToken("down")))
			.expectError(AuthenticationServiceException.class)
			.verify();
		assertThat(events).containsExactly("success user_1", "failure BadCredentialsException SIGNATURE_INVALID bad true",
				"failure AuthenticationServiceException KEYS_UNAVAILABLE down true");
	}

	@Test
	void eventsWhenNoPublisherThenNone() {
		TryMellonReactiveAuthenticationManager manager = claimsManager();
		manager.setAuthenticationEventPublisher(null);
		StepVerifier.create(manager.authenticate(new SessionTokenAuthenticationToken("good")))
			.expectNextCount(1)
			.verifyComplete();
	}

	private TryMellonReactiveAuthenticationManager claimsManager() {
		TryMellonReactiveAuthenticationManager manager = new TryMellonReactiveAuthenticationManager(this.verifier,
				new ClaimsSessionAuthoritiesMapper());
		manager.setScheduler(this.offload);
		return manager;
	}

}
