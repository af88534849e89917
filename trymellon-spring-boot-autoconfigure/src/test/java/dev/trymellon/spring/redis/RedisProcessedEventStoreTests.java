package dev.trymellon.spring.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.trymellon.spring.webhook.ProcessedEventStore.ClaimResult;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Against the real Redis: claims, completion and release across replicas.
 */
class RedisProcessedEventStoreTests {

	private LettuceConnectionFactory factory;

	private String prefix;

	private RedisProcessedEventStore store;

	@BeforeEach
	void connect() {
		this.factory = RedisTestSupport.connect();
		this.prefix = RedisTestSupport.uniquePrefix();
		this.store = new RedisProcessedEventStore(this.factory, this.prefix);
	}

	@AfterEach
	void cleanUp() {
		if (this.factory != null) {
			RedisTestSupport.deleteKeys(this.factory, this.prefix);
			this.factory.destroy();
		}
	}

	@Test
	void concurrentClaimsOfTheSameKeyExactlyOneWins() throws Exception {
		int replicas = 16;
		ExecutorService pool = Executors.newFixedThreadPool(replicas);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<ClaimResult>> results = new ArrayList<>();
			for (int i = 0; i < replicas; i++) {
				RedisProcessedEventStore replica = new RedisProcessedEventStore(this.factory, this.prefix);
				Callable<ClaimResult> claim = () -> {
					start.await();
					return replica.claim("evt_race", Duration.ofMinutes(5));
				};
				results.add(pool.submit(claim));
			}
			start.countDown();
			List<ClaimResult> outcomes = new ArrayList<>();
			for (Future<ClaimResult> result : results) {
				outcomes.add(result.get(10, TimeUnit.SECONDS));
			}
			assertThat(outcomes).filteredOn((outcome) -> outcome == ClaimResult.CLAIMED).hasSize(1);
			assertThat(outcomes).filteredOn((outcome) -> outcome == ClaimResult.IN_PROGRESS).hasSize(replicas - 1);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void leaseExpiryLetsARetryClaim() {
		assertThat(this.store.claim("evt_lease", Duration.ofMillis(200))).isEqualTo(ClaimResult.CLAIMED);
		assertThat(this.store.claim("evt_lease", Duration.ofMillis(200))).isEqualTo(ClaimResult.IN_PROGRESS);
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> this.store.claim("evt_lease", Duration.ofMinutes(5)), (retry) -> retry == ClaimResult.CLAIMED);
	}

	@Test
	void completedKeyIsReportedCompletedUntilItsRetentionEnds() {
		assertThat(this.store.claim("evt_done", Duration.ofMinutes(5))).isEqualTo(ClaimResult.CLAIMED);
		this.store.complete("evt_done", Duration.ofHours(72));
		assertThat(this.store.claim("evt_done", Duration.ofMinutes(5))).isEqualTo(ClaimResult.COMPLETED);
		Long ttl = new StringRedisTemplate(this.factory).getExpire(this.prefix + "webhook:evt_done");
		assertThat(ttl).isBetween(Duration.ofHours(72).toSeconds() - 10, Duration.ofHours(72).toSeconds());
	}

	@Test
	void releaseLetsTheNextDeliveryClaimAtOnce() {
		assertThat(this.store.claim("evt_fail", Duration.ofMinutes(5))).isEqualTo(ClaimResult.CLAIMED);
		this.store.release("evt_fail");
		assertThat(this.store.claim("evt_fail", Duration.ofMinutes(5))).isEqualTo(ClaimResult.CLAIMED);
	}

	@Test
	void releaseNeverForgetsACompletedKey() {
		assertThat(this.store.claim("evt_kept", Duration.ofMinutes(5))).isEqualTo(ClaimResult.CLAIMED);
		this.store.complete("evt_kept", Duration.ofHours(1));
		this.store.release("evt_kept");
		assertThat(this.store.claim("evt_kept", Duration.ofMinutes(5))).isEqualTo(ClaimResult.COMPLETED);
	}

}
