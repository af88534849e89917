package dev.trymellon.spring.revocation;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A snapshot of a {@link RevocationStore}, taken from memory without I/O, for example for
 * a health indicator.
 *
 * @param kind what the store is: {@code memory}, {@code redis}, or another short name
 * @param size the entries held in this instance's memory, expired ones not yet purged
 * included
 * @param shared whether the store is shared by every replica through a backend
 * @param reachable for a shared store, whether its latest call to the backend succeeded,
 * {@code null} before the first call and for a store of this instance only
 * @param lastResync for a shared store, when every revocation was last read from the
 * backend, {@code null} when not yet
 * @param lastFailure for a shared store, why its latest failed call failed, in a few
 * words (never a secret), {@code null} when the latest call succeeded
 * @author TryMellon
 * @since 0.2.0
 */
public record RevocationStoreStatus(String kind, int size, boolean shared, @Nullable Boolean reachable,
		@Nullable Instant lastResync, @Nullable String lastFailure) {

	/**
	 * Creates a snapshot.
	 * @param kind the kind of store
	 * @param size the entries held in memory
	 * @param shared whether the store is shared
	 * @param reachable whether the backend answered the latest call
	 * @param lastResync when every revocation was last read from the backend
	 * @param lastFailure why the latest failed call failed
	 */
	public RevocationStoreStatus {
		Assert.hasText(kind, "kind must not be empty");
	}

	/**
	 * A store in this instance's memory only.
	 * @param size the entries it holds
	 * @return the snapshot
	 */
	public static RevocationStoreStatus memory(int size) {
		return new RevocationStoreStatus("memory", size, false, null, null, null);
	}

}
