package dev.trymellon.spring.webhook;

import java.time.Duration;

/**
 * Remembers which webhook events have been processed, so that a duplicate or replayed
 * delivery is not handed to the application twice.
 * <p>
 * The receiver uses it in three steps for every correctly signed delivery:
 * <ol>
 * <li>{@link #claim(String, Duration) claim} the event's key with a processing lease;
 * only the caller that gets {@link ClaimResult#CLAIMED} publishes the event;</li>
 * <li>{@link #complete(String, Duration) complete} it once every listener returned,
 * keeping the key for the replay TTL;</li>
 * <li>or {@link #release(String) release} it when a listener failed, so that the
 * sender's retry is processed.</li>
 * </ol>
 * The in-memory default ({@link InMemoryProcessedEventStore}) protects one instance;
 * applications running several replicas declare a shared store (for example on Redis)
 * as a bean of this type. Implementations must be thread-safe, and {@code claim} must be
 * atomic: of concurrent calls for one key, exactly one may return
 * {@link ClaimResult#CLAIMED}. Keys are opaque strings of at most about 300 characters.
 *
 * @author TryMellon
 * @since 0.1.0
 */
public interface ProcessedEventStore {

	/**
	 * Atomically claims the key for processing, unless it is already claimed or
	 * completed.
	 * @param key the event's de-duplication key
	 * @param lease how long the claim holds if it is neither completed nor released (a
	 * crashed instance must not block retries for longer)
	 * @return the state found: {@link ClaimResult#CLAIMED} when this call took the claim
	 */
	ClaimResult claim(String key, Duration lease);

	/**
	 * Marks a claimed key as processed and keeps it for the given time; deliveries of the
	 * same event during that time are duplicates.
	 * @param key the event's de-duplication key
	 * @param retention how long the key is remembered
	 */
	void complete(String key, Duration retention);

	/**
	 * Drops an in-progress claim so that the next delivery of the event is processed.
	 * A completed key is left untouched.
	 * @param key the event's de-duplication key
	 */
	void release(String key);

	/**
	 * The state of a key found by {@link #claim(String, Duration)}.
	 *
	 * @since 0.1.0
	 */
	enum ClaimResult {

		/**
		 * The key was free and is now claimed by the caller.
		 */
		CLAIMED,

		/**
		 * Another delivery of the same event holds a claim that has not yet ended.
		 */
		IN_PROGRESS,

		/**
		 * The event has already been processed.
		 */
		COMPLETED

	}

}
