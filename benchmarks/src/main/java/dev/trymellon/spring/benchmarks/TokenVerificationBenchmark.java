package dev.trymellon.spring.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import dev.trymellon.spring.revocation.InMemoryRevocationStore;
import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.session.offline.OfflineSessionTokenVerifier;
import dev.trymellon.spring.session.offline.VerifiedTokenCache;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Token verification on two threads, ours beside Spring Security's
 * {@link NimbusJwtDecoder} with the same key, tokens and checks (signature, expiry,
 * issuer, audience). Our verifier is set up as the auto-configuration sets it up: a
 * verified-token cache of 10,000 and the in-memory revocation store.
 * <ul>
 * <li>{@code cold*}: every token is new to the verifier. Each thread cycles through its
 * own 1,000 tokens, and our cache is emptied (outside the measurement) each time a thread
 * starts its list again, so every call misses, verifies and inserts.
 * {@code coldTryMellonNativeProvider} is {@code coldTryMellon} with Amazon Corretto Crypto
 * Provider as the verifier's signature provider (native RSA); Spring's decoder keeps the
 * JDK's.</li>
 * <li>{@code warm*}: 1,000 tokens cycled by both threads, all in our cache. Each token
 * arrives as another string instance than the one cached, as from a request header.
 * Spring's decoder has no cache: its warm run does the same work as its cold one.</li>
 * <li>{@code warmTryMellonRevoked}: as {@code warmTryMellon}, with 100,000 revoked
 * sessions (each with its user) and 100,000 locked users in the revocation store.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
@Threads(2)
public class TokenVerificationBenchmark {

	static final int TOKENS = 1000;

	static final int REVOKED_SESSIONS = 100_000;

	static final int REVOKED_USERS = 100_000;

	@Benchmark
	public TryMellonSession coldTryMellon(Cold cold, Verifiers verifiers) {
		return verifiers.cold.verify(cold.next());
	}

	@Benchmark
	public TryMellonSession coldTryMellonNativeProvider(Cold cold, NativeProvider nativeProvider) {
		return nativeProvider.verifier.verify(cold.next());
	}

	@Benchmark
	public Jwt coldNimbus(Cold cold, Verifiers verifiers) {
		return verifiers.nimbus.decode(cold.next());
	}

	@Benchmark
	public TryMellonSession warmTryMellon(Warm warm, Verifiers verifiers) {
		return verifiers.warm.verify(warm.next());
	}

	@Benchmark
	public Jwt warmNimbus(Warm warm, Verifiers verifiers) {
		return verifiers.nimbus.decode(warm.next());
	}

	@Benchmark
	public TryMellonSession warmTryMellonRevoked(Warm warm, RevokedStore revoked) {
		return revoked.verifier.verify(warm.next());
	}

	/**
	 * The key, the tokens and the verifiers, shared by both threads.
	 */
	@State(Scope.Benchmark)
	public static class Verifiers {

		BenchmarkTokens tokens;

		/** Tokens {@code 0..TOKENS-1}: the warm set. */
		String[] warmTokens;

		OfflineSessionTokenVerifier cold;

		VerifiedTokenCache coldCache;

		OfflineSessionTokenVerifier warm;

		VerifiedTokenCache warmCache;

		NimbusJwtDecoder nimbus;

		final AtomicInteger threads = new AtomicInteger();

		@Setup(Level.Trial)
		public void setUp() {
			this.tokens = BenchmarkTokens.shared();
			this.warmTokens = this.tokens.mint(0, TOKENS);
			this.coldCache = new VerifiedTokenCache(10_000);
			this.cold = this.tokens.trymellonVerifier()
				.cache(this.coldCache)
				.revocationCheck(new InMemoryRevocationStore()::isRevoked)
				.build();
			this.warmCache = new VerifiedTokenCache(10_000);
			this.warm = this.tokens.trymellonVerifier()
				.cache(this.warmCache)
				.revocationCheck(new InMemoryRevocationStore()::isRevoked)
				.build();
			this.nimbus = this.tokens.nimbusJwtDecoder();
			fillCache(this.warm, this.warmCache, this.warmTokens);
			check(this.nimbus.decode(this.warmTokens[0]).getSubject().equals(BenchmarkTokens.userId("user", 0)),
					"Spring's decoder reads another subject");
		}

		@TearDown(Level.Trial)
		public void checkCaches() {
			check(this.coldCache.stats().hitCount() == 0, "a cold call was answered from the cache");
			check(this.warmCache.stats().missCount() == TOKENS, "a warm call missed the cache");
		}

	}

	/**
	 * Our cold verifier with Amazon Corretto Crypto Provider checking the signatures, as
	 * {@code trymellon.token.signature-provider=AmazonCorrettoCryptoProvider} sets it up:
	 * the provider is the verifier's only, never registered with the JVM.
	 */
	@State(Scope.Benchmark)
	public static class NativeProvider {

		OfflineSessionTokenVerifier verifier;

		@Setup(Level.Trial)
		public void setUp(Verifiers verifiers) {
			AmazonCorrettoCryptoProvider provider = AmazonCorrettoCryptoProvider.INSTANCE;
			// Fails the benchmark, not the suite's other ones, where the native library does not load.
			provider.assertHealthy();
			this.verifier = verifiers.tokens.trymellonVerifier()
				.cache(verifiers.coldCache)
				.revocationCheck(new InMemoryRevocationStore()::isRevoked)
				.signatureProvider(provider)
				.build();
			check(java.security.Security.getProvider(provider.getName()) == null,
					"the native provider was registered with the JVM");
		}

	}

	/**
	 * Our verifier with a crowded revocation store; its warm cache holds the warm set.
	 */
	@State(Scope.Benchmark)
	public static class RevokedStore {

		OfflineSessionTokenVerifier verifier;

		VerifiedTokenCache cache;

		@Setup(Level.Trial)
		public void setUp(Verifiers verifiers) {
			InMemoryRevocationStore store = new InMemoryRevocationStore();
			Revocations.revokeUsers(store, REVOKED_USERS);
			Revocations.revokeSessions(store, REVOKED_SESSIONS);
			check(store.size() >= REVOKED_USERS + REVOKED_SESSIONS, "the revocation store was not filled");
			this.cache = new VerifiedTokenCache(10_000);
			this.verifier = verifiers.tokens.trymellonVerifier().cache(this.cache).revocationCheck(store::isRevoked).build();
			fillCache(this.verifier, this.cache, verifiers.warmTokens);
		}

		@TearDown(Level.Trial)
		public void checkCache() {
			check(this.cache.stats().missCount() == TOKENS, "a warm call missed the cache");
		}

	}

	/**
	 * A thread's own list of tokens no other thread uses, cycled; our cold cache is
	 * emptied before the list starts again, outside the measured time.
	 */
	@State(Scope.Thread)
	public static class Cold {

		private String[] tokens;

		private VerifiedTokenCache cache;

		private int next;

		@Setup(Level.Trial)
		public void setUp(Verifiers verifiers) {
			int thread = verifiers.threads.getAndIncrement();
			this.tokens = verifiers.tokens.mint((thread + 1L) * TOKENS, TOKENS);
			this.cache = verifiers.coldCache;
		}

		@Setup(Level.Invocation)
		public void wrap() {
			if (this.next == this.tokens.length) {
				this.next = 0;
				this.cache.invalidateAll();
			}
		}

		String next() {
			return this.tokens[this.next++];
		}

	}

	/**
	 * A thread's cursor over the warm set, each thread starting at another place.
	 */
	@State(Scope.Thread)
	public static class Warm {

		private static final AtomicInteger starts = new AtomicInteger();

		private String[] tokens;

		private int next;

		@Setup(Level.Trial)
		public void setUp(Verifiers verifiers) {
			this.tokens = verifiers.warmTokens;
			this.next = (starts.getAndIncrement() * 487) % TOKENS;
		}

		String next() {
			String token = this.tokens[this.next];
			this.next = (this.next + 1 == TOKENS) ? 0 : this.next + 1;
			return token;
		}

	}

	/**
	 * Verifies a copy of each token so that the cache holds other string instances than
	 * the ones the benchmark passes, as in production.
	 */
	static void fillCache(OfflineSessionTokenVerifier verifier, VerifiedTokenCache cache, String[] tokens) {
		for (String token : tokens) {
			TryMellonSession session = verifier.verify(new String(token.toCharArray()));
			check(session.getCustomClaims().size() == 10, "a token lost its custom claims");
		}
		for (String token : tokens) {
			verifier.verify(new String(token.toCharArray()));
		}
		check(cache.stats().missCount() == tokens.length, "the cache did not keep every token");
	}

	static void check(boolean condition, String message) {
		if (!condition) {
			throw new IllegalStateException(message);
		}
	}

}
