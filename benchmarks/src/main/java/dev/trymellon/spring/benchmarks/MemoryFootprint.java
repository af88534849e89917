package dev.trymellon.spring.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.openjdk.jol.info.GraphLayout;
import tools.jackson.databind.json.JsonMapper;

import dev.trymellon.spring.revocation.InMemoryRevocationStore;
import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.session.offline.OfflineSessionTokenVerifier;
import dev.trymellon.spring.session.offline.VerifiedTokenCache;

/**
 * Measures the heap retained per verified-token cache entry, per revoked session and
 * per locked user: the live heap after a full collection, before and after adding
 * {@code n} entries, divided by {@code n}. Run in its own JVM with the serial collector,
 * whose used-heap figure after a full collection is exactly the live bytes:
 * {@code java -XX:+UseSerialGC -cp benchmarks.jar ...MemoryFootprint CACHE_ENTRIES
 * REVOCATIONS OUTPUT.json}.
 * <p>
 * The cache is filled by verifying real tokens (each arriving as its own string, as from
 * a request), so an entry holds what it holds in production: the token string, the
 * session with its claims, and the cache's own node. JOL sizes a token string and a
 * session alone, to say what dominates.
 */
public final class MemoryFootprint {

	private MemoryFootprint() {
	}

	public static void main(String[] args) throws IOException {
		int cacheEntries = Integer.parseInt(args[0]);
		int revocations = Integer.parseInt(args[1]);
		Path output = Path.of(args[2]);
		Map<String, Object> result = measure(cacheEntries, revocations);
		Files.writeString(output, JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(result));
		System.out.println("Memory footprint written to " + output + ": " + result);
	}

	static Map<String, Object> measure(int cacheEntries, int revocations) {
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("method", "live heap after a full GC (" + gcName() + "), before and after adding the entries");
		result.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));

		BenchmarkTokens tokens = BenchmarkTokens.generate();
		String[] minted = tokens.mint(0, cacheEntries);
		VerifiedTokenCache cache = new VerifiedTokenCache(cacheEntries);
		OfflineSessionTokenVerifier verifier = tokens.trymellonVerifier()
			.cache(cache)
			.revocationCheck(new InMemoryRevocationStore()::isRevoked)
			.build();
		TryMellonSession sample = verifier.verify(new String(minted[0].toCharArray()));
		cache.invalidateAll();
		long before = liveHeap();
		for (String token : minted) {
			// A copy: the minted array is held outside the measurement, the copy only by the cache.
			verifier.verify(new String(token.toCharArray()));
		}
		long after = liveHeap();
		TokenVerificationBenchmark.check(cache.size() == cacheEntries, "the cache holds " + cache.size() + " tokens");
		result.put("cacheEntries", cacheEntries);
		result.put("bytesPerCacheEntry", (after - before) / (double) cacheEntries);
		result.put("tokenLength", minted[0].length());
		result.put("tokenStringBytes", GraphLayout.parseInstance(minted[0]).totalSize());
		result.put("sessionBytes", GraphLayout.parseInstance(sample).totalSize());

		InMemoryRevocationStore sessions = new InMemoryRevocationStore();
		InMemoryRevocationStore users = new InMemoryRevocationStore();
		before = liveHeap();
		Revocations.revokeSessions(sessions, revocations);
		long afterSessions = liveHeap();
		Revocations.revokeUsers(users, revocations);
		long afterUsers = liveHeap();
		TokenVerificationBenchmark.check(users.size() == revocations, "the store holds " + users.size() + " users");
		result.put("revocations", revocations);
		result.put("bytesPerRevokedSession", (afterSessions - before) / (double) revocations);
		result.put("bytesPerRevokedUser", (afterUsers - afterSessions) / (double) revocations);
		result.put("revokedSessionEntries", sessions.size() / (double) revocations);
		result.put("revokedIdLength", BenchmarkTokens.userId("sess", 0).length());
		result.put("idStringBytes", GraphLayout.parseInstance(BenchmarkTokens.userId("sess", 0)).totalSize());
		// Keep everything measured reachable until here.
		TokenVerificationBenchmark.check(cache.size() > 0 && sessions.size() > 0 && minted.length > 0, "emptied");
		return result;
	}

	private static long liveHeap() {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	private static String gcName() {
		return String.join(", ", ManagementFactory.getGarbageCollectorMXBeans().stream().map((gc) -> gc.getName()).toList());
	}

}
