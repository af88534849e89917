package dev.trymellon.spring.redis;

/**
 * Told about each call the {@link RedisRevocationStore} makes to Redis outside the
 * request path: the publication of a revocation and the read of every revocation (at
 * start and on each resync). The actuate layer adapts it to Micrometer observations;
 * the store knows no metrics library.
 * <p>
 * {@link #start(Operation)} is called on the calling thread before the call, and the
 * returned {@link Completion} exactly once after it. Implementations must be fast and
 * must not throw.
 *
 * @author TryMellon
 * @since 0.2.0
 */
@FunctionalInterface
public interface RevocationSyncObserver {

	/** Observes nothing. */
	RevocationSyncObserver NONE = (operation) -> Completion.NONE;

	/**
	 * A call to Redis starts.
	 * @param operation which call
	 * @return what is told how it ended
	 */
	Completion start(Operation operation);

	/**
	 * The calls observed.
	 */
	enum Operation {

		/** A revocation merged into Redis and published to every replica. */
		PUBLISH,

		/** Every revocation read from Redis into this replica's view. */
		RESYNC

	}

	/**
	 * How one call ended; exactly one method is called.
	 */
	interface Completion {

		/** Ignores the end. */
		Completion NONE = new Completion() {

			@Override
			public void succeeded(int revocations) {
			}

			@Override
			public void failed(Throwable error) {
			}

		};

		/**
		 * The call succeeded.
		 * @param revocations the revocations written (one) or read
		 */
		void succeeded(int revocations);

		/**
		 * The call failed; the store throws the error on.
		 * @param error why
		 */
		void failed(Throwable error);

	}

}
