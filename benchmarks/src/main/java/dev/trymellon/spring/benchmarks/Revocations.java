package dev.trymellon.spring.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;

import dev.trymellon.spring.revocation.InMemoryRevocationStore;
import dev.trymellon.spring.revocation.Revocation;

/**
 * Fills an in-memory revocation store the way webhooks do: {@code session.revoked}
 * (session id and its user id) and {@code user.locked}, each kept for 25 hours, for users
 * none of the benchmark tokens belong to.
 */
final class Revocations {

	static final Duration RETENTION = Duration.ofHours(25);

	private Revocations() {
	}

	static void revokeUsers(InMemoryRevocationStore store, int count) {
		Instant now = Instant.now();
		Instant until = now.plus(RETENTION);
		// In parallel: each revoke() also scans the whole store for expired entries, so
		// filling it costs time quadratic in its size.
		IntStream.range(0, count)
			.parallel()
			.forEach((i) -> store.revoke(Revocation.user(BenchmarkTokens.userId("user_locked", i), now, until)));
	}

	static void revokeSessions(InMemoryRevocationStore store, int count) {
		Instant now = Instant.now();
		Instant until = now.plus(RETENTION);
		IntStream.range(0, count)
			.parallel()
			.forEach((i) -> store.revoke(Revocation.session(BenchmarkTokens.userId("sess", i),
					BenchmarkTokens.userId("user_signed_out", i), now, until)));
	}

}
