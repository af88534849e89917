package dev.trymellon.spring.session.offline;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The key source's background refresh: runs at once on start, again after the delay each
 * refresh returns, never after stop; a given scheduler is used and left running.
 */
class JwksBackgroundRefreshTests {

	private final AtomicInteger refreshes = new AtomicInteger();

	private final SimpleAsyncTaskScheduler given = new SimpleAsyncTaskScheduler();

	@AfterEach
	void close() {
		this.given.close();
	}

	@Test
	void startWhenStartedThenRefreshesAtOnceAndAgainAfterTheReturnedDelay() {
		JwksBackgroundRefresh refresh = new JwksBackgroundRefresh(() -> {
			this.refreshes.incrementAndGet();
			return 10;
		}, null, false);
		refresh.start();
		assertThat(refresh.isRunning()).isTrue();
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(this.refreshes).hasValueGreaterThan(2));
		refresh.stop();
		assertThat(refresh.isRunning()).isFalse();
	}

	@Test
	void stopWhenStoppedThenNoFurtherRefresh() {
		JwksBackgroundRefresh refresh = new JwksBackgroundRefresh(() -> {
			this.refreshes.incrementAndGet();
			return 100;
		}, this.given, false);
		refresh.start();
		// at least one: with a 100 ms delay a second refresh may come before the first poll
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(this.refreshes).hasValueGreaterThan(0));
		refresh.stop();
		int seen = this.refreshes.get();
		await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2))
			.untilAsserted(() -> assertThat(this.refreshes).hasValue(seen));
	}

	@Test
	void stopWhenGivenASchedulerThenTheSchedulerIsLeftRunning() {
		JwksBackgroundRefresh refresh = new JwksBackgroundRefresh(() -> {
			this.refreshes.incrementAndGet();
			return 60_000;
		}, this.given, false);
		refresh.start();
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(this.refreshes).hasValue(1));
		refresh.stop();
		assertThat(this.given.isActive()).isTrue();
	}

	@Test
	void startWhenAlreadyStartedThenOneScheduleOnly() {
		JwksBackgroundRefresh refresh = new JwksBackgroundRefresh(() -> {
			this.refreshes.incrementAndGet();
			return 60_000;
		}, this.given, false);
		refresh.start();
		refresh.start();
		await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.refreshes).hasValue(1));
		refresh.stop();
	}

}
