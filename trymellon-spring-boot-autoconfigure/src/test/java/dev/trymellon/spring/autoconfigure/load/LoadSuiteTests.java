package dev.trymellon.spring.autoconfigure.load;

import java.net.URI;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import dev.trymellon.spring.autoconfigure.load.LoadModel.Answer;
import dev.trymellon.spring.autoconfigure.load.LoadTokens.Kind;
import dev.trymellon.spring.autoconfigure.load.LoadTokens.LoadToken;
import dev.trymellon.spring.revocation.InMemoryRevocationStore;
import dev.trymellon.spring.revocation.RevocationStore;
import dev.trymellon.spring.session.offline.JwksKeySource;
import dev.trymellon.spring.session.offline.VerifiedTokenCache;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The load and concurrency suite: {@value LoadRun#THREADS} clients × 5,000 requests (or
 * {@code -Dtrymellon.load.requests=N} each) over loopback to an embedded Tomcat, mixing
 * valid, expired, revoked and forged tokens, while signed webhooks revoke sessions and
 * lock users and the signing key rotates (the next key published, tokens signed with it,
 * the main key retired). Every answer must be one {@link LoadModel} allows, with the
 * exact problem {@code code} of each refusal; the caches stay within their bounds; on
 * JDK 21+ requests run on virtual threads and no pinned virtual thread has a starter
 * frame. See docs/testing.md, "Load and concurrency suite".
 */
@TestInstance(Lifecycle.PER_CLASS)
class LoadSuiteTests {

	static final int REQUESTS = Integer.getInteger("trymellon.load.requests", 5000);

	static final long CACHE_MAX = 64;

	/** Caffeine's write buffer (128 × CPUs rounded up to a power of two) plus the requests in flight. */
	static final long CACHE_SLACK = 128L * Integer.highestOneBit(2 * Runtime.getRuntime().availableProcessors() - 1)
			+ 16;

	private static final int SESSIONS = 300;

	private static final int HOT = 16;

	private static final int PRE_REVOKED = 10;

	private LocalJwks jwks;

	private ConfigurableApplicationContext context;

	private PinnedThreads recorder;

	private List<PinnedThreads.Pinned> pinned = List.of();

	private LoadRun run;

	private final List<String> wrong = new ArrayList<>();

	private final Map<String, int[]> determined = new LinkedHashMap<>();

	private final Set<Answer> determinedAnswers = new LinkedHashSet<>();

	private final Map<Kind, Integer> serverErrors = new EnumMap<>(Kind.class);

	private long elapsedMillis;

	@BeforeAll
	void run() throws Exception {
		long started = System.nanoTime();
		LoadTokens tokens = new LoadTokens(SESSIONS + PRE_REVOKED, 10);
		this.jwks = new LocalJwks(LoadTokens.KEYS[LoadTokens.MAIN]);
		this.context = LoadApplication.start(this.jwks.uri(), CACHE_MAX);
		JwksKeySource keys = this.context.getBean(JwksKeySource.class);
		await().atMost(java.time.Duration.ofSeconds(30)).until(() -> keys.status().keys() == 1);
		URI base = URI.create("http://127.0.0.1:" + this.context.getEnvironment().getProperty("local.server.port"));
		this.run = new LoadRun(REQUESTS, tokens, HOT, PRE_REVOKED, base, this.jwks, keys,
				this.context.getBean(VerifiedTokenCache.class));
		this.run.revokeBefore();
		this.run.warmUp();
		if (Runtime.version().feature() >= 21) {
			this.recorder = new PinnedThreads();
			this.recorder.pinOnPurpose();
		}
		this.run.run();
		if (this.recorder != null) {
			this.pinned = this.recorder.stop();
		}
		evaluate();
		this.elapsedMillis = (System.nanoTime() - started) / 1_000_000;
		System.out.printf("Load suite: %d requests in %d ms (tokens and context included), %d webhooks, "
				+ "%d JWKS fetches, cache %s, peak size %d; determined answers by category %s; pinned events %d "
				+ "(with a starter frame %d, of them class loading or initialization elsewhere %d)%n",
				this.run.token.length, this.elapsedMillis, this.run.webhooks.get(), this.jwks.fetches(),
				this.context.getBean(VerifiedTokenCache.class).stats(), this.run.cachePeak.get(), describe(),
				this.pinned.size(), this.pinned.stream().filter(PinnedThreads.Pinned::hasStarterFrame).count(),
				this.pinned.stream().filter((event) -> event.hasStarterFrame() && !event.isStarterPinning()).count());
	}

	@AfterAll
	void stop() {
		if (this.context != null) {
			this.context.close();
		}
		if (this.jwks != null) {
			this.jwks.close();
		}
		if (this.recorder != null) {
			this.recorder.close();
		}
	}

	private void evaluate() {
		Set<Integer> live = new LinkedHashSet<>(this.run.liveRevoked);
		for (int slot = 0; slot < this.run.token.length; slot++) {
			LoadToken token = this.run.tokens.get(this.run.token[slot]);
			Set<Answer> allowed = this.run.model.allowed(token, this.run.before[slot], this.run.after[slot]);
			Answer actual = new Answer(this.run.status[slot], this.run.detail[slot]);
			if (actual.status() >= 500 || actual.status() < 0) {
				this.serverErrors.merge(token.kind(), 1, Integer::sum);
			}
			if (!allowed.contains(actual)) {
				this.wrong.add("request " + slot + ": " + token.kind() + " key " + token.key() + " session "
						+ token.session() + " sent at " + this.run.before[slot] + ", answered by "
						+ this.run.after[slot] + ": got " + actual + ", allowed " + allowed);
			}
			String category = category(token, live) + " key " + token.key();
			int[] counts = this.determined.computeIfAbsent(category, (key) -> new int[2]);
			counts[(allowed.size() == 1) ? 0 : 1]++;
			if (allowed.size() == 1) {
				this.determinedAnswers.add(allowed.iterator().next().status() == 200 ? new Answer(200, "ok")
						: allowed.iterator().next());
				if (live.contains(token.session())) {
					this.determinedAnswers.add(new Answer(-2, "live " + allowed.iterator().next().status()));
				}
			}
		}
	}

	private String category(LoadToken token, Set<Integer> live) {
		if (token.kind() != Kind.SESSION) {
			return token.kind().name();
		}
		if (token.session() >= SESSIONS) {
			return "REVOKED_BEFORE";
		}
		return live.contains(token.session()) ? "REVOKED_DURING" : "VALID";
	}

	private String describe() {
		StringBuilder text = new StringBuilder();
		this.determined.forEach((category, counts) -> text.append(category)
			.append(": ")
			.append(counts[0])
			.append(" determined, ")
			.append(counts[1])
			.append(" either way; "));
		return text.toString();
	}

	@Test
	void everyAnswerIsOneTheModelAllows() {
		assertThat(this.run.token).hasSize(LoadRun.THREADS * REQUESTS);
		assertThat(this.wrong).as("wrong decisions").isEmpty();
	}

	@Test
	void noServerErrorAndNoFailedExchange() {
		assertThat(this.serverErrors).as("5xx answers or failed exchanges, by token kind").isEmpty();
	}

	@Test
	void everyKindOfAnswerWasCheckedWhereItWasDetermined() {
		assertThat(this.determinedAnswers).contains(new Answer(200, "ok"), Answer.refused(code("SESSION_REVOKED")),
				Answer.refused(code("SESSION_EXPIRED")), Answer.refused(code("SIGNATURE_INVALID")),
				Answer.refused(code("JWT_KID_MISMATCH")), new Answer(-2, "live 200"), new Answer(-2, "live 401"));
	}

	@Test
	void everyWebhookWasAccepted() {
		assertThat(this.run.webhookFailures).isEmpty();
		assertThat(this.run.webhooks.get()).isGreaterThan(this.run.liveRevoked.size());
	}

	@Test
	void verifiedTokenCacheStaysWithinItsBound() {
		VerifiedTokenCache cache = this.context.getBean(VerifiedTokenCache.class);
		assertThat(this.run.cachePeak.get()).isLessThanOrEqualTo(CACHE_MAX + CACHE_SLACK);
		await().atMost(java.time.Duration.ofSeconds(10)).until(() -> cache.size() <= CACHE_MAX);
		VerifiedTokenCache.Stats stats = cache.stats();
		assertThat(stats.evictionCount()).as("evictions for the bound").isPositive();
		assertThat(stats.hitCount()).as("hits").isPositive();
	}

	@Test
	void revocationStoreHoldsExactlyTheRevocationsDelivered() {
		RevocationStore store = this.context.getBean(RevocationStore.class);
		assertThat(store).isInstanceOf(InMemoryRevocationStore.class);
		// one entry per revoked session, one fail-safe mark per user of a revoked
		// session, one mark per locked user; none expires within the retention
		assertThat(((InMemoryRevocationStore) store).size()).isEqualTo(this.run.revokedSessions.size()
				+ this.run.revokedSessionUsers.size() + this.run.lockedUsers.size());
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void requestsRanOnVirtualThreadsAndNoPinnedThreadHadAStarterFrame() {
		LoadApplication.SessionController controller = this.context
			.getBean(LoadApplication.SessionController.class);
		assertThat(controller.onPlatformThreads.sum()).isZero();
		assertThat(controller.onVirtualThreads.sum()).isPositive();
		assertThat(this.pinned).as("the recording sees the canary's pinning")
			.anyMatch(PinnedThreads.Pinned::isCanary);
		assertThat(this.pinned).filteredOn((event) -> !event.isCanary())
			.filteredOn(PinnedThreads.Pinned::isStarterPinning)
			.extracting(PinnedThreads.Pinned::description)
			.isEmpty();
	}

	private static dev.trymellon.spring.session.TryMellonErrorCode code(String name) {
		return dev.trymellon.spring.session.TryMellonErrorCode.valueOf(name);
	}

}
