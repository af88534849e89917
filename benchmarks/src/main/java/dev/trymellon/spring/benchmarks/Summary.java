package dev.trymellon.spring.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders {@code summary.md} from JMH's JSON results, the memory measurement and the run
 * description: per scenario, our throughput beside the baseline's, the ratio, and
 * whether the target of the scenario is met. A target whose threshold lies inside the
 * measurement's error is reported as met or not met "within the error"; a scenario
 * missing from the results is "not measured". Nothing here decides what was measured:
 * the numbers come from the files only.
 */
final class Summary {

	private static final JsonMapper json = JsonMapper.builder().build();

	/**
	 * The scenarios and their targets, in the order of the table.
	 */
	static final List<Row> ROWS = List.of(
			new Row("Cold verification: every token new (our cache misses, verifies, inserts)",
					"TokenVerificationBenchmark.coldTryMellon", "TokenVerificationBenchmark.coldNimbus",
					"NimbusJwtDecoder", Target.ratioAtLeast(1.0)),
			new Row("Cold verification, native signature provider (Amazon Corretto Crypto Provider)",
					"TokenVerificationBenchmark.coldTryMellonNativeProvider", "TokenVerificationBenchmark.coldNimbus",
					"NimbusJwtDecoder", Target.ratioAtLeast(1.8)),
			new Row("Warm verification: 1,000 tokens cycled", "TokenVerificationBenchmark.warmTryMellon",
					"TokenVerificationBenchmark.warmNimbus", "NimbusJwtDecoder", Target.ratioAtLeast(30)),
			new Row("Warm, 100,000 revoked sessions and 100,000 locked users in the store",
					"TokenVerificationBenchmark.warmTryMellonRevoked", "TokenVerificationBenchmark.warmNimbus",
					"NimbusJwtDecoder", Target.microsPerCallBelow(0.5)),
			new Row("Whole request (filter chain + MVC), repeated tokens", "FilterPathBenchmark.trymellon",
					"FilterPathBenchmark.resourceServer", "oauth2ResourceServer(jwt)", Target.ratioAtLeast(2.0)),
			new Row("Whole request, Spring Security observations off, against no security",
					"FilterPathBenchmark.trymellonObservationsOff", "FilterPathBenchmark.unsecured",
					"no security (floor)", Target.ratioAtLeast(0.85)),
			new Row("Whole request, observations on, against no security", "FilterPathBenchmark.trymellon",
					"FilterPathBenchmark.unsecured", "no security (floor)", Target.NONE),
			new Row("Whole request, observations off in both", "FilterPathBenchmark.trymellonObservationsOff",
					"FilterPathBenchmark.resourceServerObservationsOff", "oauth2ResourceServer(jwt)", Target.NONE),
			new Row("Reactive whole request (WebFlux security + handler), repeated tokens",
					"ReactivePathBenchmark.repeatedTryMellon", "ReactivePathBenchmark.repeatedResourceServer",
					"reactive oauth2ResourceServer(jwt)", Target.ratioAtLeast(2.0)),
			new Row("Reactive whole request, unique tokens (each one never seen)", "ReactivePathBenchmark.uniqueTryMellon",
					"ReactivePathBenchmark.uniqueResourceServer", "reactive oauth2ResourceServer(jwt)",
					Target.ratioAtLeast(1.0)),
			new Row("Webhook receipt, 1 KiB (signature, parse, de-duplication, publish)",
					"WebhookBenchmark.receive:bodySize=1024", null, null, Target.opsPerSecondAtLeast(100_000)),
			new Row("Webhook receipt, 64 KiB", "WebhookBenchmark.receive:bodySize=65536", null, null, Target.NONE));

	/**
	 * The rows of the end-to-end table over HTTP ({@code endtoend.json}), the keys
	 * being {@link EndToEnd.Application} names.
	 */
	static final List<Row> END_TO_END_ROWS = List.of(
			new Row("End to end over HTTP, one token repeated", "trymellon", "resourceServer",
					"oauth2ResourceServer(jwt)", Target.ratioAtLeast(2.0)),
			new Row("End to end, against no security", "trymellon", "unsecured", "no security (floor)", Target.NONE),
			new Row("End to end, Spring Security observations off, against no security", "trymellonObservationsOff",
					"unsecured", "no security (floor)", Target.NONE),
			new Row("End to end, observations off in both", "trymellonObservationsOff",
					"resourceServerObservationsOff", "oauth2ResourceServer(jwt)", Target.NONE));

	private Summary() {
	}

	/**
	 * One benchmark's result.
	 * @param key the benchmark's class and method, and its parameters after a colon
	 * @param mode JMH's mode ({@code thrpt}, {@code avgt}, ...)
	 * @param threads the threads it ran on
	 * @param score the score
	 * @param error the 99.9 % confidence half-interval, {@code NaN} when unknown
	 * @param unit the score's unit
	 * @param allocatedBytes bytes allocated per operation, when the GC profiler ran
	 */
	record Result(String key, String mode, int threads, double score, double error, String unit,
			@Nullable Double allocatedBytes) {

		double relativeError() {
			return (Double.isNaN(this.error) || this.score == 0) ? 0 : this.error / this.score;
		}

	}

	/**
	 * What a scenario must reach.
	 * @param kind how the value is computed
	 * @param threshold the value to reach
	 */
	record Target(Kind kind, double threshold) {

		static final Target NONE = new Target(Kind.NONE, 0);

		static Target ratioAtLeast(double ratio) {
			return new Target(Kind.RATIO_AT_LEAST, ratio);
		}

		static Target microsPerCallBelow(double micros) {
			return new Target(Kind.MICROS_PER_CALL_BELOW, micros);
		}

		static Target opsPerSecondAtLeast(double ops) {
			return new Target(Kind.OPS_PER_SECOND_AT_LEAST, ops);
		}

		static Target bytesAtMost(double bytes) {
			return new Target(Kind.BYTES_AT_MOST, bytes);
		}

		String describe() {
			return switch (this.kind) {
				case NONE -> "";
				case RATIO_AT_LEAST -> "≥ " + number(this.threshold, 2) + "×";
				case MICROS_PER_CALL_BELOW -> "< " + number(this.threshold, 2) + " µs per call";
				case OPS_PER_SECOND_AT_LEAST -> "≥ " + number(this.threshold, 0) + "/s";
				case BYTES_AT_MOST -> "≤ " + number(this.threshold, 0) + " B";
			};
		}

		boolean isMet(double value) {
			return switch (this.kind) {
				case NONE -> true;
				case RATIO_AT_LEAST, OPS_PER_SECOND_AT_LEAST -> value >= this.threshold;
				case MICROS_PER_CALL_BELOW -> value < this.threshold;
				case BYTES_AT_MOST -> value <= this.threshold;
			};
		}

		/**
		 * Met or not, and whether the threshold is inside {@code value ± error}.
		 */
		String verdict(double value, double error) {
			boolean met = isMet(value);
			boolean close = Math.abs(value - this.threshold) <= error;
			String verdict = met ? "met" : "**not met**";
			return close ? verdict + ", within the error" : verdict;
		}

		enum Kind {

			NONE, RATIO_AT_LEAST, MICROS_PER_CALL_BELOW, OPS_PER_SECOND_AT_LEAST, BYTES_AT_MOST

		}

	}

	/**
	 * One line of the table: ours, the baseline (if any), the target.
	 */
	record Row(String scenario, String ours, @Nullable String baseline, @Nullable String baselineName,
			Target target) {
	}

	/**
	 * Reads JMH's JSON result file.
	 * @param results the file's text
	 * @return the results by key, in file order
	 */
	static Map<String, Result> parseResults(String results) {
		Map<String, Result> parsed = new LinkedHashMap<>();
		for (JsonNode benchmark : json.readTree(results)) {
			String name = benchmark.path("benchmark").asString();
			String key = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
			JsonNode params = benchmark.path("params");
			if (params.isObject() && !params.isEmpty()) {
				List<String> values = new ArrayList<>();
				params.properties().forEach((entry) -> values.add(entry.getKey() + "=" + entry.getValue().asString()));
				key = key + ":" + String.join(",", values);
			}
			JsonNode primary = benchmark.path("primaryMetric");
			JsonNode allocation = benchmark.path("secondaryMetrics").path("gc.alloc.rate.norm");
			parsed.put(key,
					new Result(key, benchmark.path("mode").asString(), benchmark.path("threads").asInt(1),
							primary.path("score").asDouble(), errorOf(primary.path("scoreError")),
							primary.path("scoreUnit").asString(),
							allocation.isMissingNode() ? null : allocation.path("score").asDouble()));
		}
		return parsed;
	}

	private static double errorOf(JsonNode error) {
		// JMH writes "NaN" as a string when there were too few iterations.
		return error.isNumber() ? error.asDouble() : Double.NaN;
	}

	/**
	 * Renders the summary.
	 * @param runJson the run's description ({@code run.json}), or {@code null}
	 * @param resultsJson JMH's results ({@code results.json})
	 * @param memoryJson the memory measurement ({@code memory.json}), or {@code null}
	 * @param endToEndJson the end-to-end measurement ({@code endtoend.json}), or
	 * {@code null}
	 * @return the Markdown text
	 */
	static String render(@Nullable String runJson, String resultsJson, @Nullable String memoryJson,
			@Nullable String endToEndJson) {
		Map<String, Result> results = parseResults(resultsJson);
		StringBuilder out = new StringBuilder();
		out.append("# TryMellon benchmarks: summary\n\n");
		if (runJson != null) {
			appendRun(out, json.readTree(runJson));
		}
		out.append("## Throughput\n\n");
		out.append("Operations per second, higher is better; ratio = TryMellon ÷ baseline (same run, same machine, ");
		out.append("same keys and tokens); ± is JMH's 99.9 % confidence half-interval. ");
		out.append("B/op: bytes allocated per operation (JMH's GC profiler).\n\n");
		out.append("| scenario | threads | TryMellon ops/s | baseline | baseline ops/s | ratio | B/op TryMellon / baseline | target | result |\n");
		out.append("|---|---|---|---|---|---|---|---|---|\n");
		Set<String> used = new LinkedHashSet<>();
		for (Row row : ROWS) {
			appendRow(out, row, results, used);
		}
		out.append('\n');
		appendMemory(out, (memoryJson != null) ? json.readTree(memoryJson) : null);
		if (endToEndJson == null) {
			out.append("## Targets this suite does not measure\n\n");
			out.append("- end to end over HTTP (wrk, the sample against a resource-server application), ≥ 2×: not run; ");
			out.append("see docs/performance.md.\n\n");
		}
		List<Result> others = results.values().stream().filter((result) -> !used.contains(result.key())).toList();
		if (!others.isEmpty()) {
			out.append("## Other results\n\n");
			out.append("| benchmark | threads | mode | score | unit | B/op |\n|---|---|---|---|---|---|\n");
			for (Result other : others) {
				out.append("| `").append(other.key()).append("` | ").append(other.threads()).append(" | ");
				out.append(other.mode()).append(" | ").append(scoreWithError(other)).append(" | ");
				out.append(other.unit()).append(" | ").append(allocation(other)).append(" |\n");
			}
			out.append('\n');
		}
		if (endToEndJson != null) {
			appendEndToEnd(out, json.readTree(endToEndJson));
		}
		out.append("Why a target is missed and what would close it: docs/performance.md.\n");
		return out.toString();
	}

	private static void appendRun(StringBuilder out, JsonNode run) {
		out.append("- mode: ").append(run.path("mode").asString()).append('\n');
		out.append("- run: ").append(run.path("started").asString()).append(", ");
		out.append(run.path("durationSeconds").asLong()).append(" s\n");
		out.append("- machine: ").append(run.path("machine").asString()).append('\n');
		out.append("- JVM: ").append(run.path("jvm").asString()).append('\n');
		out.append("- load average: ").append(run.path("loadBefore").asString()).append(" before, ");
		out.append(run.path("loadAfter").asString()).append(" after");
		double loadBefore = run.path("loadBefore").asDouble(0);
		double loadAfter = run.path("loadAfter").asDouble(0);
		int cpus = run.path("cpus").asInt(1);
		if (Math.max(loadBefore, loadAfter) > cpus / 2.0) {
			out.append(" (**a loaded machine**: the numbers are indicative only)");
		}
		out.append("\n\n");
	}

	private static void appendRow(StringBuilder out, Row row, Map<String, Result> results, Set<String> used) {
		Result ours = results.get(row.ours());
		Result baseline = (row.baseline() != null) ? results.get(row.baseline()) : null;
		if (ours != null) {
			used.add(ours.key());
		}
		if (baseline != null) {
			used.add(baseline.key());
		}
		out.append("| ").append(row.scenario()).append(" | ");
		out.append((ours != null) ? String.valueOf(ours.threads()) : "").append(" | ");
		out.append((ours != null) ? scoreWithError(ours) : "not measured").append(" | ");
		out.append((row.baselineName() != null) ? row.baselineName() : "none").append(" | ");
		out.append((baseline != null) ? scoreWithError(baseline) : ((row.baseline() != null) ? "not measured" : ""));
		out.append(" | ");
		double ratio = Double.NaN;
		double ratioError = Double.NaN;
		if (ours != null && baseline != null && baseline.score() > 0) {
			ratio = ours.score() / baseline.score();
			ratioError = ratio * Math.hypot(ours.relativeError(), baseline.relativeError());
			out.append(number(ratio, 2)).append("×");
		}
		out.append(" | ");
		if (ours != null) {
			out.append(allocation(ours));
			if (baseline != null) {
				out.append(" / ").append(allocation(baseline));
			}
		}
		out.append(" | ").append(row.target().describe()).append(" | ");
		out.append(verdict(row, ours, ratio, ratioError)).append(" |\n");
	}

	private static String verdict(Row row, @Nullable Result ours, double ratio, double ratioError) {
		Target target = row.target();
		if (target.kind() == Target.Kind.NONE) {
			return "";
		}
		if (ours == null) {
			return "not measured";
		}
		return switch (target.kind()) {
			case RATIO_AT_LEAST -> Double.isNaN(ratio) ? "not measured" : target.verdict(ratio, ratioError);
			case MICROS_PER_CALL_BELOW -> {
				double micros = ours.threads() * 1_000_000.0 / ours.score();
				yield number(micros, 3) + " µs: " + target.verdict(micros, micros * ours.relativeError());
			}
			case OPS_PER_SECOND_AT_LEAST -> target.verdict(ours.score(), Double.isNaN(ours.error()) ? 0 : ours.error());
			default -> throw new IllegalStateException("No throughput verdict for " + target.kind());
		};
	}

	private static void appendEndToEnd(StringBuilder out, JsonNode endToEnd) {
		out.append("## End to end over HTTP\n\n");
		if (endToEnd.has("skipped")) {
			out.append("Not measured: ").append(endToEnd.path("skipped").asString()).append(".\n\n");
			return;
		}
		out.append("Requests per second, higher is better; ratio = TryMellon ÷ baseline. ");
		out.append(endToEnd.path("tool").asString()).append(", ").append(endToEnd.path("threads").asInt());
		out.append(" thread × ").append(endToEnd.path("connections").asInt()).append(" connections, ");
		out.append(endToEnd.path("seconds").asInt()).append(" s measured after ");
		out.append(endToEnd.path("warmupSeconds").asInt()).append(" s of warm-up, `GET ");
		out.append(endToEnd.path("path").asString()).append("` with one good token in every request; each ");
		out.append("application on an embedded Tomcat in a JVM of its own on the loopback interface, all started ");
		out.append("and warmed up first, then measured in turns; ");
		int rounds = endToEnd.path("rounds").asInt(1);
		out.append((rounds == 1) ? "one run" : "the median of " + rounds + " runs");
		out.append(" per application, with wrk on the same ");
		out.append("cores (");
		out.append(endToEnd.path("started").asString()).append(", load average ");
		out.append(endToEnd.path("loadBefore").asString()).append(" before, ");
		out.append(endToEnd.path("loadAfter").asString()).append(" after");
		double load = Math.max(endToEnd.path("loadBefore").asDouble(0), endToEnd.path("loadAfter").asDouble(0));
		if (load > endToEnd.path("cpus").asInt(1) / 2.0) {
			out.append("; **a loaded machine**: the numbers are indicative only");
		}
		out.append("). Spring Security's observations are ");
		out.append("on, as Actuator has them by default, except in the rows that say off. No error estimate: ");
		out.append("each application's runs are in endtoend.json.\n\n");
		out.append("| scenario | TryMellon req/s | baseline | baseline req/s | ratio | target | result |\n");
		out.append("|---|---|---|---|---|---|---|\n");
		JsonNode applications = endToEnd.path("applications");
		for (Row row : END_TO_END_ROWS) {
			JsonNode ours = applications.path(row.ours());
			JsonNode baseline = applications.path(row.baseline());
			out.append("| ").append(row.scenario()).append(" | ").append(requestsPerSecond(ours)).append(" | ");
			out.append(row.baselineName()).append(" | ").append(requestsPerSecond(baseline)).append(" | ");
			boolean measured = isMeasured(ours) && isMeasured(baseline);
			double ratio = measured ? ours.path("requestsPerSecond").asDouble()
					/ baseline.path("requestsPerSecond").asDouble() : Double.NaN;
			out.append(measured ? number(ratio, 2) + "×" : "").append(" | ");
			out.append(row.target().describe()).append(" | ");
			if (row.target().kind() != Target.Kind.NONE) {
				out.append(measured ? row.target().verdict(ratio, 0) : "not measured");
			}
			out.append(" |\n");
		}
		out.append('\n');
	}

	private static boolean isMeasured(JsonNode application) {
		return application.isObject() && !application.has("error") && application.path("requestsPerSecond").asDouble() > 0;
	}

	private static String requestsPerSecond(JsonNode application) {
		if (application.has("error")) {
			return "failed: " + application.path("error").asString();
		}
		if (!isMeasured(application)) {
			return "not measured";
		}
		return number(application.path("requestsPerSecond").asDouble(), 0);
	}

	private static void appendMemory(StringBuilder out, @Nullable JsonNode memory) {
		out.append("## Memory\n\n");
		if (memory == null) {
			out.append("Not measured.\n\n");
			return;
		}
		out.append("Heap retained per entry: ").append(memory.path("method").asString()).append(", divided by the ");
		out.append("number of entries; ").append(memory.path("jvm").asString()).append(".\n\n");
		out.append("| entry | measured over | bytes each | target | result |\n|---|---|---|---|---|\n");
		long entries = memory.path("cacheEntries").asLong();
		memoryRow(out, "verified-token cache entry (token string, session, cache node)", entries,
				memory.path("bytesPerCacheEntry").asDouble(), Target.bytesAtMost(2048));
		long revocations = memory.path("revocations").asLong();
		memoryRow(out, "revoked session (session id and its user's fail-safe mark)", revocations,
				memory.path("bytesPerRevokedSession").asDouble(), Target.bytesAtMost(200));
		memoryRow(out, "locked user", revocations, memory.path("bytesPerRevokedUser").asDouble(), Target.NONE);
		out.append("\nOf a cache entry: the token string (").append(memory.path("tokenLength").asInt());
		out.append(" characters) ").append(number(memory.path("tokenStringBytes").asDouble(), 0));
		out.append(" B, the session object graph alone ").append(number(memory.path("sessionBytes").asDouble(), 0));
		out.append(" B. Of a revocation: each id string (").append(memory.path("revokedIdLength").asInt());
		out.append(" characters) ").append(number(memory.path("idStringBytes").asDouble(), 0)).append(" B; a revoked ");
		out.append("session is ").append(number(memory.path("revokedSessionEntries").asDouble(), 0));
		out.append(" map entries.\n\n");
	}

	private static void memoryRow(StringBuilder out, String entry, long count, double bytes, Target target) {
		out.append("| ").append(entry).append(" | ").append(number(count, 0)).append(" | ");
		out.append(number(bytes, 0)).append(" B | ").append(target.describe()).append(" | ");
		out.append((target.kind() == Target.Kind.NONE) ? "" : target.verdict(bytes, 0)).append(" |\n");
	}

	private static String scoreWithError(Result result) {
		int decimals = (result.score() >= 100) ? 0 : ((result.score() >= 1) ? 2 : 3);
		String score = number(result.score(), decimals);
		return Double.isNaN(result.error()) ? score : score + " ± " + number(result.error(), decimals);
	}

	private static String allocation(Result result) {
		return (result.allocatedBytes() != null) ? number(result.allocatedBytes(), 0) : "–";
	}

	static String number(double value, int decimals) {
		return String.format(Locale.ROOT, "%,." + decimals + "f", value);
	}

}
