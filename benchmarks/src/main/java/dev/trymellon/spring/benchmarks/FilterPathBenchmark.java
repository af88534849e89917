package dev.trymellon.spring.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.ServletContext;
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

import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

import dev.trymellon.spring.benchmarks.FilterPathApplications.Running;

/**
 * The whole request in-process, on two threads: {@code GET /api/me} with a bearer token
 * through every servlet filter of the application (Spring Security's chain included) to
 * the controller and its JSON answer, driven by MockMvc. The tokens are 1,000 valid
 * tokens cycled, so our verified-token cache answers after the first round, as it does
 * for a user's repeated requests.
 * <ul>
 * <li>{@code unsecured}: the same application without Spring Security: the floor;</li>
 * <li>{@code trymellon}: the starter's default chain;</li>
 * <li>{@code resourceServer}: Spring's {@code oauth2ResourceServer(jwt)} on the same key
 * with a claims converter;</li>
 * <li>{@code *ObservationsOff}: the same with
 * {@code management.observations.enable.spring.security=false}.</li>
 * </ul>
 * Every answer is checked to be 200; before measuring, {@link Answers} checks that a good
 * token gets the expected body and that the secured applications refuse a request
 * without a token, a forged and an expired one with 401.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
@Threads(2)
public class FilterPathBenchmark {

	@Benchmark
	public int unsecured(Requests requests, Unsecured app) throws Exception {
		return requests.perform(app.running.mvc());
	}

	@Benchmark
	public int trymellon(Requests requests, TryMellon app) throws Exception {
		return requests.perform(app.running.mvc());
	}

	@Benchmark
	public int trymellonObservationsOff(Requests requests, TryMellonObservationsOff app) throws Exception {
		return requests.perform(app.running.mvc());
	}

	@Benchmark
	public int resourceServer(Requests requests, ResourceServer app) throws Exception {
		return requests.perform(app.running.mvc());
	}

	@Benchmark
	public int resourceServerObservationsOff(Requests requests, ResourceServerObservationsOff app)
			throws Exception {
		return requests.perform(app.running.mvc());
	}

	/**
	 * The key and the {@code Authorization} header values of the 1,000 repeated tokens
	 * (the reactive benchmark's too).
	 */
	@State(Scope.Benchmark)
	public static class Tokens {

		BenchmarkTokens tokens;

		String[] headers;

		final AtomicInteger threads = new AtomicInteger();

		@Setup(Level.Trial)
		public void setUp() {
			this.tokens = BenchmarkTokens.shared();
			this.headers = this.tokens.bearerHeaders(0, TokenVerificationBenchmark.TOKENS);
		}

	}

	/**
	 * A thread's cursor over the tokens.
	 */
	@State(Scope.Thread)
	public static class Requests {

		private String[] headers;

		private int next;

		@Setup(Level.Trial)
		public void setUp(Tokens tokens) {
			this.headers = tokens.headers;
			this.next = (tokens.threads.getAndIncrement() * 487) % this.headers.length;
		}

		int perform(MockMvc mvc) throws Exception {
			String header = this.headers[this.next];
			this.next = (this.next + 1 == this.headers.length) ? 0 : this.next + 1;
			MockHttpServletResponse response = mvc.perform((ServletContext servletContext) -> {
				MockHttpServletRequest request = new MockHttpServletRequest(servletContext, "GET",
						FilterPathApplications.PATH);
				request.addHeader(HttpHeaders.AUTHORIZATION, header);
				request.addHeader(HttpHeaders.ACCEPT, "application/json");
				return request;
			}).andReturn().getResponse();
			if (response.getStatus() != 200) {
				throw new IllegalStateException("GET " + FilterPathApplications.PATH + " answered "
						+ response.getStatus() + ": " + response.getContentAsString());
			}
			return response.getContentLength();
		}

	}

	/**
	 * A started application, checked before measuring: a token is accepted with the
	 * expected body; when secured, a request without one, a forged and an expired token
	 * are refused with 401.
	 */
	public abstract static class App {

		Running running;

		abstract Running start(BenchmarkTokens tokens);

		abstract boolean secured();

		@Setup(Level.Trial)
		public void setUp(Tokens tokens) throws Exception {
			this.running = start(tokens.tokens);
			Answers.checkBeforeMeasuring(this.running::get, tokens.headers[0], Answers.BadTokens.of(tokens.tokens),
					secured());
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			this.running.close();
		}

	}

	@State(Scope.Benchmark)
	public static class Unsecured extends App {

		@Override
		Running start(BenchmarkTokens tokens) {
			return FilterPathApplications.unsecured();
		}

		@Override
		boolean secured() {
			return false;
		}

	}

	@State(Scope.Benchmark)
	public static class TryMellon extends App {

		@Override
		Running start(BenchmarkTokens tokens) {
			return FilterPathApplications.withTryMellon(tokens, true);
		}

		@Override
		boolean secured() {
			return true;
		}

	}

	@State(Scope.Benchmark)
	public static class TryMellonObservationsOff extends App {

		@Override
		Running start(BenchmarkTokens tokens) {
			return FilterPathApplications.withTryMellon(tokens, false);
		}

		@Override
		boolean secured() {
			return true;
		}

	}

	@State(Scope.Benchmark)
	public static class ResourceServer extends App {

		@Override
		Running start(BenchmarkTokens tokens) {
			return FilterPathApplications.withResourceServer(tokens, true);
		}

		@Override
		boolean secured() {
			return true;
		}

	}

	@State(Scope.Benchmark)
	public static class ResourceServerObservationsOff extends App {

		@Override
		Running start(BenchmarkTokens tokens) {
			return FilterPathApplications.withResourceServer(tokens, false);
		}

		@Override
		boolean secured() {
			return true;
		}

	}

}
