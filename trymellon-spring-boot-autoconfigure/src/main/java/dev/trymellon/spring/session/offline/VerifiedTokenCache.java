package dev.trymellon.spring.session.offline;

import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.session.offline.SigningKeys.SigningKey;

import org.springframework.util.Assert;

/**
 * A bounded cache of successfully verified tokens, keyed by the token string. An entry
 * never outlives its token: it expires at the token's {@code exp} plus the clock skew,
 * and every hit re-checks that deadline against the verifier's clock. An entry never
 * outlives its signing key either: it remembers the key that verified it, and a hit
 * counts only while that key is still in the JWKS (otherwise the token is verified
 * afresh, and refused). Failures are never cached.
 * <p>
 * Reads take no lock. {@link #invalidate(Predicate)} lets revocation evict the entries
 * of a session, user or credential at once.
 *
 * @author TryMellon
 * @since 0.1.0
 */
public final class VerifiedTokenCache {

	/**
	 * The bound unless another is set: 10,000 verified tokens.
	 * @since 0.2.0
	 */
	public static final long DEFAULT_MAX_SIZE = 10_000;

	private final Cache<TokenKey, Entry> cache;

	/**
	 * Creates a cache holding at most {@value #DEFAULT_MAX_SIZE} verified tokens.
	 * @since 0.2.0
	 */
	public VerifiedTokenCache() {
		this(DEFAULT_MAX_SIZE);
	}

	/**
	 * Creates a cache holding at most {@code maxSize} verified tokens.
	 * @param maxSize the bound
	 */
	public VerifiedTokenCache(long maxSize) {
		Assert.isTrue(maxSize > 0, "maxSize must be positive");
		// Maintenance (draining the read and write buffers, eviction, expiry) runs on the
		// calling thread, under Caffeine's tryLock, rather than as a task for the common
		// pool: CPU work of microseconds that, handed to another thread on every few
		// writes, cost a first verification 12 % with two request threads on two cores
		// (docs/performance.md). No I/O, no listener, no monitor: safe on an event loop.
		this.cache = Caffeine.newBuilder()
			.executor(Runnable::run)
			.maximumSize(maxSize)
			.expireAfter(new UntilDeadline())
			.recordStats()
			.build();
	}

	/**
	 * Returns the entry cached for the token, when its deadline has not passed.
	 * @param token the raw token
	 * @param nowMillis the current time
	 * @return the entry, or {@code null} on a miss
	 */
	@Nullable Entry get(String token, long nowMillis) {
		TokenKey key = new TokenKey(token);
		Entry entry = this.cache.getIfPresent(key);
		if (entry == null) {
			return null;
		}
		if (nowMillis > entry.deadlineMillis) {
			this.cache.invalidate(key);
			return null;
		}
		return entry;
	}

	void put(String token, TryMellonSession session, SigningKey signingKey, long deadlineMillis, long nowMillis) {
		if (deadlineMillis > nowMillis) {
			this.cache.put(new TokenKey(token),
					new Entry(session, signingKey, deadlineMillis, deadlineMillis - nowMillis));
		}
	}

	/**
	 * Evicts the token's entry.
	 * @param token the raw token
	 */
	void evict(String token) {
		this.cache.invalidate(new TokenKey(token));
	}

	/**
	 * Evicts every cached token whose session matches.
	 * @param predicate which sessions to evict
	 * @return how many entries were evicted
	 */
	public int invalidate(Predicate<TryMellonSession> predicate) {
		Assert.notNull(predicate, "predicate cannot be null");
		int[] count = { 0 };
		this.cache.asMap().values().removeIf((entry) -> {
			boolean match = predicate.test(entry.session);
			if (match) {
				count[0]++;
			}
			return match;
		});
		return count[0];
	}

	/**
	 * Evicts everything.
	 */
	public void invalidateAll() {
		this.cache.invalidateAll();
	}

	/**
	 * Returns the approximate number of cached tokens.
	 * @return the size
	 */
	public long size() {
		return this.cache.estimatedSize();
	}

	/**
	 * Returns the lookup and eviction counts so far. Reads counters, never the entries.
	 * @return a snapshot of the counts
	 */
	public Stats stats() {
		CacheStats stats = this.cache.stats();
		return new Stats(stats.hitCount(), stats.missCount(), stats.evictionCount());
	}

	/**
	 * The cache's counts since it was created, at one moment.
	 *
	 * @param hitCount the lookups that found an entry (one found past its deadline, or
	 * whose signing key has left the JWKS, is counted here and then evicted)
	 * @param missCount the lookups that found none
	 * @param evictionCount the entries removed for the size bound or their deadline
	 * (not those evicted by {@link #invalidate(Predicate)})
	 * @since 0.2.0
	 */
	public record Stats(long hitCount, long missCount, long evictionCount) {

		/**
		 * Returns the number of lookups.
		 * @return hits plus misses
		 */
		public long requestCount() {
			return this.hitCount + this.missCount;
		}

	}

	/**
	 * One verified token.
	 *
	 * @param session the session it proved
	 * @param signingKey the key that verified it: a hit counts only while that key is
	 * in the JWKS
	 * @param deadlineMillis when it stops being valid ({@code exp} plus the clock skew)
	 * @param ttlMillis its time to live when cached
	 */
	record Entry(TryMellonSession session, SigningKey signingKey, long deadlineMillis, long ttlMillis) {
	}

	/**
	 * The cache key: the whole token for equality, but a hash of its last characters
	 * only. Those are signature bytes, random for every token, so the hash spreads well;
	 * and a request's token is always a new string whose {@code String.hashCode()} would
	 * cost a pass over every character. Only verified tokens are ever stored, so nobody
	 * can choose the keys to make them collide.
	 */
	private static final class TokenKey {

		private static final int HASHED_CHARS = 16;

		private final String token;

		private final int hash;

		TokenKey(String token) {
			this.token = token;
			int length = token.length();
			int h = length;
			for (int i = Math.max(0, length - HASHED_CHARS); i < length; i++) {
				h = 31 * h + token.charAt(i);
			}
			this.hash = h;
		}

		@Override
		public boolean equals(@Nullable Object obj) {
			return (obj instanceof TokenKey other) && this.hash == other.hash && this.token.equals(other.token);
		}

		@Override
		public int hashCode() {
			return this.hash;
		}

	}

	// TimeUnit saturates at Long.MAX_VALUE where Duration.toNanos() would overflow and throw
	// (a token valid for centuries, with a max-lifetime raised that far).
	private static final class UntilDeadline implements Expiry<TokenKey, Entry> {

		@Override
		public long expireAfterCreate(TokenKey key, Entry value, long currentTime) {
			return TimeUnit.MILLISECONDS.toNanos(value.ttlMillis());
		}

		@Override
		public long expireAfterUpdate(TokenKey key, Entry value, long currentTime, long currentDuration) {
			return TimeUnit.MILLISECONDS.toNanos(value.ttlMillis());
		}

		@Override
		public long expireAfterRead(TokenKey key, Entry value, long currentTime, long currentDuration) {
			return currentDuration;
		}

	}

}
