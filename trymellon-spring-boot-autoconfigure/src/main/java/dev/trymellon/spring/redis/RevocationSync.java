package dev.trymellon.spring.redis;

import java.time.Clock;
import java.time.Instant;
import java.util.function.IntSupplier;

import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.redis.RevocationSyncObserver.Completion;
import dev.trymellon.spring.redis.RevocationSyncObserver.Operation;
import dev.trymellon.spring.revocation.RevocationStoreStatus;

import org.springframework.util.Assert;

/**
 * Runs the {@link RedisRevocationStore}'s calls to Redis (publish, resync) through the
 * {@link RevocationSyncObserver} and remembers how the latest ones went, for
 * {@link RedisRevocationStore#status()}: volatile fields only, read without I/O.
 *
 * @author TryMellon
 */
final class RevocationSync {

	private static final long NEVER = Long.MIN_VALUE;

	private final Clock clock;

	private volatile RevocationSyncObserver observer = RevocationSyncObserver.NONE;

	private volatile long lastSuccess = NEVER;

	private volatile long lastFailureAt = NEVER;

	private volatile long lastResync = NEVER;

	private volatile @Nullable String lastFailure;

	RevocationSync(Clock clock) {
		this.clock = clock;
	}

	void setObserver(RevocationSyncObserver observer) {
		Assert.notNull(observer, "observer cannot be null");
		this.observer = observer;
	}

	int resync(IntSupplier read) {
		return call(Operation.RESYNC, read);
	}

	void publish(Runnable write) {
		call(Operation.PUBLISH, () -> {
			write.run();
			return 1;
		});
	}

	private int call(Operation operation, IntSupplier call) {
		Completion completion = this.observer.start(operation);
		int count;
		try {
			count = call.getAsInt();
		}
		catch (RuntimeException ex) {
			this.lastFailure = describe(ex);
			this.lastFailureAt = this.clock.millis();
			completion.failed(ex);
			throw ex;
		}
		long now = this.clock.millis();
		this.lastSuccess = now;
		if (operation == Operation.RESYNC) {
			this.lastResync = now;
		}
		this.lastFailure = null;
		completion.succeeded(count);
		return count;
	}

	RevocationStoreStatus status(int size) {
		long success = this.lastSuccess;
		long failure = this.lastFailureAt;
		Boolean reachable = (success == NEVER && failure == NEVER) ? null : success >= failure;
		long resync = this.lastResync;
		return new RevocationStoreStatus("redis", size, true, reachable,
				(resync != NEVER) ? Instant.ofEpochMilli(resync) : null,
				Boolean.FALSE.equals(reachable) ? this.lastFailure : null);
	}

	/** The innermost cause's type and message: Redis client messages name no password. */
	private static String describe(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return cause.getClass().getSimpleName() + ((cause.getMessage() != null) ? ": " + cause.getMessage() : "");
	}

}
