package dev.trymellon.spring.webhook;

import java.time.Duration;
import java.util.concurrent.ConcurrentMap;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;

import org.springframework.util.Assert;

/**
 * {@link ProcessedEventStore} held in memory (Caffeine), for a single instance of the
 * application. Each key expires on its own: an in-progress claim at the end of its lease,
 * a completed key at the end of its retention. The number of keys is bounded; when the
 * bound is reached the oldest keys are dropped first.
 *
 * @author TryMellon
 * @since 0.1.0
 */
public final class InMemoryProcessedEventStore implements ProcessedEventStore {

	/**
	 * Default largest number of remembered keys.
	 */
	public static final long DEFAULT_MAXIMUM_SIZE = 100_000;

	private final ConcurrentMap<String, Entry> entries;

	private final Ticker ticker;

	/**
	 * Creates a store remembering at most {@value #DEFAULT_MAXIMUM_SIZE} keys.
	 */
	public InMemoryProcessedEventStore() {
		this(DEFAULT_MAXIMUM_SIZE);
	}

	/**
	 * Creates a store remembering at most the given number of keys.
	 * @param maximumSize the largest number of keys, at least 1
	 */
	public InMemoryProcessedEventStore(long maximumSize) {
		this(maximumSize, Ticker.systemTicker());
	}

	InMemoryProcessedEventStore(long maximumSize, Ticker ticker) {
		Assert.isTrue(maximumSize > 0, "maximumSize must be positive");
		Assert.notNull(ticker, "ticker must not be null");
		this.ticker = ticker;
		// Caffeine's upkeep on the receiving thread, as the verified-token cache does
		Cache<String, Entry> cache = Caffeine.newBuilder()
			.executor(Runnable::run)
			.maximumSize(maximumSize)
			.ticker(ticker)
			.expireAfter(new EntryExpiry())
			.build();
		this.entries = cache.asMap();
	}

	@Override
	public ClaimResult claim(String key, Duration lease) {
		Assert.hasText(key, "key must not be empty");
		Assert.isTrue((!lease.isNegative() && !lease.isZero()), "lease must be positive");
		long now = this.ticker.read();
		Entry claim = new Entry(false, deadline(now, lease));
		Entry current = this.entries.compute(key,
				(k, existing) -> (existing == null || existing.deadline - now <= 0) ? claim : existing);
		if (current == claim) {
			return ClaimResult.CLAIMED;
		}
		return current.completed ? ClaimResult.COMPLETED : ClaimResult.IN_PROGRESS;
	}

	@Override
	public void complete(String key, Duration retention) {
		Assert.hasText(key, "key must not be empty");
		Assert.isTrue((!retention.isNegative() && !retention.isZero()), "retention must be positive");
		this.entries.put(key, new Entry(true, deadline(this.ticker.read(), retention)));
	}

	@Override
	public void release(String key) {
		Assert.hasText(key, "key must not be empty");
		this.entries.computeIfPresent(key, (k, existing) -> existing.completed ? existing : null);
	}

	private static long deadline(long now, Duration duration) {
		long nanos;
		try {
			nanos = duration.toNanos();
		}
		catch (ArithmeticException ex) {
			nanos = Long.MAX_VALUE / 2;
		}
		return now + Math.min(nanos, Long.MAX_VALUE / 2);
	}

	@Override
	public String toString() {
		return "InMemoryProcessedEventStore[" + this.entries.size() + " key(s)]";
	}

	private record Entry(boolean completed, long deadline) {
	}

	private static final class EntryExpiry implements Expiry<String, Entry> {

		@Override
		public long expireAfterCreate(String key, Entry value, long currentTime) {
			return Math.max(0, value.deadline - currentTime);
		}

		@Override
		public long expireAfterUpdate(String key, Entry value, long currentTime, long currentDuration) {
			return Math.max(0, value.deadline - currentTime);
		}

		@Override
		public long expireAfterRead(String key, Entry value, long currentTime, long currentDuration) {
			return currentDuration;
		}

	}

}
