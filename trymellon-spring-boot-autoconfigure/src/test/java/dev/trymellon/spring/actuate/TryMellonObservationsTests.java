package dev.trymellon.spring.actuate;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.observation.tck.TestObservationRegistry;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.trymellon.spring.redis.RedisRevocationStore;
import dev.trymellon.spring.redis.RedisTestSupport;
import dev.trymellon.spring.revocation.InMemoryRevocationStore;
import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.session.offline.JwksKeySource;
import dev.trymellon.spring.testfixtures.TestTokens;
import dev.trymellon.spring.webhook.DeliveryResult;
import dev.trymellon.spring.webhook.InMemoryProcessedEventStore;
import dev.trymellon.spring.webhook.TestWebhookSigner;
import dev.trymellon.spring.webhook.TryMellonWebhookReceiver;
import dev.trymellon.spring.webhook.WebhookHeaders;
import dev.trymellon.spring.webhook.WebhookSignatureVerifier;
import dev.trymellon.spring.web.SessionTokenAuthenticationToken;
import dev.trymellon.spring.web.TryMellonAuthenticationProvider;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ObservationAuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.core.authority.AuthorityUtils;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The observation names and low-cardinality keys of the JWKS fetch, the webhook
 * delivery, the Redis revocation publish and resync, and the TryMellon error code on
 * Spring Security's authentication observation; never an id, a token or a secret.
 */
class TryMellonObservationsTests {

	private static final String SECRET = "whsec_observation_test_secret_0123456789";

	private final TestObservationRegistry registry = TestObservationRegistry.create();

	private final MockWebServer server = new MockWebServer();

	private final AtomicReference<MockResponse> response = new AtomicReference<>(
			new MockResponse.Builder().code(200).body(TestTokens.jwks(TestTokens.KEY)).build());

	@BeforeEach
	void startServer() throws IOException {
		this.server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return TryMellonObservationsTests.this.response.get();
			}
		});
		this.server.start(InetAddress.getByName("127.0.0.1"), 0);
	}

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void jwksFetchWhenSucceedsThenObservedAsSuccessfulRefresh() {
		try (JwksKeySource keys = keySource()) {
			assertThat(keys.refreshNow()).isTrue();
		}
		assertThat(this.registry).hasNumberOfObservationsWithNameEqualTo(JwksFetchObservations.NAME, 1)
			.hasObservationWithNameEqualTo(JwksFetchObservations.NAME)
			.that()
			.hasBeenStarted()
			.hasBeenStopped()
			.hasLowCardinalityKeyValue("trigger", "refresh")
			.hasLowCardinalityKeyValue("outcome", "success")
			.hasHighCardinalityKeyValue("trymellon.jwks.uri", this.server.url("/jwks").toString())
			.doesNotHaveError();
	}

	@Test
	void jwksFetchWhenHttpErrorThenObservedAsFailureWithTheError() {
		this.response.set(new MockResponse.Builder().code(503).build());
		try (JwksKeySource keys = keySource()) {
			assertThat(keys.refreshNow()).isFalse();
		}
		assertThat(this.registry).hasObservationWithNameEqualTo(JwksFetchObservations.NAME)
			.that()
			.hasBeenStopped()
			.hasLowCardinalityKeyValue("outcome", "failure")
			.assertThatError()
			.isNotNull();
	}

	@Test
	void jwksFetchWhenATokenNamesAnUnknownKidThenObservedAsOnDemand() {
		try (JwksKeySource keys = keySource()) {
			dev.trymellon.spring.session.offline.OfflineSessionTokenVerifier verifier = dev.trymellon.spring.session.offline.OfflineSessionTokenVerifier
				.withKeys(keys)
				.issuer(TestTokens.ISSUER)
				.audiences(List.of(TestTokens.CLIENT_ID))
				.build();
			assertThat(verifier.verify(TestTokens.token(Instant.now())).getUserId()).isEqualTo("user_123");
		}
		assertThat(this.registry).hasObservationWithNameEqualTo(JwksFetchObservations.NAME)
			.that()
			.hasLowCardinalityKeyValue("trigger", "on_demand")
			.hasLowCardinalityKeyValue("outcome", "success");
	}

	@Test
	void webhookDeliveryWhenAcceptedOrRejectedThenOutcomeAndReasonWithoutIds() {
		TryMellonWebhookReceiver receiver = TryMellonWebhookReceiver
			.builder(new WebhookSignatureVerifier(List.of(SECRET)), new InMemoryProcessedEventStore(), (event) -> {
			})
			.observer(new WebhookDeliveryObservations(this.registry))
			.build();
		byte[] body = ("{\"id\":\"evt_secret_id\",\"type\":\"user.locked\",\"created_at\":\"" + Instant.now()
				+ "\",\"data\":{\"user_id\":\"usr_private\"}}")
			.getBytes(StandardCharsets.UTF_8);
		assertThat(receiver.receive(headers(TestWebhookSigner.sign(SECRET, body)), body))
			.isEqualTo(DeliveryResult.ACCEPTED);
		assertThat(this.registry).hasSingleObservationThat()
			.hasNameEqualTo(WebhookDeliveryObservations.NAME)
			.hasBeenStopped()
			.hasLowCardinalityKeyValue("outcome", "accepted")
			.hasLowCardinalityKeyValue("reason", "none")
			.satisfies((context) -> assertThat(context.getAllKeyValues().toString()).doesNotContain("evt_secret_id")
				.doesNotContain("usr_private"));
		this.registry.clear();
		assertThat(receiver.receive(headers("0".repeat(64)), body)).isEqualTo(DeliveryResult.SIGNATURE_INVALID);
		assertThat(this.registry).hasSingleObservationThat()
			.hasLowCardinalityKeyValue("outcome", "rejected")
			.hasLowCardinalityKeyValue("reason", "signature_invalid");
		this.registry.clear();
		assertThat(receiver.checkHeaders((name) -> List.of())).isEqualTo(DeliveryResult.SIGNATURE_MISSING);
		assertThat(receiver.reject(DeliveryResult.METHOD_NOT_ALLOWED)).isEqualTo(DeliveryResult.METHOD_NOT_ALLOWED);
		assertThat(this.registry).hasNumberOfObservationsWithNameEqualTo(WebhookDeliveryObservations.NAME, 2)
			.hasAnObservationWithAKeyValue("reason", "signature_missing")
			.hasAnObservationWithAKeyValue("reason", "method_not_allowed");
	}

	@Test
	void webhookDeliveryWhenDuplicateThenObservedAsDuplicate() {
		TryMellonWebhookReceiver receiver = TryMellonWebhookReceiver
			.builder(new WebhookSignatureVerifier(List.of(SECRET)), new InMemoryProcessedEventStore(), (event) -> {
			})
			.observer(new WebhookDeliveryObservations(this.registry))
			.build();
		byte[] body = ("{\"id\":\"evt_dup\",\"type\":\"user.locked\",\"created_at\":\"" + Instant.now()
				+ "\",\"data\":{\"user_id\":\"usr_1\"}}")
			.getBytes(StandardCharsets.UTF_8);
		receiver.receive(headers(TestWebhookSigner.sign(SECRET, body)), body);
		this.registry.clear();
		assertThat(receiver.receive(headers(TestWebhookSigner.sign(SECRET, body)), body))
			.isEqualTo(DeliveryResult.DUPLICATE);
		assertThat(this.registry).hasSingleObservationThat()
			.hasLowCardinalityKeyValue("outcome", "duplicate")
			.hasLowCardinalityKeyValue("reason", "already_processed");
	}

	@Test
	void webhookDeliveryWhenTheReceiverThrowsThenObservedAsFailedWithTheErrorAndRethrown() {
		WebhookDeliveryObservations observations = new WebhookDeliveryObservations(this.registry);
		IllegalStateException failure = new IllegalStateException("receiver bug");
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> observations.observe(() -> {
			throw failure;
		})).isSameAs(failure);
		assertThat(this.registry).hasSingleObservationThat()
			.hasNameEqualTo(WebhookDeliveryObservations.NAME)
			.hasBeenStopped()
			.hasLowCardinalityKeyValue("outcome", "failed")
			.hasLowCardinalityKeyValue("reason", "exception")
			.assertThatError()
			.isSameAs(failure);
	}

	@Test
	void revocationPublishWhenRedisUnreachableThenObservedAsFailure() {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", TestTokens.unreachableJwksUri().getPort()));
		factory.afterPropertiesSet();
		factory.start();
		try {
			RedisRevocationStore store = new RedisRevocationStore(factory, new InMemoryRevocationStore(),
					"trymellon-test:observed:", Clock.systemUTC());
			store.setObserver(new RevocationSyncObservations(this.registry));
			assertThatException().isThrownBy(() -> store.revokeUser("usr_1", Instant.now(), Instant.now().plusSeconds(60)));
			assertThat(this.registry).hasSingleObservationThat()
				.hasNameEqualTo(RevocationSyncObservations.PUBLISH)
				.hasBeenStopped()
				.hasLowCardinalityKeyValue("outcome", "failure")
				.satisfies((context) -> assertThat(context.getAllKeyValues().toString()).doesNotContain("usr_1"));
		}
		finally {
			factory.destroy();
		}
	}

	@Test
	void revocationPublishAndResyncWhenRedisReachableThenObservedAsSuccess() {
		LettuceConnectionFactory factory = RedisTestSupport.connect();
		String prefix = RedisTestSupport.uniquePrefix();
		RedisRevocationStore store = new RedisRevocationStore(factory, new InMemoryRevocationStore(), prefix,
				Clock.systemUTC());
		store.setObserver(new RevocationSyncObservations(this.registry));
		try {
			store.start();
			store.revokeSession("ses_1", Instant.now().plusSeconds(60));
			assertThat(this.registry).hasObservationWithNameEqualTo(RevocationSyncObservations.RESYNC)
				.that()
				.hasLowCardinalityKeyValue("outcome", "success")
				.hasHighCardinalityKeyValue("trymellon.revocations", "0");
			assertThat(this.registry).hasObservationWithNameEqualTo(RevocationSyncObservations.PUBLISH)
				.that()
				.hasBeenStopped()
				.hasLowCardinalityKeyValue("outcome", "success")
				.satisfies((context) -> assertThat(context.getAllKeyValues().toString()).doesNotContain("ses_1"));
		}
		finally {
			store.stop();
			RedisTestSupport.deleteKeys(factory, prefix);
			factory.destroy();
		}
	}

	@Test
	void authenticationObservationWhenTokenRefusedThenCarriesTheErrorCode() {
		this.registry.observationConfig().observationFilter(new AuthenticationErrorCodeObservationFilter());
		AuthenticationManager manager = new ObservationAuthenticationManager(this.registry,
				new ProviderManager(new TryMellonAuthenticationProvider((token) -> {
					if (token.equals("good")) {
						return TryMellonSession.builder("usr_1").issuedAt(Instant.now())
							.expiresAt(Instant.now().plusSeconds(60)).build();
					}
					throw new SessionTokenException(TryMellonErrorCode.AUDIENCE_MISMATCH, "refused");
				}, (session) -> AuthorityUtils.NO_AUTHORITIES)));
		assertThatExceptionOfType(BadCredentialsException.class)
			.isThrownBy(() -> manager.authenticate(new SessionTokenAuthenticationToken("bad")));
		assertThat(this.registry).hasSingleObservationThat()
			.hasNameEqualTo("spring.security.authentications")
			.hasLowCardinalityKeyValue(AuthenticationErrorCodeObservationFilter.KEY, "AUDIENCE_MISMATCH");
		this.registry.clear();
		assertThat(manager.authenticate(new SessionTokenAuthenticationToken("good")).isAuthenticated()).isTrue();
		assertThat(this.registry).hasSingleObservationThat()
			.hasLowCardinalityKeyValue(AuthenticationErrorCodeObservationFilter.KEY, "none")
			.satisfies((context) -> assertThat(context.getAllKeyValues().toString()).doesNotContain("good"));
	}

	private JwksKeySource keySource() {
		return JwksKeySource.fromUri(URI.create(this.server.url("/jwks").toString()))
			.fetchObserver(new JwksFetchObservations(this.registry))
			.build();
	}

	private static WebhookHeaders headers(String signature) {
		Map<String, List<String>> headers = Map.of("tm-signature", List.of(signature), "tm-timestamp",
				List.of(Instant.now().toString()));
		return (name) -> headers.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), List.of());
	}

}
