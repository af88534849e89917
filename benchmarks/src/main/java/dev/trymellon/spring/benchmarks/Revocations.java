package dev.trymellon.spring.benchmarks;

import java.time.Duration;
import java.time.Instant;

import dev.trymellon.spring.revocation.InMemoryRevocationStore;
import dev.trymellon.spring.revocation.Revocation;

/**
 * The revocations the benchmarks fill a store with: locked users and revoked sessions
 * none of the benchmark tokens belong to, each through {@link InMemoryRevocationStore#revoke}
 * (which purges expired entries at most once a second, so filling is linear).
 */
final class Revocations {

	static final Duration RETENTION = Duration.ofHours(25);

	private Revocations() {
	}

	static Revocation lockedUser(int index, Instant now) {
		return Revocation.user(BenchmarkTokens.userId("user_locked", index), now, now.plus(RETENTION));
	}

	static Revocation revokedSession(int index, Instant now) {
		return Revocation.session(BenchmarkTokens.userId("sess", index), BenchmarkTokens.userId("user_signed_out", index),
				now, now.plus(RETENTION));
	}

	static void revokeUsers(InMemoryRevocationStore store, int count) {
		Instant now = Instant.now();
		for (int i = 0; i < count; i++) {
			store.revoke(lockedUser(i, now));
		}
	}

	static void revokeSessions(InMemoryRevocationStore store, int count) {
		Instant now = Instant.now();
		for (int i = 0; i < count; i++) {
			store.revoke(revokedSession(i, now));
		}
	}

}
