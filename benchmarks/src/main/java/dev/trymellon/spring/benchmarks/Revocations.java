package dev.trymellon.spring.benchmarks;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import org.openjdk.jol.info.GraphLayout;

import dev.trymellon.spring.revocation.InMemoryRevocationStore;
import dev.trymellon.spring.revocation.Revocation;

/**
 * Fills an in-memory revocation store the way webhooks do: {@code session.revoked}
 * (session id and its user id) and {@code user.locked}, each kept for 25 hours, for users
 * none of the benchmark tokens belong to.
 * <p>
 * {@link InMemoryRevocationStore#revoke} scans the whole store for expired entries on
 * every call, so 300,000 calls on one store take minutes of CPU (quadratic). The store
 * is therefore filled in chunks: each chunk goes through {@code revoke()} into a small
 * store of its own, whose map entries (the very keys and values {@code revoke()}
 * created) are then put one by one into the big store's maps, as {@code revoke()}
 * would have put them. Before it is trusted, this is checked on 3,000 revocations to
 * build a store of exactly the same heap size (JOL) and entry count as calling
 * {@code revoke()} on one store; when it does not (the store's internals changed), the
 * store is filled through {@code revoke()} alone, slowly.
 */
final class Revocations {

	static final Duration RETENTION = Duration.ofHours(25);

	private static final int CHUNK = 1000;

	private static volatile boolean checked;

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
		fill(store, count, Revocations::lockedUser);
	}

	static void revokeSessions(InMemoryRevocationStore store, int count) {
		fill(store, count, Revocations::revokedSession);
	}

	private static void fill(InMemoryRevocationStore store, int count, RevocationFactory revocations) {
		Instant now = Instant.now();
		if (!chunkedFillIsFaithful()) {
			for (int i = 0; i < count; i++) {
				store.revoke(revocations.create(i, now));
			}
			return;
		}
		chunked(store, count, (i) -> revocations.create(i, now));
	}

	private static void chunked(InMemoryRevocationStore store, int count, IntFunction<Revocation> revocations) {
		List<Field> maps = mapFields();
		int last = count - 1;
		for (int first = 0; first < last; first += CHUNK) {
			InMemoryRevocationStore chunk = new InMemoryRevocationStore();
			for (int i = first; i < Math.min(last, first + CHUNK); i++) {
				chunk.revoke(revocations.apply(i));
			}
			for (Field field : maps) {
				Map<Object, Object> target = map(field, store);
				map(field, chunk).forEach(target::put);
			}
		}
		// One last revocation through revoke() itself, so that whatever else it maintains
		// (the empty flag, the purge) runs on the full store.
		store.revoke(revocations.apply(last));
	}

	/**
	 * Whether the chunked fill builds the same store as {@code revoke()}, checked once.
	 */
	private static synchronized boolean chunkedFillIsFaithful() {
		if (checked) {
			return true;
		}
		try {
			Instant now = Instant.now();
			int count = 3 * CHUNK;
			InMemoryRevocationStore direct = new InMemoryRevocationStore();
			InMemoryRevocationStore chunked = new InMemoryRevocationStore();
			for (int i = 0; i < count; i++) {
				direct.revoke(revokedSession(i, now));
			}
			for (int i = 0; i < count; i++) {
				direct.revoke(lockedUser(i, now));
			}
			chunked(chunked, count, (i) -> revokedSession(i, now));
			chunked(chunked, count, (i) -> lockedUser(i, now));
			long directSize = GraphLayout.parseInstance(direct).totalSize();
			long chunkedSize = GraphLayout.parseInstance(chunked).totalSize();
			if (direct.size() != chunked.size() || directSize != chunkedSize) {
				System.err.println("WARNING: the chunked fill builds another store than revoke() (" + chunked.size()
						+ " entries, " + chunkedSize + " bytes against " + direct.size() + ", " + directSize
						+ "): filling through revoke() alone, which takes minutes");
				return false;
			}
			checked = true;
			return true;
		}
		catch (RuntimeException ex) {
			System.err.println("WARNING: cannot fill the revocation store in chunks (" + ex
					+ "): filling through revoke() alone, which takes minutes");
			return false;
		}
	}

	private static List<Field> mapFields() {
		List<Field> maps = new ArrayList<>();
		for (Field field : InMemoryRevocationStore.class.getDeclaredFields()) {
			if (!Modifier.isStatic(field.getModifiers()) && Map.class.isAssignableFrom(field.getType())) {
				field.setAccessible(true);
				maps.add(field);
			}
		}
		if (maps.isEmpty()) {
			throw new IllegalStateException("InMemoryRevocationStore holds no map");
		}
		return maps;
	}

	@SuppressWarnings("unchecked")
	private static Map<Object, Object> map(Field field, InMemoryRevocationStore store) {
		try {
			return (Map<Object, Object>) field.get(store);
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@FunctionalInterface
	private interface RevocationFactory {

		Revocation create(int index, Instant now);

	}

}
