package dev.trymellon.spring.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Summary}: JMH's JSON in, the Markdown table out.
 */
class SummaryTests {

	private static final String PACKAGE = "dev.trymellon.spring.benchmarks.";

	@Test
	void readsJmhJsonWithParametersErrorsAndAllocation() {
		String results = results(entry("WebhookBenchmark.receive", 1, 6712.5, "NaN", 40416.8, "bodySize", "1024"),
				entry("FilterPathBenchmark.trymellon", 2, 21000, "150.5", null));
		Map<String, Summary.Result> parsed = Summary.parseResults(results);
		assertThat(parsed).containsOnlyKeys("WebhookBenchmark.receive:bodySize=1024", "FilterPathBenchmark.trymellon");
		Summary.Result webhook = parsed.get("WebhookBenchmark.receive:bodySize=1024");
		assertThat(webhook.threads()).isEqualTo(1);
		assertThat(webhook.score()).isEqualTo(6712.5);
		assertThat(webhook.error()).isNaN();
		assertThat(webhook.allocatedBytes()).isEqualTo(40416.8);
		Summary.Result filter = parsed.get("FilterPathBenchmark.trymellon");
		assertThat(filter.threads()).isEqualTo(2);
		assertThat(filter.error()).isEqualTo(150.5);
		assertThat(filter.allocatedBytes()).isNull();
	}

	@Test
	void ratioMetAndNotMet() {
		String summary = Summary.render(null,
				results(entry("TokenVerificationBenchmark.coldTryMellon", 2, 24000, "100", 23000.0),
						entry("TokenVerificationBenchmark.coldNimbus", 2, 20000, "100", 28000.0),
						entry("TokenVerificationBenchmark.warmTryMellon", 2, 400000, "1000", 0.0),
						entry("TokenVerificationBenchmark.warmNimbus", 2, 20000, "100", 28000.0)),
				null, null);
		assertThat(row(summary, "Cold verification")).contains("| 2 | 24,000 ± 100 | NimbusJwtDecoder | 20,000 ± 100 | 1.20× |")
			.contains("23,000 / 28,000")
			.endsWith("| ≥ 1.00× | met |");
		assertThat(row(summary, "Warm verification")).contains("| 20.00× |").endsWith("| ≥ 30.00× | **not met** |");
	}

	@Test
	void nativeProviderColdRowIsAgainstTheSameDecoder() {
		String summary = Summary.render(null,
				results(entry("TokenVerificationBenchmark.coldTryMellonNativeProvider", 2, 38000, "500", null),
						entry("TokenVerificationBenchmark.coldNimbus", 2, 20000, "100", null)),
				null, null);
		assertThat(row(summary, "Cold verification, native signature provider"))
			.contains("| 2 | 38,000 ± 500 | NimbusJwtDecoder | 20,000 ± 100 | 1.90× |")
			.endsWith("| ≥ 1.80× | met |");
		summary = Summary.render(null,
				results(entry("TokenVerificationBenchmark.coldTryMellonNativeProvider", 2, 30000, "500", null),
						entry("TokenVerificationBenchmark.coldNimbus", 2, 20000, "100", null)),
				null, null);
		assertThat(row(summary, "Cold verification, native signature provider")).endsWith("| ≥ 1.80× | **not met** |");
	}

	@Test
	void thresholdInsideTheErrorIsSaid() {
		String summary = Summary.render(null,
				results(entry("TokenVerificationBenchmark.coldTryMellon", 2, 20200, "1500", null),
						entry("TokenVerificationBenchmark.coldNimbus", 2, 20000, "1500", null)),
				null, null);
		assertThat(row(summary, "Cold verification")).endsWith("| met, within the error |");
		summary = Summary.render(null,
				results(entry("TokenVerificationBenchmark.coldTryMellon", 2, 19800, "1500", null),
						entry("TokenVerificationBenchmark.coldNimbus", 2, 20000, "1500", null)),
				null, null);
		assertThat(row(summary, "Cold verification")).endsWith("| **not met**, within the error |");
	}

	@Test
	void timePerCallCountsEveryThread() {
		// 2 threads doing 5,000,000 calls a second together: 0.4 µs per call each.
		String summary = Summary.render(null,
				results(entry("TokenVerificationBenchmark.warmTryMellonRevoked", 2, 5_000_000, "10000", 0.0)), null,
				null);
		assertThat(row(summary, "Warm, 100,000 revoked")).endsWith("| < 0.50 µs per call | 0.400 µs: met |");
		summary = Summary.render(null,
				results(entry("TokenVerificationBenchmark.warmTryMellonRevoked", 2, 3_000_000, "10000", 0.0)), null,
				null);
		assertThat(row(summary, "Warm, 100,000 revoked")).endsWith("| 0.667 µs: **not met** |");
	}

	@Test
	void absoluteThroughputTargetAndScenariosWithoutTarget() {
		String summary = Summary.render(null,
				results(entry("WebhookBenchmark.receive", 1, 80000, "2000", 9000.0, "bodySize", "1024"),
						entry("WebhookBenchmark.receive", 1, 3000, "100", 200000.0, "bodySize", "65536")),
				null, null);
		assertThat(row(summary, "Webhook receipt, 1 KiB")).contains("| 1 | 80,000 ± 2,000 | none |")
			.endsWith("| ≥ 100,000/s | **not met** |");
		assertThat(row(summary, "Webhook receipt, 64 KiB")).contains("| 3,000 ± 100 |").endsWith("|  |  |");
	}

	@Test
	void reactiveRowsReportBothRatiosAgainstTheIssueTargets() {
		String summary = Summary.render(null,
				results(entry("ReactivePathBenchmark.repeatedTryMellon", 2, 30000, "500", 40000.0),
						entry("ReactivePathBenchmark.repeatedResourceServer", 2, 10000, "200", 90000.0),
						entry("ReactivePathBenchmark.uniqueTryMellon", 2, 9000, "100", null),
						entry("ReactivePathBenchmark.uniqueResourceServer", 2, 10000, "100", null)),
				null, null);
		assertThat(row(summary, "Reactive whole request (WebFlux security + handler), repeated tokens"))
			.contains("| 2 | 30,000 ± 500 | reactive oauth2ResourceServer(jwt) | 10,000 ± 200 | 3.00× |")
			.contains("| 40,000 / 90,000 |")
			.endsWith("| ≥ 2.00× | met |");
		assertThat(row(summary, "Reactive whole request, unique tokens"))
			.contains("| 2 | 9,000 ± 100 | reactive oauth2ResourceServer(jwt) | 10,000 ± 100 | 0.90× |")
			.endsWith("| ≥ 1.00× | **not met** |");
		assertThat(summary).doesNotContain("## Other results");
	}

	@Test
	void reactiveRowsWithoutTheirBaselineAreNotMeasured() {
		String summary = Summary.render(null,
				results(entry("ReactivePathBenchmark.uniqueTryMellon", 2, 9000, "100", null)), null, null);
		assertThat(row(summary, "Reactive whole request, unique tokens"))
			.contains("| 9,000 ± 100 | reactive oauth2ResourceServer(jwt) | not measured |")
			.endsWith("| ≥ 1.00× | not measured |");
		assertThat(row(summary, "Reactive whole request (WebFlux security + handler), repeated tokens"))
			.endsWith("| ≥ 2.00× | not measured |");
	}

	@Test
	void missingScenariosAreNotMeasured() {
		String summary = Summary.render(null, results(entry("FilterPathBenchmark.trymellon", 2, 21000, "NaN", null)),
				null, null);
		assertThat(row(summary, "Whole request (filter chain + MVC)"))
			.contains("| 21,000 | oauth2ResourceServer(jwt) | not measured |")
			.endsWith("| ≥ 2.00× | not measured |");
		assertThat(row(summary, "Cold verification")).contains("| not measured |").endsWith("| not measured |");
		assertThat(summary).contains("## Memory\n\nNot measured.");
		assertThat(summary).contains("end to end over HTTP").doesNotContain("native JCA provider");
		assertThat(row(summary, "Cold verification, native signature provider"))
			.contains("| not measured |")
			.endsWith("| ≥ 1.80× | not measured |");
	}

	@Test
	void memoryAgainstItsTargets() {
		String memory = """
				{"method":"live heap after a full GC (Copy, MarkSweepCompact)","jvm":"OpenJDK 17",
				 "cacheEntries":10000,"bytesPerCacheEntry":4287.4,"tokenLength":998,"tokenStringBytes":1040,
				 "sessionBytes":3728,"revocations":100000,"bytesPerRevokedSession":189.5,
				 "bytesPerRevokedUser":142.8,"revokedSessionEntries":2.0,"revokedIdLength":25,"idStringBytes":72}
				""";
		String summary = Summary.render(null, results(), memory, null);
		assertThat(row(summary, "verified-token cache entry")).isEqualTo(
				"| verified-token cache entry (token string, session, cache node) | 10,000 | 4,287 B | ≤ 2,048 B | **not met** |");
		assertThat(row(summary, "revoked session")).endsWith("| 100,000 | 190 B | ≤ 200 B | met |");
		assertThat(row(summary, "locked user")).endsWith("| 143 B |  |  |");
		assertThat(summary).contains("the token string (998 characters) 1,040 B, the session object graph alone 3,728 B");
	}

	@Test
	void benchmarksOutsideTheScenariosAreListedApart() {
		String summary = Summary.render(null,
				results(entry("VerificationBenchmark.trymellonCacheHit", 1, 0.22, "0.01", 0.0, "avgt", "ns/op"),
						entry("TokenVerificationBenchmark.coldTryMellon", 2, 24000, "100", null)),
				null, null);
		assertThat(summary).contains("## Other results")
			.contains("| `VerificationBenchmark.trymellonCacheHit` | 1 | avgt | 0.220 ± 0.010 | ns/op | 0 |")
			.doesNotContain("| `TokenVerificationBenchmark.coldTryMellon`");
	}

	@Test
	void runDescriptionFlagsALoadedMachine() {
		String run = """
				{"mode":"quick (1 fork)","started":"2026-12-01T11:00:00Z","durationSeconds":250,
				 "machine":"Some CPU, 2 CPUs","cpus":2,"jvm":"OpenJDK 17","loadBefore":"3.10","loadAfter":"4.00"}
				""";
		String summary = Summary.render(run, results(), null, null);
		assertThat(summary).contains("- mode: quick (1 fork)\n")
			.contains("- run: 2026-12-01T11:00:00Z, 250 s\n")
			.contains("- load average: 3.10 before, 4.00 after (**a loaded machine**");
		String idle = run.replace("\"3.10\"", "\"0.10\"").replace("\"4.00\"", "\"0.20\"");
		assertThat(Summary.render(idle, results(), null, null)).contains("- load average: 0.10 before, 0.20 after\n");
	}

	@Test
	void endToEndRowsReportRatiosAgainstTheResourceServerAndTheFloor() {
		String summary = Summary.render(null, results(), null, endToEnd("""
				"trymellon":{"requestsPerSecond":9000.4,"requests":90004,"latencyAverage":"1.80ms"},
				"resourceServer":{"requestsPerSecond":3600.0,"requests":36000,"latencyAverage":"4.40ms"},
				"unsecured":{"requestsPerSecond":15000.0,"requests":150000,"latencyAverage":"1.00ms"},
				"trymellonObservationsOff":{"requestsPerSecond":12000.0,"requests":120000,"latencyAverage":"1.30ms"}
				"""));
		assertThat(summary).contains("## End to end over HTTP")
			.contains("wrk 4.1.0, 1 thread × 16 connections, 15 s measured after 10 s of warm-up, `GET /api/me`")
			.contains("then measured in turns; the median of 3 runs per application")
			.contains("load average 0.20 before, 0.90 after).")
			.doesNotContain("end to end over HTTP (wrk");
		assertThat(row(summary, "End to end over HTTP, one token repeated"))
			.isEqualTo("| End to end over HTTP, one token repeated | 9,000 | oauth2ResourceServer(jwt) | 3,600 | 2.50× "
					+ "| ≥ 2.00× | met |");
		assertThat(row(summary, "End to end, against no security"))
			.isEqualTo("| End to end, against no security | 9,000 | no security (floor) | 15,000 | 0.60× |  |  |");
		assertThat(row(summary, "End to end, Spring Security observations off, against no security"))
			.contains("| 12,000 | no security (floor) | 15,000 | 0.80× |");
		assertThat(row(summary, "End to end, observations off in both"))
			.endsWith("| 12,000 | oauth2ResourceServer(jwt) | not measured |  |  |  |");
	}

	@Test
	void endToEndTargetNotMet() {
		String summary = Summary.render(null, results(), null, endToEnd("""
				"trymellon":{"requestsPerSecond":5000.0,"requests":50000,"latencyAverage":"3ms"},
				"resourceServer":{"requestsPerSecond":3000.0,"requests":30000,"latencyAverage":"5ms"}
				"""));
		assertThat(row(summary, "End to end over HTTP, one token repeated")).endsWith("| 1.67× | ≥ 2.00× | **not met** |");
		assertThat(Summary.render(null, results(), null, endToEnd("").replace("\"rounds\":3", "\"rounds\":1")))
			.contains("then measured in turns; one run per application, with wrk");
		assertThat(summary).doesNotContain("a loaded machine");
		String loaded = Summary.render(null, results(), null,
				endToEnd("\"trymellon\":{\"requestsPerSecond\":1.0}").replace("\"0.90\"", "\"5.00\""));
		assertThat(loaded).contains("load average 0.20 before, 5.00 after; **a loaded machine**: the numbers are indicative only).");
	}

	@Test
	void failedEndToEndApplicationGivesNoRatio() {
		String summary = Summary.render(null, results(), null, endToEnd("""
				"trymellon":{"requestsPerSecond":9000.0,"requests":90000,"latencyAverage":"1ms","error":"12 answers not 2xx"},
				"resourceServer":{"requestsPerSecond":3600.0,"requests":36000,"latencyAverage":"4ms"}
				"""));
		assertThat(row(summary, "End to end over HTTP, one token repeated"))
			.isEqualTo("| End to end over HTTP, one token repeated | failed: 12 answers not 2xx "
					+ "| oauth2ResourceServer(jwt) | 3,600 |  | ≥ 2.00× | not measured |");
	}

	@Test
	void endToEndWithoutWrkIsNotMeasuredWithoutANumber() {
		String summary = Summary.render(null, results(), null,
				"{\"skipped\":\"" + EndToEnd.WRK_MISSING + "\"}");
		assertThat(summary).contains("## End to end over HTTP\n\nNot measured: wrk not installed (apt-get install wrk).\n")
			.doesNotContain("| End to end");
	}

	private static String endToEnd(String applications) {
		return """
				{"tool":"wrk 4.1.0","threads":1,"connections":16,"warmupSeconds":10,"seconds":15,"rounds":3,"path":"/api/me",
				 "started":"2026-12-01T19:00:00Z","loadBefore":"0.20","cpus":2,"applications":{%s},"loadAfter":"0.90"}
				""".formatted(applications);
	}

	private static String row(String summary, String scenario) {
		return summary.lines()
			.filter((line) -> line.startsWith("| " + scenario))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No row '" + scenario + "' in:\n" + summary));
	}

	private static String results(String... entries) {
		return "[" + String.join(",", entries) + "]";
	}

	private static String entry(String benchmark, int threads, double score, String error,
			Double allocated, String... paramsOrMode) {
		String mode = "thrpt";
		String unit = "ops/s";
		List<String> params = new ArrayList<>();
		if (paramsOrMode.length == 2 && paramsOrMode[0].equals("avgt")) {
			mode = paramsOrMode[0];
			unit = paramsOrMode[1];
		}
		else {
			for (int i = 0; i < paramsOrMode.length; i += 2) {
				params.add("\"" + paramsOrMode[i] + "\":\"" + paramsOrMode[i + 1] + "\"");
			}
		}
		String scoreError = error.equals("NaN") ? "\"NaN\"" : error;
		String secondary = (allocated != null) ? String.format(Locale.ROOT,
				"\"gc.alloc.rate.norm\":{\"score\":%s,\"scoreError\":\"NaN\",\"scoreUnit\":\"B/op\"}", allocated) : "";
		return String.format(Locale.ROOT,
				"{\"jmhVersion\":\"1.37\",\"benchmark\":\"%s%s\",\"mode\":\"%s\",\"threads\":%d,\"forks\":1,"
						+ "\"params\":{%s},\"primaryMetric\":{\"score\":%s,\"scoreError\":%s,\"scoreUnit\":\"%s\"},"
						+ "\"secondaryMetrics\":{%s}}",
				PACKAGE, benchmark, mode, threads, String.join(",", params), score, scoreError, unit, secondary);
	}

}
