package dev.trymellon.spring.test;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * The faults a test programmed on the stand-in API: answers to give instead of the real
 * one, each a number of times and in the order programmed, a delay before every answer,
 * and a hold that keeps answers back until released. Lock-free; waiting happens on the
 * server's request threads only.
 */
final class ApiFaults {

	/** How long a held answer waits for its release at most. */
	private static final Duration MAX_HOLD = Duration.ofMinutes(1);

	private final Queue<Fault> queue = new ConcurrentLinkedQueue<>();

	private volatile Duration delay = Duration.ZERO;

	private volatile @Nullable CountDownLatch hold;

	private volatile boolean flat;

	/**
	 * One programmed answer: a status (with {@code Retry-After} for a 429), or a
	 * {@code 200} whose body is not JSON.
	 */
	record Fault(int status, @Nullable Duration retryAfter, boolean malformed) {

	}

	void add(Fault fault, int times) {
		for (int i = 0; i < times; i++) {
			this.queue.add(fault);
		}
	}

	/** The next programmed answer, consumed, or {@code null} for the real one. */
	@Nullable Fault next() {
		return this.queue.poll();
	}

	void delay(Duration delay) {
		this.delay = delay;
	}

	void flat(boolean flat) {
		this.flat = flat;
	}

	boolean flat() {
		return this.flat;
	}

	void hold() {
		if (this.hold == null) {
			this.hold = new CountDownLatch(1);
		}
	}

	void release() {
		CountDownLatch latch = this.hold;
		this.hold = null;
		if (latch != null) {
			latch.countDown();
		}
	}

	/** Waits as programmed before an answer: the hold, then the delay. */
	void await() throws InterruptedException {
		CountDownLatch latch = this.hold;
		if (latch != null) {
			latch.await(MAX_HOLD.toMillis(), TimeUnit.MILLISECONDS);
		}
		Duration pause = this.delay;
		if (!pause.isZero()) {
			TimeUnit.MILLISECONDS.sleep(pause.toMillis());
		}
	}

	void reset() {
		this.queue.clear();
		this.delay = Duration.ZERO;
		this.flat = false;
		release();
	}

}
