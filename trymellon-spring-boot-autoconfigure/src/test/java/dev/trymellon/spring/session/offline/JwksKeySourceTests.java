package dev.trymellon.spring.session.offline;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.testfixtures.MutableClock;
import dev.trymellon.spring.testfixtures.TestTokens;

import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static dev.trymellon.spring.testfixtures.TestTokens.KEY;
import static dev.trymellon.spring.testfixtures.TestTokens.NEXT_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * JWKS fetching, caching and refresh rules, against a real HTTP server on 127.0.0.1.
 */
class JwksKeySourceTests {

	private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

	private final MutableClock clock = new MutableClock(NOW);

	private final MockWebServer server = new MockWebServer();

	private final AtomicReference<MockResponse> response = new AtomicReference<>(jwks(KEY));

	private JwksKeySource keys;

	private OfflineSessionTokenVerifier verifier;

	@BeforeEach
	void start() throws IOException {
		this.server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return JwksKeySourceTests.this.response.get();
			}
		});
		this.server.start(InetAddress.getByName("127.0.0.1"), 0);
		useKeySource(builder());
	}

	@AfterEach
	void stop() {
		this.keys.close();
		this.server.close();
	}

	private JwksKeySource.Builder builder() {
		return JwksKeySource.fromUri(URI.create(this.server.url("/.well-known/jwks.json").toString()))
			.clock(this.clock)
			.ttl(Duration.ofHours(1))
			.refreshCooldown(Duration.ofSeconds(30))
			.maxStale(Duration.ofHours(24));
	}

	private void useKeySource(JwksKeySource.Builder builder) {
		if (this.keys != null) {
			this.keys.close();
		}
		this.keys = builder.build();
		this.verifier = OfflineSessionTokenVerifier.withKeys(this.keys)
			.issuer(TestTokens.ISSUER)
			.audiences(List.of(TestTokens.CLIENT_ID))
			.clock(this.clock)
			.build();
	}

	private static MockResponse jwks(com.nimbusds.jose.jwk.RSAKey... keys) {
		return json(TestTokens.jwks(keys));
	}

	private static MockResponse json(String body) {
		return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
	}

	private String tokenFor(com.nimbusds.jose.jwk.RSAKey key) {
		return TestTokens.sign(key, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
				TestTokens.claims(this.clock.instant()).build());
	}

	private String tokenWithKid(String kid) {
		return TestTokens.sign(KEY, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(),
				TestTokens.claims(this.clock.instant()).build());
	}

	private void assertRejected(String token, TryMellonErrorCode code) {
		assertThatExceptionOfType(SessionTokenException.class).isThrownBy(() -> this.verifier.verify(token))
			.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(code));
	}

	@Test
	void verifyWhenColdThenFetchesOnceAndCachesKeys() {
		assertThat(this.verifier.verify(tokenFor(KEY)).getKeyId()).isEqualTo("k_main");
		assertThat(this.verifier.verify(tokenFor(KEY)).getKeyId()).isEqualTo("k_main");
		assertThat(this.server.getRequestCount()).isEqualTo(1);
		assertThat(this.keys.status().keys()).isEqualTo(1);
		assertThat(this.keys.status().lastRefresh()).isEqualTo(NOW);
	}

	@Test
	void verifyWhenKeyRotatedThenNewKidIsPickedUpWithOneFetch() {
		this.verifier.verify(tokenFor(KEY));
		this.response.set(jwks(KEY, NEXT_KEY));
		this.clock.advance(Duration.ofSeconds(31));
		assertThat(this.verifier.verify(tokenFor(NEXT_KEY)).getKeyId()).isEqualTo("k_next");
		assertThat(this.server.getRequestCount()).isEqualTo(2);
		assertThat(this.verifier.verify(tokenFor(KEY)).getKeyId()).isEqualTo("k_main");
		assertThat(this.server.getRequestCount()).isEqualTo(2);
	}

	@Test
	void verifyWhenFloodOfUnknownKidsThenAtMostOneFetchPerCooldown() {
		this.verifier.verify(tokenFor(KEY));
		this.clock.advance(Duration.ofSeconds(31));
		for (int i = 0; i < 1000; i++) {
			assertRejected(tokenWithKid("k_" + UUID.randomUUID()), TryMellonErrorCode.JWT_KID_MISMATCH);
			if (i == 499) {
				this.clock.advance(Duration.ofSeconds(10));
			}
		}
		// warm-up fetch + one refresh for the whole flood (all within one cooldown)
		assertThat(this.server.getRequestCount()).isEqualTo(2);
		this.clock.advance(Duration.ofSeconds(30));
		assertRejected(tokenWithKid("k_again"), TryMellonErrorCode.JWT_KID_MISMATCH);
		assertThat(this.server.getRequestCount()).isEqualTo(3);
	}

	@Test
	void verifyWhenOutageAfterWarmUpThenCachedKeysKeepVerifyingUpToMaxStale() {
		this.verifier.verify(tokenFor(KEY));
		this.response.set(new MockResponse.Builder().code(503).body("down").build());
		this.clock.advance(Duration.ofHours(2));
		assertThat(this.verifier.verify(tokenFor(KEY)).getKeyId()).isEqualTo("k_main");
		assertThat(this.server.getRequestCount()).isEqualTo(2);
		assertThat(this.keys.status().lastFetchFailed()).isTrue();
		this.clock.advance(Duration.ofHours(22).plusSeconds(1));
		assertRejected(tokenFor(KEY), TryMellonErrorCode.KEYS_UNAVAILABLE);
	}

	@Test
	void verifyWhenOutageAndUnknownKidThenKeysUnavailableNotKidMismatch() {
		this.verifier.verify(tokenFor(KEY));
		this.response.set(new MockResponse.Builder().code(500).build());
		this.clock.advance(Duration.ofSeconds(31));
		assertRejected(tokenFor(NEXT_KEY), TryMellonErrorCode.KEYS_UNAVAILABLE);
	}

	@Test
	void verifyWhenOutageFromColdStartThenKeysUnavailable() {
		this.response.set(new MockResponse.Builder().code(500).body("boom").build());
		assertRejected(tokenFor(KEY), TryMellonErrorCode.KEYS_UNAVAILABLE);
		assertThat(this.keys.status().usable()).isFalse();
		assertThat(this.keys.status().failures()).isEqualTo(1);
	}

	@Test
	void verifyWhenEndpointUnreachableThenKeysUnavailable() throws IOException {
		URI closed = TestTokens.unreachableJwksUri();
		useKeySource(JwksKeySource.fromUri(closed).clock(this.clock));
		assertRejected(tokenFor(KEY), TryMellonErrorCode.KEYS_UNAVAILABLE);
	}

	@Test
	void verifyWhenJwksIsNotJsonThenKeysUnavailable() {
		this.response.set(json("<html>maintenance</html>"));
		assertRejected(tokenFor(KEY), TryMellonErrorCode.KEYS_UNAVAILABLE);
	}

	@Test
	void verifyWhenJwksLargerThanMaxSizeThenKeysUnavailable() {
		useKeySource(builder().maxSize(1024));
		this.response.set(json("{\"keys\":[],\"pad\":\"" + "x".repeat(4096) + "\"}"));
		assertRejected(tokenFor(KEY), TryMellonErrorCode.KEYS_UNAVAILABLE);
	}

	@Test
	void verifyWhenJwksHoldsUnusableKeysThenTheyAreIgnored() throws Exception {
		com.nimbusds.jose.jwk.RSAKey encryption = new com.nimbusds.jose.jwk.RSAKey.Builder(
				TestTokens.generate("k_enc").toRSAPublicKey())
			.keyID("k_enc")
			.keyUse(com.nimbusds.jose.jwk.KeyUse.ENCRYPTION)
			.build();
		com.nimbusds.jose.jwk.RSAKey rs512 = new com.nimbusds.jose.jwk.RSAKey.Builder(NEXT_KEY.toRSAPublicKey())
			.keyID("k_rs512")
			.algorithm(JWSAlgorithm.RS512)
			.build();
		String document = "{\"keys\":[" + "{\"kty\":\"oct\",\"kid\":\"k_hmac\",\"k\":\"c2VjcmV0\"},"
				+ "{\"kty\":\"XYZ\",\"kid\":\"k_weird\"}," + "{\"kty\":\"RSA\",\"kid\":\"k_broken\",\"n\":\"!!\"},"
				+ "\"not an object\"," + encryption.toJSONString() + "," + rs512.toJSONString() + ","
				+ KEY.toPublicJWK().toJSONString() + "]}";
		this.response.set(json(document));
		assertThat(this.verifier.verify(tokenFor(KEY)).getKeyId()).isEqualTo("k_main");
		assertThat(this.keys.status().keys()).isEqualTo(1);
	}

	@Test
	void verifyWhenSlowEndpointThenFiftyConcurrentCallersShareOneFetch() throws Exception {
		this.response.set(new MockResponse.Builder().code(200)
			.body(TestTokens.jwks(KEY))
			.headersDelay(500, TimeUnit.MILLISECONDS)
			.build());
		String token = tokenFor(KEY);
		ExecutorService pool = Executors.newFixedThreadPool(50);
		try {
			CountDownLatch go = new CountDownLatch(1);
			List<Future<String>> results = new ArrayList<>();
			for (int i = 0; i < 50; i++) {
				results.add(pool.submit(() -> {
					go.await();
					return this.verifier.verify(token).getKeyId();
				}));
			}
			go.countDown();
			for (Future<String> result : results) {
				assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("k_main");
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(this.server.getRequestCount()).isEqualTo(1);
	}

	@Test
	void startWhenCalledThenFetchesInTheBackgroundWithoutARequest() throws Exception {
		this.keys.start();
		RecordedRequest request = this.server.takeRequest(5, TimeUnit.SECONDS);
		assertThat(request).isNotNull();
		assertThat(request.getTarget()).isEqualTo("/.well-known/jwks.json");
		await().atMost(Duration.ofSeconds(5)).until(() -> this.keys.status().usable());
		assertThat(this.verifier.verify(tokenFor(KEY)).getKeyId()).isEqualTo("k_main");
		assertThat(this.server.getRequestCount()).isEqualTo(1);
	}

	@Test
	void startWhenATaskSchedulerIsGivenThenTheRefreshRunsOnItAndStopsWithTheKeySource() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setRemoveOnCancelPolicy(true);
		scheduler.initialize();
		try {
			useKeySource(builder().taskScheduler(scheduler));
			this.keys.start();
			assertThat(this.keys.isRunning()).isTrue();
			// fetched once, and the next refresh (ahead of the TTL) is scheduled on it
			await().atMost(Duration.ofSeconds(5))
				.until(() -> this.keys.status().keys() == 1
						&& scheduler.getScheduledThreadPoolExecutor().getQueue().size() == 1);
			assertThat(this.server.getRequestCount()).isEqualTo(1);
			this.keys.stop();
			assertThat(this.keys.isRunning()).isFalse();
			assertThat(scheduler.getScheduledThreadPoolExecutor().getQueue()).isEmpty();
			// the application's scheduler is not the key source's to shut down
			assertThat(scheduler.getScheduledExecutor().isShutdown()).isFalse();
		}
		finally {
			scheduler.shutdown();
		}
	}

	@Test
	void refreshNowWhenEndpointFailsThenReportsFalse() {
		this.response.set(new MockResponse.Builder().code(404).build());
		assertThat(this.keys.refreshNow()).isFalse();
		this.response.set(jwks(KEY));
		assertThat(this.keys.refreshNow()).isTrue();
	}

	@Test
	void verifyWhenTtlPassedThenKeysAreFetchedAgain() {
		this.verifier.verify(tokenFor(KEY));
		this.clock.advance(Duration.ofMinutes(61));
		this.verifier.verify(tokenFor(KEY));
		assertThat(this.server.getRequestCount()).isEqualTo(2);
	}

	@Test
	void fromJwkSetWhenKidUnknownThenKidMismatchWithoutAnyFetch() {
		JwksKeySource fixed = JwksKeySource.fromJwkSet(TestTokens.publicJwkSet(KEY), Set.of(JWSAlgorithm.RS256));
		assertThat(fixed.status().isStatic()).isTrue();
		assertThatExceptionOfType(SessionTokenException.class).isThrownBy(() -> fixed.key("k_next"))
			.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(TryMellonErrorCode.JWT_KID_MISMATCH));
	}

}
