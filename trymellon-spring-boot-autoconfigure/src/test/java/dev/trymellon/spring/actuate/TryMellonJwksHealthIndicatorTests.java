package dev.trymellon.spring.actuate;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

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
import dev.trymellon.spring.revocation.Revocation;
import dev.trymellon.spring.revocation.RevocationStore;
import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.session.offline.JwksKeySource;
import dev.trymellon.spring.testfixtures.MutableClock;
import dev.trymellon.spring.testfixtures.TestTokens;
import dev.trymellon.spring.webhook.DeliveryResult;
import dev.trymellon.spring.webhook.InMemoryProcessedEventStore;
import dev.trymellon.spring.webhook.TryMellonWebhookReceiver;
import dev.trymellon.spring.webhook.WebhookHeaders;
import dev.trymellon.spring.webhook.WebhookSignatureVerifier;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Every state of the {@code trymellon} health indicator: keys (static, not fetched yet,
 * fetched, stale after a failed refresh, none), revocation store (memory, Redis reachable,
 * Redis unreachable, with and without the DOWN switch, a store that does not tell) and
 * webhook receiver (accepted and rejected deliveries).
 */
class TryMellonJwksHealthIndicatorTests {

	private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

	private static final String SECRET = "whsec_health_test_secret_0123456789";

	private final MutableClock clock = new MutableClock(NOW);

	private final MockWebServer server = new MockWebServer();

	private final AtomicReference<MockResponse> response = new AtomicReference<>(
			new MockResponse.Builder().code(200).body(TestTokens.jwks(TestTokens.KEY)).build());

	private JwksKeySource fetched;

	@BeforeEach
	void startServer() throws IOException {
		this.server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return TryMellonJwksHealthIndicatorTests.this.response.get();
			}
		});
		this.server.start(InetAddress.getByName("127.0.0.1"), 0);
		this.fetched = JwksKeySource.fromUri(URI.create(this.server.url("/jwks").toString()))
			.clock(this.clock)
			.ttl(Duration.ofHours(1))
			.maxStale(Duration.ofHours(24))
			.build();
	}

	@AfterEach
	void stopServer() {
		this.fetched.close();
		this.server.close();
	}

	@Test
	void healthWhenStaticKeysThenUpWithSourceStatic() {
		Health health = new TryMellonJwksHealthIndicator(TestTokens.keySource(TestTokens.KEY)).health(true);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("keys", 1)
			.containsEntry("source", "static")
			.doesNotContainKeys("lastFetchFailed", "revocations", "webhook");
	}

	@Test
	void healthWhenNothingFetchedYetThenUnknown() {
		Health health = new TryMellonJwksHealthIndicator(this.fetched).health(true);
		assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
		assertThat(health.getDetails()).containsEntry("keys", 0).containsEntry("lastFetchFailed", false);
	}

	@Test
	void healthWhenKeysFetchedThenUpWithTheirTimeAndSource() {
		assertThat(this.fetched.refreshNow()).isTrue();
		Health health = new TryMellonJwksHealthIndicator(this.fetched).health(true);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("keys", 1)
			.containsEntry("lastRefresh", NOW.toString())
			.containsEntry("lastFetchFailed", false)
			.containsEntry("source", this.server.url("/jwks").toString());
	}

	@Test
	void healthWhenRefreshFailsWithinMaxStaleThenStillUpAndSaysWhy() {
		assertThat(this.fetched.refreshNow()).isTrue();
		this.response.set(new MockResponse.Builder().code(503).build());
		this.clock.advance(Duration.ofHours(2));
		assertThat(this.fetched.refreshNow()).isFalse();
		Health health = new TryMellonJwksHealthIndicator(this.fetched).health(true);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("keys", 1)
			.containsEntry("lastFetchFailed", true)
			.containsEntry("lastFailure", "HTTP status 503");
	}

	@Test
	void healthWhenKeysOlderThanMaxStaleThenDown() {
		assertThat(this.fetched.refreshNow()).isTrue();
		this.response.set(new MockResponse.Builder().code(503).build());
		this.clock.advance(Duration.ofHours(25));
		this.fetched.refreshNow();
		assertThat(new TryMellonJwksHealthIndicator(this.fetched).health(true).getStatus()).isEqualTo(Status.DOWN);
	}

	@Test
	void healthWhenNoKeysCouldBeFetchedThenDown() {
		this.response.set(new MockResponse.Builder().code(200).body("{\"keys\":[]}").build());
		assertThat(this.fetched.refreshNow()).isFalse();
		Health health = new TryMellonJwksHealthIndicator(this.fetched).health(true);
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("keys", 0).containsEntry("lastFetchFailed", true);
		assertThat(health.getDetails().get("lastFailure")).asString().startsWith("not a usable JWKS document");
	}

	@Test
	void healthWhenInMemoryStoreThenReportsKindAndSize() {
		InMemoryRevocationStore store = new InMemoryRevocationStore();
		store.revokeUser("usr_1", Instant.now(), Instant.now().plusSeconds(3600));
		store.revokeSession("ses_1", Instant.now().plusSeconds(3600));
		TryMellonJwksHealthIndicator indicator = staticIndicator();
		indicator.setRevocationStore(store);
		indicator.setDownWhenSharedStoreUnreachable(true);
		Health health = indicator.health(true);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(details(health, "revocations")).containsExactly(Map.entry("kind", "memory"), Map.entry("size", 2));
	}

	@Test
	void healthWhenStoreTellsNothingThenNamesItsType() {
		TryMellonJwksHealthIndicator indicator = staticIndicator();
		indicator.setRevocationStore(new CustomStore());
		assertThat(details(indicator.health(true), "revocations")).containsExactly(Map.entry("kind", "CustomStore"));
	}

	@Test
	void healthWhenRedisReachableThenUpWithLastResync() {
		LettuceConnectionFactory factory = RedisTestSupport.connect();
		String prefix = RedisTestSupport.uniquePrefix();
		RedisRevocationStore store = new RedisRevocationStore(factory, new InMemoryRevocationStore(), prefix,
				Clock.systemUTC());
		try {
			Instant before = Instant.now();
			store.start();
			store.revokeSession("ses_1", Instant.now().plusSeconds(3600));
			TryMellonJwksHealthIndicator indicator = staticIndicator();
			indicator.setRevocationStore(store);
			indicator.setDownWhenSharedStoreUnreachable(true);
			Health health = indicator.health(true);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			Map<String, Object> revocations = details(health, "revocations");
			assertThat(revocations).containsEntry("kind", "redis")
				.containsEntry("size", 1)
				.containsEntry("reachable", true)
				.doesNotContainKey("lastFailure");
			assertThat(Instant.parse((String) revocations.get("lastResync"))).isBetween(before, Instant.now());
		}
		finally {
			store.stop();
			RedisTestSupport.deleteKeys(factory, prefix);
			factory.destroy();
		}
	}

	@Test
	void healthWhenRedisUnreachableThenUpByDefaultAndDownWhenAsked() {
		LettuceConnectionFactory factory = unreachableRedis();
		try {
			RedisRevocationStore store = new RedisRevocationStore(factory, new InMemoryRevocationStore(),
					"trymellon-test:unreachable:", Clock.systemUTC());
			assertThatException().isThrownBy(() -> store.revokeSession("ses_1", Instant.now().plusSeconds(3600)));
			TryMellonJwksHealthIndicator indicator = staticIndicator();
			indicator.setRevocationStore(store);
			Health health = indicator.health(true);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			Map<String, Object> revocations = details(health, "revocations");
			assertThat(revocations).containsEntry("kind", "redis")
				.containsEntry("size", 1)
				.containsEntry("reachable", false)
				.doesNotContainKey("lastResync");
			assertThat(revocations.get("lastFailure")).asString().isNotBlank();
			indicator.setDownWhenSharedStoreUnreachable(true);
			assertThat(indicator.health(true).getStatus()).isEqualTo(Status.DOWN);
		}
		finally {
			factory.destroy();
		}
	}

	@Test
	void healthWhenRedisNotCalledYetThenReachabilityUnknownAndUp() {
		LettuceConnectionFactory factory = unreachableRedis();
		try {
			RedisRevocationStore store = new RedisRevocationStore(factory, new InMemoryRevocationStore(),
					"trymellon-test:unused:", Clock.systemUTC());
			TryMellonJwksHealthIndicator indicator = staticIndicator();
			indicator.setRevocationStore(store);
			indicator.setDownWhenSharedStoreUnreachable(true);
			Health health = indicator.health(true);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(details(health, "revocations")).containsEntry("reachable", "unknown");
		}
		finally {
			factory.destroy();
		}
	}

	@Test
	void healthWhenWebhookDeliveriesThenLastAcceptedAndRejectionsByReasonWithoutChangingStatus() {
		TryMellonWebhookReceiver receiver = TryMellonWebhookReceiver
			.builder(new WebhookSignatureVerifier(List.of(SECRET)), new InMemoryProcessedEventStore(), (event) -> {
			})
			.clock(this.clock)
			.build();
		TryMellonJwksHealthIndicator indicator = staticIndicator();
		indicator.setWebhookReceiver(receiver);
		Map<String, Object> before = details(indicator.health(true), "webhook");
		assertThat(before).containsEntry("path", "/webhooks/trymellon")
			.containsEntry("lastAccepted", "never")
			.containsEntry("rejections", Map.of());
		byte[] body = ("{\"id\":\"evt_1\",\"type\":\"user.locked\",\"created_at\":\"" + NOW
				+ "\",\"data\":{\"user_id\":\"usr_1\"}}")
			.getBytes(StandardCharsets.UTF_8);
		assertThat(receiver.receive(headers(sign(body)), body)).isEqualTo(DeliveryResult.ACCEPTED);
		assertThat(receiver.receive(headers("0".repeat(64)), body)).isEqualTo(DeliveryResult.SIGNATURE_INVALID);
		assertThat(receiver.receive(headers("0".repeat(64)), body)).isEqualTo(DeliveryResult.SIGNATURE_INVALID);
		assertThat(receiver.reject(DeliveryResult.METHOD_NOT_ALLOWED)).isEqualTo(DeliveryResult.METHOD_NOT_ALLOWED);
		Health health = indicator.health(true);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(details(health, "webhook")).containsEntry("lastAccepted", NOW.toString())
			.containsEntry("rejections", Map.of("method_not_allowed", 1L, "signature_invalid", 2L));
	}

	private static TryMellonJwksHealthIndicator staticIndicator() {
		return new TryMellonJwksHealthIndicator(TestTokens.keySource(TestTokens.KEY));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> details(Health health, String name) {
		return (Map<String, Object>) health.getDetails().get(name);
	}

	private static String sign(byte[] body) {
		return dev.trymellon.spring.webhook.TestWebhookSigner.sign(SECRET, body);
	}

	private WebhookHeaders headers(String signature) {
		Map<String, List<String>> headers = Map.of("tm-signature", List.of(signature), "tm-timestamp",
				List.of(this.clock.instant().toString()));
		return (name) -> headers.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), List.of());
	}

	/** A connection factory to a port where nothing listens, failing fast. */
	private static LettuceConnectionFactory unreachableRedis() {
		URI closed = TestTokens.unreachableJwksUri();
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", closed.getPort()));
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	private static final class CustomStore implements RevocationStore {

		@Override
		public void revoke(Revocation revocation) {
		}

		@Override
		public boolean isRevoked(TryMellonSession session) {
			return false;
		}

	}

}
