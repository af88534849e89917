package dev.trymellon.spring.benchmarks;

import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
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

import dev.trymellon.spring.benchmarks.FilterPathBenchmark.Tokens;
import dev.trymellon.spring.benchmarks.ReactivePathApplications.Running;
import dev.trymellon.spring.session.offline.VerifiedTokenCache;

/**
 * The whole reactive request in-process, on two threads: {@code GET /api/me} with a
 * bearer token through the WebFlux application's {@code HttpHandler} (every
 * {@code WebFilter}, Spring Security's {@code SecurityWebFilterChain} included, then the
 * {@code DispatcherHandler}, the controller and its JSON answer), ours (the starter's
 * default chain) beside Spring's reactive resource server with the same key
 * ({@code NimbusReactiveJwtDecoder}).
 * <ul>
 * <li>{@code repeated*}: 1,000 valid tokens cycled by both threads, so our verified-token
 * cache answers after the first round, as it does for a user's repeated requests;</li>
 * <li>{@code unique*}: every request a token the application has never seen. Each
 * thread cycles through its own 1,000 tokens, minted before the measurement, and our
 * cache is emptied each time a thread starts its list again (inside the measured time,
 * once every 1,000 requests, charged to ours only), so each request misses, verifies the
 * signature and inserts. The resource server has no cache; it does the same work in
 * both.</li>
 * </ul>
 * Every answer is checked to be 200. Before measuring, {@link Answers} checks that a good
 * token gets the expected body and that a request without a token, a forged and an
 * expired token are refused with 401; after it, that our repeated run was answered from
 * the cache after the first round (at most one miss per token and thread) and our unique
 * run never was.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
@Threads(2)
public class ReactivePathBenchmark {

	@Benchmark
	public long repeatedTryMellon(Repeated requests, TryMellon app) {
		return app.running.perform(requests.next());
	}

	@Benchmark
	public long repeatedResourceServer(Repeated requests, ResourceServer app) {
		return app.running.perform(requests.next());
	}

	@Benchmark
	public long uniqueTryMellon(UniqueForTryMellon requests, TryMellonUnique app) {
		return app.running.perform(requests.next());
	}

	@Benchmark
	public long uniqueResourceServer(UniqueForResourceServer requests, ResourceServer app) {
		return app.running.perform(requests.next());
	}

	/**
	 * A thread's cursor over the repeated tokens, each thread starting at another place.
	 */
	@State(Scope.Thread)
	public static class Repeated {

		private String[] headers;

		private int next;

		@Setup(Level.Trial)
		public void setUp(Tokens tokens) {
			this.headers = tokens.headers;
			this.next = (tokens.threads.getAndIncrement() * 487) % this.headers.length;
		}

		String next() {
			String header = this.headers[this.next];
			this.next = (this.next + 1 == this.headers.length) ? 0 : this.next + 1;
			return header;
		}

	}

	/**
	 * A thread's own list of tokens no other thread uses (users 1,000 and up, never the
	 * repeated ones), cycled; our cache, if any, is emptied before the list starts again.
	 */
	public abstract static class Unique {

		private String[] headers;

		private @Nullable VerifiedTokenCache cache;

		private int next;

		void mint(Tokens tokens, @Nullable VerifiedTokenCache cache) {
			int thread = tokens.threads.getAndIncrement();
			this.headers = tokens.tokens.bearerHeaders((thread + 1L) * TokenVerificationBenchmark.TOKENS,
					TokenVerificationBenchmark.TOKENS);
			this.cache = cache;
		}

		/**
		 * The next token; at the end of the list, empties our cache and starts again. That
		 * happens inside the measured time, once every 1,000 requests, charged to ours
		 * only: a JMH per-invocation set-up would keep it out, but would also make JMH
		 * time each call on its own and count only the calls' time, which the repeated
		 * runs do not, so that unique and repeated numbers could not be read side by side.
		 */
		String next() {
			if (this.next == this.headers.length) {
				this.next = 0;
				if (this.cache != null) {
					this.cache.invalidateAll();
				}
			}
			return this.headers[this.next++];
		}

	}

	@State(Scope.Thread)
	public static class UniqueForTryMellon extends Unique {

		@Setup(Level.Trial)
		public void setUp(Tokens tokens, TryMellonUnique app) {
			mint(tokens, app.cache);
		}

	}

	@State(Scope.Thread)
	public static class UniqueForResourceServer extends Unique {

		@Setup(Level.Trial)
		public void setUp(Tokens tokens) {
			mint(tokens, null);
		}

	}

	/**
	 * A started application, checked before measuring.
	 */
	public abstract static class App {

		Running running;

		abstract Running start(BenchmarkTokens tokens);

		@Setup(Level.Trial)
		public void setUp(Tokens tokens) throws Exception {
			this.running = start(tokens.tokens);
			Answers.checkBeforeMeasuring(this.running::get, tokens.headers[0], Answers.BadTokens.of(tokens.tokens),
					true);
			checked();
		}

		/** Called once the application passed the check, before the measurement. */
		void checked() {
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			this.running.close();
		}

	}

	/**
	 * Ours, for the repeated tokens: after the measurement, each repeated token missed
	 * our cache at most once per thread.
	 */
	@State(Scope.Benchmark)
	public static class TryMellon extends App {

		private VerifiedTokenCache cache;

		private long missesBefore;

		@Override
		Running start(BenchmarkTokens tokens) {
			return ReactivePathApplications.withTryMellon(tokens);
		}

		@Override
		void checked() {
			this.cache = this.running.verifiedTokenCache();
			this.missesBefore = this.cache.stats().missCount();
		}

		@TearDown(Level.Trial)
		public void checkCache() {
			long misses = this.cache.stats().missCount() - this.missesBefore;
			// Each thread misses each token at most once (two threads may miss the same one
			// at the same moment); a run is tens of thousands of requests.
			TokenVerificationBenchmark.check(misses <= 2L * TokenVerificationBenchmark.TOKENS,
					"repeated tokens missed our cache " + misses + " times");
		}

	}

	/**
	 * Ours, for the unique tokens: after the measurement, no request was answered from our
	 * cache.
	 */
	@State(Scope.Benchmark)
	public static class TryMellonUnique extends App {

		VerifiedTokenCache cache;

		private long hitsBefore;

		@Override
		Running start(BenchmarkTokens tokens) {
			return ReactivePathApplications.withTryMellon(tokens);
		}

		@Override
		void checked() {
			this.cache = this.running.verifiedTokenCache();
			this.hitsBefore = this.cache.stats().hitCount();
		}

		@TearDown(Level.Trial)
		public void checkCache() {
			long hits = this.cache.stats().hitCount() - this.hitsBefore;
			TokenVerificationBenchmark.check(hits == 0, "a unique token was answered from our cache " + hits + " times");
		}

	}

	@State(Scope.Benchmark)
	public static class ResourceServer extends App {

		@Override
		Running start(BenchmarkTokens tokens) {
			return ReactivePathApplications.withResourceServer(tokens);
		}

	}

}
