package dev.trymellon.spring.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the benchmark suite and writes, next to the jar, {@code results.json} (JMH's
 * JSON), {@code memory.json}, {@code endtoend.json}, {@code run.json} and
 * {@code summary.md}.
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar quick     # about 4.5 minutes on 2 cores
 * java -jar benchmarks/target/benchmarks.jar full      # release numbers, about 20 minutes
 * java -jar benchmarks/target/benchmarks.jar endtoend [quick|full]   # only the end-to-end measurement
 * java -jar benchmarks/target/benchmarks.jar summary   # renders summary.md again from the files
 * java -jar benchmarks/target/benchmarks.jar [JMH options]   # plain JMH, as before
 * </pre>
 * {@code quick} and {@code full} take an optional JMH include pattern to run part of the
 * suite (the other scenarios are then "not measured"). The memory measurement runs in a
 * JVM of its own; so does each application of the end-to-end measurement over HTTP
 * ({@link EndToEnd}, with wrk), after JMH has finished.
 */
public final class BenchmarkSuite {

	/** The scenario benchmarks; full mode adds the single-token micro-benchmarks. */
	private static final String SCENARIOS = "\\.(TokenVerificationBenchmark|FilterPathBenchmark|ReactivePathBenchmark|WebhookBenchmark)\\.";

	private static final String ALL = "\\.(TokenVerificationBenchmark|FilterPathBenchmark|ReactivePathBenchmark|WebhookBenchmark|VerificationBenchmark)\\.";

	private BenchmarkSuite() {
	}

	public static void main(String[] args) throws Exception {
		String command = (args.length > 0) ? args[0] : "";
		switch (command) {
			case "quick", "full" -> run(Mode.valueOf(command.toUpperCase(java.util.Locale.ROOT)), (args.length > 1) ? args[1] : null,
					outputDirectory());
			case "endtoend" -> endToEnd(Mode.valueOf(((args.length > 1) ? args[1] : "quick").toUpperCase(java.util.Locale.ROOT)),
					outputDirectory());
			case "summary" -> writeSummary(outputDirectory());
			default -> org.openjdk.jmh.Main.main(args);
		}
	}

	/**
	 * How long and how often each benchmark runs, and how many entries the memory
	 * measurement adds.
	 */
	enum Mode {

		QUICK(1, 3, 1, 3, 1, 20_000, SCENARIOS), FULL(2, 5, 2, 5, 2, 100_000, ALL);

		final int forks;

		final int warmupIterations;

		final int warmupSeconds;

		final int iterations;

		final int iterationSeconds;

		final int cacheEntries;

		final String include;

		Mode(int forks, int warmupIterations, int warmupSeconds, int iterations, int iterationSeconds,
				int cacheEntries, String include) {
			this.forks = forks;
			this.warmupIterations = warmupIterations;
			this.warmupSeconds = warmupSeconds;
			this.iterations = iterations;
			this.iterationSeconds = iterationSeconds;
			this.cacheEntries = cacheEntries;
			this.include = include;
		}

		String describe() {
			return name().toLowerCase(java.util.Locale.ROOT) + ": per benchmark " + this.forks + " fork"
					+ ((this.forks > 1) ? "s" : "") + ", " + this.warmupIterations + " × " + this.warmupSeconds
					+ " s warm-up, " + this.iterations + " × " + this.iterationSeconds + " s measured; memory over "
					+ Summary.number(this.cacheEntries, 0) + " cache entries and "
					+ Summary.number(TokenVerificationBenchmark.REVOKED_SESSIONS, 0) + " revocations of each kind";
		}

	}

	static void run(Mode mode, @Nullable String include, Path out) throws RunnerException, IOException,
			InterruptedException {
		Files.createDirectories(out);
		Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		String loadBefore = loadAverage();
		Path results = out.resolve("results.json");
		// One key and the tokens of every fork (warm set and each thread's cold ones),
		// minted once here instead of in each fork's set-up.
		Path sharedTokens = out.resolve("tokens.txt");
		BenchmarkTokens.writeShared(sharedTokens, 3 * TokenVerificationBenchmark.TOKENS);
		ChainedOptionsBuilder options = new OptionsBuilder().include((include != null) ? include : mode.include)
			.forks(mode.forks)
			.warmupIterations(mode.warmupIterations)
			.warmupTime(TimeValue.seconds(mode.warmupSeconds))
			.measurementIterations(mode.iterations)
			.measurementTime(TimeValue.seconds(mode.iterationSeconds))
			.jvmArgsAppend("-Xms1g", "-Xmx1g", "-Djdk.attach.allowAttachSelf=true",
					"-D" + BenchmarkTokens.SHARED_PROPERTY + "=" + sharedTokens)
			.addProfiler(GCProfiler.class)
			.shouldFailOnError(true)
			.resultFormat(ResultFormatType.JSON)
			.result(results.toString());
		new Runner(options.build()).run();
		measureMemory(mode, out.resolve("memory.json"));
		boolean endToEnd = EndToEnd.measure(mode, out.resolve("endtoend.json"));
		Map<String, Object> run = new LinkedHashMap<>();
		run.put("mode", mode.describe() + ((include != null) ? ", only " + include : ""));
		run.put("started", started.toString());
		run.put("durationSeconds", Duration.between(started, Instant.now()).toSeconds());
		run.put("machine", machine());
		run.put("cpus", Runtime.getRuntime().availableProcessors());
		run.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
		run.put("loadBefore", loadBefore);
		run.put("loadAfter", loadAverage());
		Files.writeString(out.resolve("run.json"),
				JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(run));
		writeSummary(out);
		failUnless(endToEnd);
	}

	/**
	 * Only the end-to-end measurement; the summary is rendered again with the JMH and
	 * memory results already in the directory, if any.
	 */
	static void endToEnd(Mode mode, Path out) throws IOException, InterruptedException {
		Files.createDirectories(out);
		boolean measured = EndToEnd.measure(mode, out.resolve("endtoend.json"));
		writeSummary(out);
		failUnless(measured);
	}

	private static void failUnless(boolean endToEndMeasured) {
		if (!endToEndMeasured) {
			throw new IllegalStateException("The end-to-end measurement failed; see endtoend.json and summary.md");
		}
	}

	private static void measureMemory(Mode mode, Path output) throws IOException, InterruptedException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-Xmx2g",
				"-Djdk.attach.allowAttachSelf=true", "-Djol.magicFieldOffset=true", "-cp",
				System.getProperty("java.class.path"),
				MemoryFootprint.class.getName(), String.valueOf(mode.cacheEntries),
				String.valueOf(TokenVerificationBenchmark.REVOKED_SESSIONS), output.toString()));
		System.out.println("# Memory: " + mode.cacheEntries + " cache entries, "
				+ TokenVerificationBenchmark.REVOKED_SESSIONS + " revocations of each kind");
		Process process = new ProcessBuilder(command).inheritIO().start();
		int exit = process.waitFor();
		if (exit != 0) {
			throw new IllegalStateException("The memory measurement failed with exit code " + exit);
		}
	}

	static void writeSummary(Path out) throws IOException {
		String results = readIfPresent(out.resolve("results.json"));
		String summary = Summary.render(readIfPresent(out.resolve("run.json")), (results != null) ? results : "[]",
				readIfPresent(out.resolve("memory.json")), readIfPresent(out.resolve("endtoend.json")));
		Path file = out.resolve("summary.md");
		Files.writeString(file, summary, StandardCharsets.UTF_8);
		System.out.println();
		System.out.println(summary);
		System.out.println("Written: " + file);
	}

	private static @Nullable String readIfPresent(Path file) throws IOException {
		return Files.isRegularFile(file) ? Files.readString(file) : null;
	}

	/**
	 * The directory holding the jar (or, run from classes, the directory above them):
	 * {@code benchmarks/target}.
	 */
	static Path outputDirectory() throws URISyntaxException {
		Path location = Path.of(BenchmarkSuite.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		return location.getParent();
	}

	private static String loadAverage() {
		double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
		return (load < 0) ? "unknown" : Summary.number(load, 2);
	}

	private static String machine() {
		String cpu = "unknown CPU";
		Path cpuinfo = Path.of("/proc/cpuinfo");
		if (Files.isReadable(cpuinfo)) {
			try (Stream<String> lines = Files.lines(cpuinfo)) {
				cpu = lines.filter((line) -> line.startsWith("model name"))
					.map((line) -> line.substring(line.indexOf(':') + 1).strip())
					.findFirst()
					.orElse(cpu);
			}
			catch (IOException ex) {
				// keep "unknown CPU"
			}
		}
		long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getTotalMemorySize();
		return cpu + ", " + Runtime.getRuntime().availableProcessors() + " CPUs, "
				+ Summary.number(memory / (1024.0 * 1024 * 1024), 0) + " GiB, " + System.getProperty("os.name") + " "
				+ System.getProperty("os.arch");
	}

}
