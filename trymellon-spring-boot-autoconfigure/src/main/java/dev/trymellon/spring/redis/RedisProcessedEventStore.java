package dev.trymellon.spring.redis;

import java.time.Duration;
import java.util.List;

import dev.trymellon.spring.webhook.ProcessedEventStore;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.Assert;

/**
 * A {@link ProcessedEventStore} in Redis, so that a webhook delivery is processed once
 * across every replica. A claim is an atomic {@code SET key processing NX PX lease}: one
 * caller wins, and the lease expires by itself if that replica dies. Completing
 * overwrites the key with {@code completed} for the replay retention; releasing deletes
 * it only while it is still an in-progress claim. Keys are
 * {@code <prefix>webhook:<event key>}.
 *
 * @author TryMellon
 * @since 0.1.0
 */
public final class RedisProcessedEventStore implements ProcessedEventStore {

	static final String PROCESSING = "processing";

	static final String COMPLETED = "completed";

	private static final RedisScript<Long> RELEASE = new DefaultRedisScript<>(
			"if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0",
			Long.class);

	private static final int ATTEMPTS = 3;

	private final StringRedisTemplate redis;

	private final String keyPrefix;

	/**
	 * Creates a store.
	 * @param connectionFactory the Redis connections
	 * @param keyPrefix the prefix of every key
	 */
	public RedisProcessedEventStore(RedisConnectionFactory connectionFactory, String keyPrefix) {
		Assert.notNull(connectionFactory, "connectionFactory cannot be null");
		Assert.notNull(keyPrefix, "keyPrefix cannot be null");
		this.redis = new StringRedisTemplate(connectionFactory);
		this.keyPrefix = keyPrefix + "webhook:";
	}

	@Override
	public ClaimResult claim(String key, Duration lease) {
		Assert.hasText(key, "key must not be empty");
		Assert.isTrue(lease != null && lease.toMillis() > 0, "lease must be at least one millisecond");
		String redisKey = this.keyPrefix + key;
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			if (Boolean.TRUE.equals(this.redis.opsForValue().setIfAbsent(redisKey, PROCESSING, lease))) {
				return ClaimResult.CLAIMED;
			}
			String current = this.redis.opsForValue().get(redisKey);
			if (COMPLETED.equals(current)) {
				return ClaimResult.COMPLETED;
			}
			if (current != null) {
				return ClaimResult.IN_PROGRESS;
			}
			// The key expired between the two commands: try to claim it again.
		}
		return ClaimResult.IN_PROGRESS;
	}

	@Override
	public void complete(String key, Duration retention) {
		Assert.hasText(key, "key must not be empty");
		Assert.isTrue(retention != null && retention.toMillis() > 0, "retention must be at least one millisecond");
		this.redis.opsForValue().set(this.keyPrefix + key, COMPLETED, retention);
	}

	@Override
	public void release(String key) {
		Assert.hasText(key, "key must not be empty");
		this.redis.execute(RELEASE, List.of(this.keyPrefix + key), PROCESSING);
	}

	@Override
	public String toString() {
		return "RedisProcessedEventStore[" + this.keyPrefix + "]";
	}

}
