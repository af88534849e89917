package dev.trymellon.spring.benchmarks;

import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import dev.trymellon.spring.benchmarks.Answers.BadTokens;
import dev.trymellon.spring.benchmarks.EndToEnd.Application;
import dev.trymellon.spring.benchmarks.EndToEnd.WrkResult;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Tests for {@link EndToEnd}: wrk's report read back, and the applications of the
 * end-to-end measurement answering over real HTTP as the measurement requires (the good
 * token accepted, bad ones refused) before wrk is pointed at them.
 */
class EndToEndTests {

	private static final String WRK_REPORT = String.join("\n", "Running 15s test @ http://127.0.0.1:40123/api/me",
			"  1 threads and 16 connections", "  Thread Stats   Avg      Stdev     Max   +/- Stdev",
			"    Latency     1.23ms  456.00us  20.11ms   91.20%", "    Req/Sec    13.05k     1.02k   14.90k    70.00%",
			"  194810 requests in 15.00s, 150.42MB read", "Requests/sec:  12987.33", "Transfer/sec:     10.03MB", "");

	private static BenchmarkTokens tokens;

	private static BadTokens bad;

	private static String good;

	private static ConfigurableApplicationContext trymellon;

	private static ConfigurableApplicationContext resourceServer;

	private static ConfigurableApplicationContext unsecured;

	@BeforeAll
	static void start() {
		tokens = BenchmarkTokens.generate();
		bad = BadTokens.of(tokens);
		good = "Bearer " + tokens.mint(0, Instant.now());
		trymellon = FilterPathApplications.serve(Application.TRYMELLON, tokens);
		resourceServer = FilterPathApplications.serve(Application.RESOURCE_SERVER, tokens);
		unsecured = FilterPathApplications.serve(Application.UNSECURED, tokens);
	}

	@AfterAll
	static void stop() {
		for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] { trymellon,
				resourceServer, unsecured }) {
			if (context != null) {
				context.close();
			}
		}
	}

	@Test
	void readsWrkReport() {
		WrkResult result = WrkResult.parse(WRK_REPORT);
		assertThat(result.requestsPerSecond()).isEqualTo(12987.33);
		assertThat(result.requests()).isEqualTo(194810);
		assertThat(result.non2xx3xx()).isZero();
		assertThat(result.socketErrors()).isZero();
		assertThat(result.latencyAverage()).isEqualTo("1.23ms");
		assertThat(result.failure()).isNull();
	}

	@Test
	void refusedAnswersAndSocketErrorsFailTheRun() {
		String refused = WRK_REPORT.replace("Requests/sec:", "  Non-2xx or 3xx responses: 194810\nRequests/sec:");
		WrkResult result = WrkResult.parse(refused);
		assertThat(result.non2xx3xx()).isEqualTo(194810);
		assertThat(result.failure()).isEqualTo("194810 answers not 2xx");
		String socket = WRK_REPORT.replace("Requests/sec:",
				"  Socket errors: connect 0, read 3, write 1, timeout 2\nRequests/sec:");
		result = WrkResult.parse(socket);
		assertThat(result.socketErrors()).isEqualTo(6);
		assertThat(result.failure()).isEqualTo("6 socket errors");
		result = WrkResult.parse(WRK_REPORT.replace("194810 requests in", "0 requests in"));
		assertThat(result.failure()).isEqualTo("no request completed");
	}

	@Test
	void anApplicationsFigureIsTheMedianOfItsRuns() {
		assertThat(EndToEnd.median(List.of(run(300), run(100), run(200)))).isEqualTo(200);
		assertThat(EndToEnd.median(List.of(run(400), run(100)))).isEqualTo(250);
		assertThat(EndToEnd.median(List.of(run(7)))).isEqualTo(7);
	}

	@Test
	void somethingElseThanAReportIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> WrkResult.parse("unable to connect to 127.0.0.1:1 Connection refused"))
			.withMessageContaining("Not a wrk report: unable to connect");
	}

	@Test
	void ourApplicationAnswersOverHttpAsMeasured() throws Exception {
		Answers.checkBeforeMeasuring(EndToEnd.client(uri(trymellon)), good, bad, true);
	}

	@Test
	void resourceServerAnswersOverHttpAsMeasured() throws Exception {
		Answers.checkBeforeMeasuring(EndToEnd.client(uri(resourceServer)), good, bad, true);
	}

	@Test
	void unsecuredApplicationAnswersOverHttpAsMeasured() throws Exception {
		Answers.checkBeforeMeasuring(EndToEnd.client(uri(unsecured)), good, bad, false);
	}

	@Test
	void checkOverHttpFailsForAnApplicationThatAcceptsEveryone() {
		assertThatIllegalStateException()
			.isThrownBy(() -> Answers.checkBeforeMeasuring(EndToEnd.client(uri(unsecured)), good, bad, true))
			.withMessageStartingWith("a request without a token answered Answer[status=200");
	}

	@Test
	void secureApplicationsAnswerTheSameBodyOverHttp() throws Exception {
		Answers.Answer ours = EndToEnd.client(uri(trymellon)).get(good);
		Answers.Answer theirs = EndToEnd.client(uri(resourceServer)).get(good);
		assertThat(ours.status()).isEqualTo(200);
		JsonMapper json = JsonMapper.builder().build();
		// The same authorities (the roles and FACTOR_BEARER), in whatever order each stack adds them.
		assertThat(json.readValue(ours.body(), Map.class)).usingRecursiveComparison()
			.ignoringCollectionOrder()
			.isEqualTo(json.readValue(theirs.body(), Map.class));
	}

	@Test
	void wrkRunCountsOnlyGoodAnswers() throws Exception {
		Optional<Path> wrk = EndToEnd.findWrk();
		assumeThat(wrk).as("wrk installed").isPresent();
		WrkResult accepted = EndToEnd.runWrk(wrk.get(), uri(trymellon), good, 1);
		assertThat(accepted.requests()).isPositive();
		assertThat(accepted.failure()).isNull();
		WrkResult refused = EndToEnd.runWrk(wrk.get(), uri(trymellon), bad.forged(), 1);
		assertThat(refused.requests()).isPositive();
		assertThat(refused.non2xx3xx()).isEqualTo(refused.requests());
		assertThat(refused.failure()).endsWith(" answers not 2xx");
	}

	@Test
	void serverInItsOwnJvmListensTrustsTheKeyAndStopsWhenClosed(@TempDir Path directory) throws Exception {
		Path key = directory.resolve("key.json");
		Files.writeString(key, tokens.toJson(), StandardCharsets.UTF_8);
		URI uri;
		try (EndToEnd.Server server = EndToEnd.Server.start(Application.TRYMELLON, key)) {
			uri = URI.create("http://127.0.0.1:" + server.port() + FilterPathApplications.PATH);
			Answers.checkBeforeMeasuring(EndToEnd.client(uri), good, bad, true);
		}
		Answers.Client client = EndToEnd.client(uri);
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> client.get(good));
	}

	private static WrkResult run(double requestsPerSecond) {
		return new WrkResult(requestsPerSecond, 1000, 0, 0, "1ms");
	}

	private static URI uri(ConfigurableApplicationContext context) {
		return URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port")
				+ FilterPathApplications.PATH);
	}

}
