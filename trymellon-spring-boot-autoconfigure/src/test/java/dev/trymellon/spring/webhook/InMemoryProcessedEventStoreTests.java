package dev.trymellon.spring.webhook;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.trymellon.spring.webhook.ProcessedEventStore.ClaimResult;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryProcessedEventStoreTests {

	private final AtomicLong nanos = new AtomicLong(1_000);

	private final InMemoryProcessedEventStore store = new InMemoryProcessedEventStore(1_000, this.nanos::get);

	@Test
	void firstClaimWinsAndSecondSeesInProgress() {
		assertThat(this.store.claim("k", Duration.ofMinutes(5))).isEqualTo(ClaimResult.CLAIMED);
		assertThat(this.store.claim("k", Duration.ofMinutes(5))).isEqualTo(ClaimResult.IN_PROGRESS);
		assertThat(this.store.claim("other", Duration.ofMinutes(5))).isEqualTo(ClaimResult.CLAIMED);
	}

	@Test
	void completedKeyIsReportedUntilRetentionEnds() {
		this.store.claim("k", Duration.ofMinutes(5));
		this.store.complete("k", Duration.ofHours(72));
		advance(Duration.ofHours(71));
		assertThat(this.store.claim("k", Duration.ofMinutes(5))).isEqualTo(ClaimResult.COMPLETED);
		advance(Duration.ofHours(2));
		assertThat(this.store.claim("k", Duration.ofMinutes(5))).isEqualTo(ClaimResult.CLAIMED);
	}

	@Test
	void leaseEndsSoThatACrashDoesNotBlockRetries() {
		this.store.claim("k", Duration.ofMinutes(5));
		advance(Duration.ofMinutes(4));
		assertThat(this.store.claim("k", Duration.ofMinutes(5))).isEqualTo(ClaimResult.IN_PROGRESS);
		advance(Duration.ofMinutes(2));
		assertThat(this.store.claim("k", Duration.ofMinutes(5))).isEqualTo(ClaimResult.CLAIMED);
	}

	@Test
	void duplicateClaimsDoNotExtendTheLease() {
		this.store.claim("k", Duration.ofMinutes(5));
		for (int i = 0; i < 5; i++) {
			advance(Duration.ofSeconds(55));
			assertThat(this.store.claim("k", Duration.ofMinutes(5))).isEqualTo(ClaimResult.IN_PROGRESS);
		}
		advance(Duration.ofSeconds(30));
		assertThat(this.store.claim("k", Duration.ofMinutes(5))).isEqualTo(ClaimResult.CLAIMED);
	}

	@Test
	void releaseFreesAnInProgressClaim() {
		this.store.claim("k", Duration.ofMinutes(5));
		this.store.release("k");
		assertThat(this.store.claim("k", Duration.ofMinutes(5))).isEqualTo(ClaimResult.CLAIMED);
	}

	@Test
	void releaseLeavesACompletedKey() {
		this.store.claim("k", Duration.ofMinutes(5));
		this.store.complete("k", Duration.ofHours(1));
		this.store.release("k");
		assertThat(this.store.claim("k", Duration.ofMinutes(5))).isEqualTo(ClaimResult.COMPLETED);
	}

	@Test
	void concurrentClaimsHaveExactlyOneWinner() throws Exception {
		InMemoryProcessedEventStore store = new InMemoryProcessedEventStore();
		int threads = 8;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<ClaimResult>> results = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				Callable<ClaimResult> claim = () -> {
					start.await();
					return store.claim("same", Duration.ofMinutes(5));
				};
				results.add(executor.submit(claim));
			}
			start.countDown();
			List<ClaimResult> outcomes = new ArrayList<>();
			for (Future<ClaimResult> result : results) {
				outcomes.add(result.get(10, TimeUnit.SECONDS));
			}
			assertThat(outcomes).filteredOn((r) -> r == ClaimResult.CLAIMED).hasSize(1);
			assertThat(outcomes).filteredOn((r) -> r == ClaimResult.IN_PROGRESS).hasSize(threads - 1);
		}
		finally {
			executor.shutdownNow();
		}
	}

	private void advance(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
	}

}
