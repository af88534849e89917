package dev.trymellon.spring.session.offline;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.RSAKey;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.testfixtures.MutableClock;
import dev.trymellon.spring.testfixtures.TestTokens;

import static dev.trymellon.spring.testfixtures.TestTokens.KEY;
import static dev.trymellon.spring.testfixtures.TestTokens.NEXT_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The fault suite of the JWKS key source and the request path: a real HTTP endpoint on
 * 127.0.0.1 that hangs, answers 500 or HTML, publishes keys without {@code kid}, rotates
 * its keys mid-traffic, disappears for hours, or is slow under a crowd of callers. Time
 * is simulated ({@link MutableClock}); the only real waits are the read timeout (1 s) of
 * a hanging fetch and latches. Each step asserts the exact answer (the session, or the
 * exact {@link TryMellonErrorCode}) and the exact number of fetches, both as the key
 * source counts them and as the server saw them.
 * <p>
 * The rules under test (docs/token-verification.md): TTL 1 h, at most one on-demand
 * fetch per 30 s cooldown, the last good keys in use up to max-stale (24 h) after they
 * were fetched, an unknown {@code kid} while the last fetch failed is
 * {@code KEYS_UNAVAILABLE}, and a cached token dies with its key.
 */
class JwksFaultSuiteTests {

	private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

	private static final Duration TTL = Duration.ofHours(1);

	private static final Duration COOLDOWN = Duration.ofSeconds(30);

	private static final Duration MAX_STALE = Duration.ofHours(24);

	/**
	 * Short, for the hanging endpoint's sake, but not so short that a good answer from a
	 * loaded machine misses it.
	 */
	private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);

	/** The same key material as {@link TestTokens#KEY}, published without a {@code kid}. */
	private static final RSAKey KEY_WITHOUT_KID = withoutKid(KEY);

	private final MutableClock clock = new MutableClock(NOW);

	private final MockWebServer server = new MockWebServer();

	/** What the endpoint answers now. */
	private final AtomicReference<MockResponse> answer = new AtomicReference<>(jwks(KEY));

	/** When set, each request signals {@link #entered} and waits for this latch. */
	private volatile CountDownLatch hold;

	private volatile CountDownLatch entered = new CountDownLatch(1);

	private final AtomicInteger tokens = new AtomicInteger();

	private JwksKeySource keys;

	private VerifiedTokenCache cache;

	private OfflineSessionTokenVerifier verifier;

	@BeforeEach
	void start() throws IOException {
		this.server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
				CountDownLatch gate = JwksFaultSuiteTests.this.hold;
				if (gate != null) {
					JwksFaultSuiteTests.this.entered.countDown();
					gate.await(20, TimeUnit.SECONDS);
				}
				return JwksFaultSuiteTests.this.answer.get();
			}
		});
		this.server.start(InetAddress.getByName("127.0.0.1"), 0);
		useKeySource(READ_TIMEOUT);
	}

	@AfterEach
	void stop() {
		CountDownLatch gate = this.hold;
		if (gate != null) {
			gate.countDown();
		}
		this.keys.close();
		this.server.close();
	}

	private void useKeySource(Duration readTimeout) {
		if (this.keys != null) {
			this.keys.close();
		}
		this.keys = JwksKeySource.fromUri(URI.create(this.server.url("/.well-known/jwks.json").toString()))
			.clock(this.clock)
			.ttl(TTL)
			.refreshCooldown(COOLDOWN)
			.maxStale(MAX_STALE)
			.timeouts(Duration.ofSeconds(1), readTimeout)
			.build();
		this.cache = new VerifiedTokenCache(1000);
		this.verifier = OfflineSessionTokenVerifier.withKeys(this.keys)
			.issuer(TestTokens.ISSUER)
			.audiences(List.of(TestTokens.CLIENT_ID))
			.clock(this.clock)
			.cache(this.cache)
			.build();
	}

	/** The ways the endpoint fails, and what the key source says about each. */
	enum Fault {

		/** Accepts the request and never answers: the fetch ends at the read timeout. */
		HANG("timed out (") {
			@Override
			MockResponse answer() {
				return new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build();
			}
		},

		/** An internal error. */
		HTTP_500("HTTP status 500") {
			@Override
			MockResponse answer() {
				return new MockResponse.Builder().code(500).body("boom").build();
			}
		},

		/** A maintenance page, 200 and HTML. */
		HTML("not a usable JWKS document: Invalid JSON object") {
			@Override
			MockResponse answer() {
				return new MockResponse.Builder().code(200)
					.addHeader("Content-Type", "text/html; charset=utf-8")
					.body("<html><body>Down for maintenance</body></html>")
					.build();
			}
		},

		/**
		 * A well-formed JWKS whose keys have no {@code kid}: each entry is skipped (a key
		 * is found by its {@code kid} only), so the document holds no usable key.
		 */
		NO_KID("not a usable JWKS document: it holds no key usable with [RS256]") {
			@Override
			MockResponse answer() {
				return json(TestTokens.jwks(KEY_WITHOUT_KID, withoutKid(NEXT_KEY)));
			}
		};

		private final String cause;

		Fault(String cause) {
			this.cause = cause;
		}

		abstract MockResponse answer();

	}

	// Scenarios 1 to 4: hang, 500, HTML, keys without kid.

	@ParameterizedTest
	@EnumSource(Fault.class)
	void faultAfterWarmUpThenKnownKeysAreServedAndUnknownKidsRefusedWithOneFetchPerCooldown(Fault fault) {
		assertAccepted(token(KEY));
		assertFetches(1);
		this.answer.set(fault.answer());
		this.clock.advance(COOLDOWN.plusSeconds(1));
		// An unknown kid asks for a refresh, which fails: "could not check", not a bad token.
		assertRejected(token(NEXT_KEY), TryMellonErrorCode.KEYS_UNAVAILABLE);
		assertFetches(2);
		assertThat(this.keys.status().lastFailure()).startsWith(fault.cause);
		assertThat(this.keys.status().failures()).isEqualTo(1);
		// Known keys keep being served, fresh verifications and cache hits alike, without a fetch.
		String cached = token(KEY);
		TryMellonSession session = this.verifier.verify(cached);
		for (int i = 0; i < 20; i++) {
			assertAccepted(token(KEY));
			assertThat(this.verifier.verify(cached)).isSameAs(session);
		}
		// A flood of forged kids within the cooldown: refused, and not one fetch more.
		for (int i = 0; i < 200; i++) {
			assertRejected(tokenWithKid("k_" + UUID.randomUUID()), TryMellonErrorCode.KEYS_UNAVAILABLE);
			if (i == 100) {
				this.clock.advance(COOLDOWN.minusSeconds(1));
			}
		}
		assertFetches(2);
		// The cooldown of the failed attempt is over: one more attempt, and one only.
		this.clock.advance(Duration.ofSeconds(1));
		assertRejected(tokenWithKid("k_forged"), TryMellonErrorCode.KEYS_UNAVAILABLE);
		assertRejected(tokenWithKid("k_forged_too"), TryMellonErrorCode.KEYS_UNAVAILABLE);
		assertFetches(3);
		// Past the TTL the known key asks for a refresh too; it fails, the cached keys verify.
		this.clock.advance(TTL);
		assertAccepted(token(KEY));
		assertAccepted(token(KEY));
		assertFetches(4);
		JwksKeySource.Status status = this.keys.status();
		assertThat(status.usable()).isTrue();
		assertThat(status.keys()).isEqualTo(1);
		assertThat(status.lastRefresh()).isEqualTo(NOW);
		assertThat(status.failures()).isEqualTo(3);
		assertThat(status.lastFailure()).startsWith(fault.cause);
	}

	@ParameterizedTest
	@EnumSource(Fault.class)
	void faultFromColdStartThenKeysUnavailableWithOneFetchPerCooldownAndRecoveryAtTheNextFetch(Fault fault) {
		this.answer.set(fault.answer());
		for (int i = 0; i < 50; i++) {
			assertRejected(token(KEY), TryMellonErrorCode.KEYS_UNAVAILABLE);
		}
		assertFetches(1);
		assertThat(this.keys.status().usable()).isFalse();
		assertThat(this.keys.status().lastFailure()).startsWith(fault.cause);
		this.answer.set(jwks(KEY));
		this.clock.advance(COOLDOWN.minusMillis(1));
		assertRejected(token(KEY), TryMellonErrorCode.KEYS_UNAVAILABLE);
		assertFetches(1);
		this.clock.advance(Duration.ofMillis(1));
		assertAccepted(token(KEY));
		assertFetches(2);
		assertThat(this.keys.status().lastFailure()).isNull();
	}

	@Test
	void hangingFetchUnderWayThenKnownKeysAreServedWithoutWaitingForIt() throws Exception {
		useKeySource(Duration.ofSeconds(10));
		assertAccepted(token(KEY));
		String cached = token(KEY);
		TryMellonSession session = this.verifier.verify(cached);
		this.hold = new CountDownLatch(1);
		this.answer.set(jwks(KEY, NEXT_KEY));
		this.clock.advance(COOLDOWN.plusSeconds(1));
		String rotated = token(NEXT_KEY);
		CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> this.verifier.verify(rotated).getKeyId());
		assertThat(this.entered.await(10, TimeUnit.SECONDS)).isTrue();
		// The fetch hangs in the server; requests with known keys do not wait for it.
		for (int i = 0; i < 20; i++) {
			assertAccepted(token(KEY));
			assertThat(this.verifier.verify(cached)).isSameAs(session);
		}
		assertThat(waiting).isNotDone();
		this.hold.countDown();
		assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo("k_next");
		assertFetches(2);
	}

	@Test
	void jwksWithAndWithoutKidsThenOnlyKeysWithAKidAreUsedAndNoKeyIsAFallback() {
		// k_next with its kid; k_main's key material without one.
		this.answer.set(json(TestTokens.jwks(KEY_WITHOUT_KID, NEXT_KEY)));
		assertAccepted(token(NEXT_KEY));
		assertFetches(1);
		assertThat(this.keys.status().keys()).isEqualTo(1);
		// The kid-less key is never picked: not for its own kid, not for a token without one.
		assertRejected(token(KEY), TryMellonErrorCode.JWT_KID_MISMATCH);
		this.clock.advance(COOLDOWN);
		assertRejected(token(KEY), TryMellonErrorCode.JWT_KID_MISMATCH);
		assertFetches(2);
		this.clock.advance(COOLDOWN);
		// A token without a kid is refused by the header rules, before any key lookup or fetch.
		for (int i = 0; i < 10; i++) {
			assertRejected(tokenWithoutKid(KEY), TryMellonErrorCode.JWT_KID_MISMATCH);
			assertRejected(tokenWithoutKid(NEXT_KEY), TryMellonErrorCode.JWT_KID_MISMATCH);
		}
		assertFetches(2);
		assertThat(this.keys.status().lastFailure()).isNull();
	}

	// Scenario 5: rotation mid-traffic.

	@Test
	void keysRotateMidTrafficThenNewKidAcceptedAfterOneFetchAndTheRemovedKeyRefusedCachedTokensIncluded() {
		String oldCached = longLivedToken(KEY);
		TryMellonSession oldSession = this.verifier.verify(oldCached);
		assertFetches(1);
		// TryMellon publishes k_next beside k_main.
		this.answer.set(jwks(KEY, NEXT_KEY));
		this.clock.advance(COOLDOWN.plusSeconds(1));
		String newCached = longLivedToken(NEXT_KEY);
		TryMellonSession newSession = this.verifier.verify(newCached);
		assertThat(newSession.getKeyId()).isEqualTo("k_next");
		assertFetches(2);
		for (int i = 0; i < 50; i++) {
			assertThat(this.verifier.verify(token(NEXT_KEY)).getKeyId()).isEqualTo("k_next");
			assertThat(this.verifier.verify(token(KEY)).getKeyId()).isEqualTo("k_main");
			// the refresh brought k_main unchanged: its cached tokens stay hits
			assertThat(this.verifier.verify(oldCached)).isSameAs(oldSession);
			assertThat(this.verifier.verify(newCached)).isSameAs(newSession);
		}
		assertFetches(2);
		// TryMellon withdraws k_main. Until the starter's next fetch it cannot know.
		this.answer.set(jwks(NEXT_KEY));
		this.clock.advance(Duration.ofMinutes(10));
		assertThat(this.verifier.verify(oldCached)).isSameAs(oldSession);
		assertAccepted(token(KEY));
		assertFetches(2);
		// Past the TTL of the last fetch, the next fresh verification fetches the new set.
		this.clock.advance(TTL);
		assertThat(this.verifier.verify(token(NEXT_KEY)).getKeyId()).isEqualTo("k_next");
		assertFetches(3);
		assertThat(this.keys.status().keys()).isEqualTo(1);
		// k_main is gone: its cached token is not a hit any more, fresh ones are refused,
		// within the cooldown of that fetch without another one.
		assertRejected(oldCached, TryMellonErrorCode.JWT_KID_MISMATCH);
		for (int i = 0; i < 20; i++) {
			assertRejected(token(KEY), TryMellonErrorCode.JWT_KID_MISMATCH);
			assertThat(this.verifier.verify(newCached)).isSameAs(newSession);
		}
		assertRejected(oldCached, TryMellonErrorCode.JWT_KID_MISMATCH);
		assertFetches(3);
		// After the cooldown a k_main token asks once more, and is refused again.
		this.clock.advance(COOLDOWN);
		assertRejected(token(KEY), TryMellonErrorCode.JWT_KID_MISMATCH);
		assertRejected(token(KEY), TryMellonErrorCode.JWT_KID_MISMATCH);
		assertFetches(4);
	}

	@Test
	void keyWithdrawnAndAnUnknownKidTriggersTheRefreshThenTheCachedTokenOfTheRemovedKeyIsRefused() {
		String oldCached = token(KEY);
		TryMellonSession oldSession = this.verifier.verify(oldCached);
		// k_main replaced at once by k_next (an emergency rotation), the first k_next token
		// brings the new set within the TTL.
		this.answer.set(jwks(NEXT_KEY));
		this.clock.advance(COOLDOWN);
		assertThat(this.verifier.verify(oldCached)).isSameAs(oldSession);
		assertThat(this.verifier.verify(token(NEXT_KEY)).getKeyId()).isEqualTo("k_next");
		assertFetches(2);
		assertRejected(oldCached, TryMellonErrorCode.JWT_KID_MISMATCH);
		assertThat(this.cache.size()).isEqualTo(1);
		assertRejected(token(KEY), TryMellonErrorCode.JWT_KID_MISMATCH);
		assertFetches(2);
	}

	// Scenario 6: the endpoint disappears for hours.

	@Test
	void endpointGoneForHoursThenCachedKeysServeUpToMaxStaleThenKeysUnavailableThenRecoveryAtTheFirstGoodFetch()
			throws IOException {
		String cached = longLivedToken(KEY);
		TryMellonSession session = this.verifier.verify(cached);
		assertFetches(1);
		int port = this.server.getPort();
		this.server.close();
		// Nothing listens any more. Every 10 minutes (each past the cooldown) for almost a
		// day: tokens are served from the cached keys, at one fetch attempt per step.
		long attempts = 1;
		Duration elapsed = Duration.ZERO;
		while (elapsed.plusMinutes(10).compareTo(MAX_STALE) < 0) {
			this.clock.advance(Duration.ofMinutes(10));
			elapsed = elapsed.plusMinutes(10);
			assertAccepted(token(KEY));
			assertAccepted(token(KEY));
			assertThat(this.verifier.verify(cached)).isSameAs(session);
			assertRejected(token(NEXT_KEY), TryMellonErrorCode.KEYS_UNAVAILABLE);
			// within the TTL the unknown kid asks for the refresh, past it the first token
			attempts++;
			assertThat(this.keys.status().fetches()).isEqualTo(attempts);
		}
		assertThat(this.keys.status().lastFailure()).isEqualTo("connection refused");
		// Exactly max-stale after the last good fetch: still in use.
		this.clock.advance(MAX_STALE.minus(elapsed));
		assertAccepted(token(KEY));
		attempts++;
		assertThat(this.keys.status().fetches()).isEqualTo(attempts);
		// One millisecond later: "could not check", for fresh and cached tokens alike.
		this.clock.advance(Duration.ofMillis(1));
		assertRejected(token(KEY), TryMellonErrorCode.KEYS_UNAVAILABLE);
		assertRejected(cached, TryMellonErrorCode.KEYS_UNAVAILABLE);
		assertThat(this.keys.status().usable()).isFalse();
		this.clock.advance(Duration.ofHours(3));
		for (int i = 0; i < 20; i++) {
			assertRejected(token(KEY), TryMellonErrorCode.KEYS_UNAVAILABLE);
		}
		attempts++;
		assertThat(this.keys.status().fetches()).isEqualTo(attempts);
		// The endpoint is back, on the same address. Within the cooldown of the last
		// attempt nothing is fetched; the first request after it fetches and is served.
		try (MockWebServer back = new MockWebServer()) {
			back.enqueue(jwks(KEY));
			back.start(InetAddress.getByName("127.0.0.1"), port);
			this.clock.advance(COOLDOWN.minusSeconds(1));
			assertRejected(token(KEY), TryMellonErrorCode.KEYS_UNAVAILABLE);
			assertThat(back.getRequestCount()).isZero();
			this.clock.advance(Duration.ofSeconds(1));
			assertAccepted(token(KEY));
			assertThat(back.getRequestCount()).isEqualTo(1);
			attempts++;
			assertThat(this.keys.status().fetches()).isEqualTo(attempts);
			JwksKeySource.Status status = this.keys.status();
			assertThat(status.usable()).isTrue();
			assertThat(status.lastFailure()).isNull();
			assertThat(status.lastRefresh()).isEqualTo(this.clock.instant());
			assertAccepted(token(KEY));
			assertThat(back.getRequestCount()).isEqualTo(1);
		}
	}

	// Scenario 7: a crowd of callers with the same unknown kid while the endpoint is slow.

	@Test
	void slowEndpointAndManyCallersWithTheSameUnknownKidThenExactlyOneFetchAndAllAccepted() throws Exception {
		List<Object> answers = crowdWithUnknownKid(jwks(KEY, NEXT_KEY));
		assertThat(answers).hasSize(CROWD).allMatch("k_next"::equals);
		assertFetches(2);
	}

	@Test
	void slowFailingEndpointAndManyCallersWithTheSameUnknownKidThenExactlyOneFetchAndAllKeysUnavailable()
			throws Exception {
		List<Object> answers = crowdWithUnknownKid(new MockResponse.Builder().code(500).build());
		assertThat(answers).hasSize(CROWD).allMatch(TryMellonErrorCode.KEYS_UNAVAILABLE::equals);
		assertFetches(2);
	}

	@Test
	void slowEndpointWithoutTheKidAndManyCallersThenExactlyOneFetchAndAllKidMismatch() throws Exception {
		List<Object> answers = crowdWithUnknownKid(jwks(KEY));
		assertThat(answers).hasSize(CROWD).allMatch(TryMellonErrorCode.JWT_KID_MISMATCH::equals);
		assertFetches(2);
	}

	@Test
	void fetchSlowerThanTheWaitBoundThenACallerThatGaveUpWaitingGetsKeysUnavailableNotKidMismatch() throws Exception {
		// The single flight's waiters wait at most connect + read timeout + 1 s for the fetch
		// under way (here 1.002 s, the one real wait of the suite); a fetch can last longer
		// (a slow DNS lookup, a body trickling in under the read timeout). A waiter that
		// gives up cannot know whether the fetch brings the kid: "could not check".
		CountDownLatch fetching = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		AtomicReference<String> document = new AtomicReference<>(TestTokens.jwks(KEY));
		AtomicInteger fetches = new AtomicInteger();
		try (JwksKeySource slowKeys = JwksKeySource.fromUri(URI.create("https://keys.example.test/jwks.json"))
			.clock(this.clock)
			.refreshCooldown(COOLDOWN)
			.timeouts(Duration.ofMillis(1), Duration.ofMillis(1))
			.fetcher(() -> {
				if (fetches.incrementAndGet() > 1) {
					fetching.countDown();
					awaitQuietly(release);
				}
				return document.get();
			})
			.build()) {
			OfflineSessionTokenVerifier slow = OfflineSessionTokenVerifier.withKeys(slowKeys)
				.issuer(TestTokens.ISSUER)
				.audiences(List.of(TestTokens.CLIENT_ID))
				.clock(this.clock)
				.build();
			assertThat(slow.verify(token(KEY)).getKeyId()).isEqualTo("k_main");
			document.set(TestTokens.jwks(KEY, NEXT_KEY));
			this.clock.advance(COOLDOWN.plusSeconds(1));
			String rotated = token(NEXT_KEY);
			CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> slow.verify(rotated).getKeyId());
			assertThat(fetching.await(10, TimeUnit.SECONDS)).isTrue();
			String waiter = token(NEXT_KEY);
			assertThatExceptionOfType(SessionTokenException.class).isThrownBy(() -> slow.verify(waiter))
				.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(TryMellonErrorCode.KEYS_UNAVAILABLE));
			assertThat(first).isNotDone();
			release.countDown();
			assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("k_next");
			// the same token, once the fetch has ended: accepted, without another fetch
			assertThat(slow.verify(waiter).getKeyId()).isEqualTo("k_next");
			assertThat(fetches).hasValue(2);
			assertThat(slowKeys.status().fetches()).isEqualTo(2);
		}
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(20, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static final int CROWD = 32;

	/**
	 * After a warm-up, {@value #CROWD} threads verify tokens of {@code k_next} while the
	 * server holds the one request it got, until all but the fetching thread wait for it;
	 * then it answers. Returns each caller's key id, or the code it was refused with.
	 */
	private List<Object> crowdWithUnknownKid(MockResponse slowAnswer) throws Exception {
		useKeySource(Duration.ofSeconds(10));
		assertAccepted(token(KEY));
		this.answer.set(slowAnswer);
		this.hold = new CountDownLatch(1);
		this.clock.advance(COOLDOWN.plusSeconds(1));
		CountDownLatch go = new CountDownLatch(1);
		List<Thread> callers = new ArrayList<>();
		List<CompletableFuture<Object>> results = new ArrayList<>();
		for (int i = 0; i < CROWD; i++) {
			String token = token(NEXT_KEY);
			CompletableFuture<Object> result = new CompletableFuture<>();
			results.add(result);
			Thread caller = new Thread(() -> {
				try {
					go.await();
					result.complete(this.verifier.verify(token).getKeyId());
				}
				catch (SessionTokenException ex) {
					result.complete(ex.getErrorCode());
				}
				catch (Throwable ex) {
					result.completeExceptionally(ex);
				}
			}, "jwks-fault-caller-" + i);
			callers.add(caller);
			caller.start();
		}
		go.countDown();
		assertThat(this.entered.await(10, TimeUnit.SECONDS)).isTrue();
		// All the others wait for that fetch (on the single flight's lock), none is done.
		await().atMost(Duration.ofSeconds(10))
			.until(() -> callers.stream().filter((t) -> t.getState() == Thread.State.TIMED_WAITING).count() == CROWD - 1);
		assertThat(results).noneMatch(CompletableFuture::isDone);
		this.hold.countDown();
		List<Object> answers = new ArrayList<>();
		for (CompletableFuture<Object> result : results) {
			answers.add(result.get(20, TimeUnit.SECONDS));
		}
		for (Thread caller : callers) {
			caller.join(10_000);
		}
		return answers;
	}

	// Helpers.

	private void assertFetches(int count) {
		assertThat(this.keys.status().fetches()).as("fetches the key source made").isEqualTo(count);
		// A request the client gave up on (the hanging endpoint) is counted once the
		// server's thread has read it, which on a loaded machine may come later.
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.server.getRequestCount()).as("requests the endpoint got")
				.isEqualTo(count));
	}

	private void assertAccepted(String token) {
		TryMellonSession session = this.verifier.verify(token);
		assertThat(session.getUserId()).isEqualTo("user_123");
	}

	private void assertRejected(String token, TryMellonErrorCode code) {
		assertThatExceptionOfType(SessionTokenException.class).isThrownBy(() -> this.verifier.verify(token))
			.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(code));
	}

	/** A token signed by the key, naming its kid, issued now; each one distinct (its jti). */
	private String token(RSAKey key) {
		return sign(key, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build());
	}

	/** A token of the longest lifetime allowed (24 h), so it stays in the cache for hours. */
	private String longLivedToken(RSAKey key) {
		return TestTokens.sign(key, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
				TestTokens.claims(this.clock.instant())
					.expirationTime(java.util.Date.from(this.clock.instant().plus(MAX_STALE)))
					.jwtID("t" + this.tokens.incrementAndGet())
					.build());
	}

	private String tokenWithKid(String kid) {
		return sign(KEY, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build());
	}

	private String tokenWithoutKid(RSAKey key) {
		return sign(key, new JWSHeader.Builder(JWSAlgorithm.RS256).build());
	}

	private String sign(RSAKey key, JWSHeader header) {
		return TestTokens.sign(key, header,
				TestTokens.claims(this.clock.instant()).jwtID("t" + this.tokens.incrementAndGet()).build());
	}

	private static MockResponse jwks(RSAKey... keys) {
		return json(TestTokens.jwks(keys));
	}

	private static MockResponse json(String body) {
		return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
	}

	private static RSAKey withoutKid(RSAKey key) {
		try {
			return new RSAKey.Builder(key.toRSAPublicKey()).build();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
