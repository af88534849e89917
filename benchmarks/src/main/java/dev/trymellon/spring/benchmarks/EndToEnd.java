package dev.trymellon.spring.benchmarks;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * The end-to-end measurement over HTTP: each whole-request application on an embedded
 * Tomcat in a JVM of its own, on a free port of the loopback interface, driven by
 * {@code wrk} (1 thread, 16 connections) with one good token in the
 * {@code Authorization} header of every request. After JMH has finished, every
 * application starts, is checked and is warmed up before the first is measured, and the
 * measured runs then take turns, one application at a time, so that a change of load on
 * the machine during the measurement spreads over all of them; the figure of an
 * application is the median of its runs. The check, before wrk runs: the JDK's HTTP
 * client sees the application accept the token with the expected body and refuse a
 * forged one, an expired one and none ({@link Answers#checkBeforeMeasuring}). A run in which wrk saw
 * any answer other than 2xx or 3xx, or any socket error, counts as failed, never as a
 * number. Writes {@code endtoend.json}, which {@link Summary} renders.
 */
final class EndToEnd {

	static final String WRK_MISSING = "wrk not installed (apt-get install wrk)";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String READY = "END-TO-END READY ";

	private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);

	private EndToEnd() {
	}

	/**
	 * The applications measured, named as in {@code endtoend.json}.
	 */
	enum Application {

		TRYMELLON("trymellon", Security.TRYMELLON, true),

		TRYMELLON_OBSERVATIONS_OFF("trymellonObservationsOff", Security.TRYMELLON, false),

		RESOURCE_SERVER("resourceServer", Security.RESOURCE_SERVER, true),

		RESOURCE_SERVER_OBSERVATIONS_OFF("resourceServerObservationsOff", Security.RESOURCE_SERVER, false),

		UNSECURED("unsecured", Security.NONE, true);

		private final String key;

		private final Security security;

		private final boolean securityObservations;

		Application(String key, Security security, boolean securityObservations) {
			this.key = key;
			this.security = security;
			this.securityObservations = securityObservations;
		}

		String key() {
			return this.key;
		}

		Security security() {
			return this.security;
		}

		/**
		 * Whether Spring Security's observations are on, as they are by default with
		 * Actuator; off: {@code management.observations.enable.spring.security=false}.
		 */
		boolean securityObservations() {
			return this.securityObservations;
		}

		boolean secured() {
			return this.security != Security.NONE;
		}

		static Application of(String key) {
			for (Application application : values()) {
				if (application.key.equals(key)) {
					return application;
				}
			}
			throw new IllegalArgumentException("No end-to-end application '" + key + "'");
		}

	}

	/**
	 * How an application is secured.
	 */
	enum Security {

		NONE, TRYMELLON, RESOURCE_SERVER

	}

	/**
	 * How long wrk runs, how often, and against which applications.
	 * @param warmupSeconds the wrk run before the measured ones, discarded
	 * @param seconds each measured wrk run
	 * @param rounds the measured runs per application, the applications taking turns
	 * @param applications the applications, in the order they take their turns
	 */
	record Settings(int warmupSeconds, int seconds, int rounds, List<Application> applications) {

		static final int THREADS = 1;

		static final int CONNECTIONS = 16;

		static Settings of(BenchmarkSuite.Mode mode) {
			return switch (mode) {
				// quick: the target's two applications only; the floor and the observations
				// rows in full mode (and in-process, FilterPathBenchmark, in both)
				case QUICK -> new Settings(20, 10, 1, List.of(Application.TRYMELLON, Application.RESOURCE_SERVER));
				case FULL -> new Settings(30, 15, 3, List.of(Application.values()));
			};
		}

	}

	/**
	 * What wrk reported.
	 * @param requestsPerSecond its {@code Requests/sec}
	 * @param requests the requests completed
	 * @param non2xx3xx its {@code Non-2xx or 3xx responses}, 0 when it printed none
	 * @param socketErrors the sum of its socket errors (connect, read, write, timeout)
	 * @param latencyAverage its average latency, as printed ({@code 1.23ms})
	 */
	record WrkResult(double requestsPerSecond, long requests, long non2xx3xx, long socketErrors,
			String latencyAverage) {

		private static final Pattern REQUESTS_PER_SECOND = Pattern.compile("(?m)^Requests/sec:\\s+([0-9.]+)\\s*$");

		private static final Pattern REQUESTS = Pattern.compile("(?m)^\\s*(\\d+) requests in ");

		private static final Pattern NON_2XX = Pattern.compile("(?m)^\\s*Non-2xx or 3xx responses:\\s+(\\d+)\\s*$");

		private static final Pattern SOCKET_ERRORS = Pattern
			.compile("(?m)^\\s*Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)\\s*$");

		private static final Pattern LATENCY = Pattern.compile("(?m)^\\s*Latency\\s+(\\S+)\\s");

		/**
		 * Reads wrk's report.
		 * @param output what wrk printed on its standard output
		 * @return the result
		 * @throws IllegalArgumentException when the report has no {@code Requests/sec}
		 * or no request count
		 */
		static WrkResult parse(String output) {
			Matcher perSecond = REQUESTS_PER_SECOND.matcher(output);
			Matcher requests = REQUESTS.matcher(output);
			if (!perSecond.find() || !requests.find()) {
				throw new IllegalArgumentException("Not a wrk report: " + output.strip());
			}
			Matcher non2xx = NON_2XX.matcher(output);
			long refused = non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0;
			Matcher socket = SOCKET_ERRORS.matcher(output);
			long socketErrors = 0;
			if (socket.find()) {
				for (int group = 1; group <= 4; group++) {
					socketErrors += Long.parseLong(socket.group(group));
				}
			}
			Matcher latency = LATENCY.matcher(output);
			return new WrkResult(Double.parseDouble(perSecond.group(1)), Long.parseLong(requests.group(1)), refused,
					socketErrors, latency.find() ? latency.group(1) : "");
		}

		/**
		 * Why this run does not count, or {@code null} when every request was answered
		 * with a 2xx (or 3xx) and no socket failed.
		 */
		@Nullable String failure() {
			if (this.requests == 0) {
				return "no request completed";
			}
			if (this.non2xx3xx > 0) {
				return this.non2xx3xx + " answers not 2xx";
			}
			if (this.socketErrors > 0) {
				return this.socketErrors + " socket errors";
			}
			return null;
		}

	}

	/**
	 * Runs the measurement and writes its file; when wrk is not installed, writes a file
	 * saying so and prints one line.
	 * @param mode the suite's mode
	 * @param output the file to write ({@code endtoend.json})
	 * @return whether every application was measured (or the measurement skipped for
	 * want of wrk); {@code false} when one failed
	 * @throws IOException when the file cannot be written
	 * @throws InterruptedException when interrupted while waiting for a process
	 */
	static boolean measure(BenchmarkSuite.Mode mode, Path output) throws IOException, InterruptedException {
		Optional<Path> wrk = findWrk();
		Map<String, Object> report = new LinkedHashMap<>();
		if (wrk.isEmpty()) {
			System.out.println("# End to end over HTTP: skipped, " + WRK_MISSING);
			report.put("skipped", WRK_MISSING);
			write(output, report);
			return true;
		}
		Settings settings = Settings.of(mode);
		report.put("tool", wrkVersion(wrk.get()));
		report.put("threads", Settings.THREADS);
		report.put("connections", Settings.CONNECTIONS);
		report.put("warmupSeconds", settings.warmupSeconds());
		report.put("seconds", settings.seconds());
		report.put("rounds", settings.rounds());
		report.put("path", FilterPathApplications.PATH);
		report.put("started", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
		report.put("cpus", Runtime.getRuntime().availableProcessors());
		report.put("loadBefore", loadAverage());
		Map<String, Object> applications = new LinkedHashMap<>();
		report.put("applications", applications);
		BenchmarkTokens tokens = BenchmarkTokens.generate();
		Path key = writeKey(tokens);
		Map<Application, Server> servers = new LinkedHashMap<>();
		Map<Application, String> failures = new LinkedHashMap<>();
		Map<Application, List<WrkResult>> runs = new LinkedHashMap<>();
		try {
			String good = "Bearer " + tokens.mint(0, Instant.now());
			Answers.BadTokens bad = Answers.BadTokens.of(tokens);
			// All applications start, are checked and warmed up before any is measured, so
			// that no start-up (class loading, JIT) runs during another's measurement.
			for (Application application : settings.applications()) {
				System.out.println("# End to end over HTTP: starting " + application.key() + ", " + settings.warmupSeconds()
						+ " s of warm-up");
				try {
					Server server = Server.start(application, key);
					servers.put(application, server);
					Answers.checkBeforeMeasuring(client(server.uri()), good, bad, application.secured());
					WrkResult warmup = runWrk(wrk.get(), server.uri(), good, settings.warmupSeconds());
					if (warmup.failure() != null) {
						throw new IllegalStateException("warm-up: " + warmup.failure());
					}
					runs.put(application, new ArrayList<>());
				}
				catch (Exception ex) {
					failures.put(application, String.valueOf(ex.getMessage()));
				}
			}
			for (int round = 1; round <= settings.rounds(); round++) {
				for (Map.Entry<Application, List<WrkResult>> entry : runs.entrySet()) {
					Application application = entry.getKey();
					if (failures.containsKey(application)) {
						continue;
					}
					System.out.println("# End to end over HTTP: " + application.key() + ", wrk -t" + Settings.THREADS
							+ " -c" + Settings.CONNECTIONS + " -d" + settings.seconds() + "s, round " + round + " of "
							+ settings.rounds());
					try {
						WrkResult measured = runWrk(wrk.get(), servers.get(application).uri(), good, settings.seconds());
						entry.getValue().add(measured);
						if (measured.failure() != null) {
							failures.put(application, measured.failure());
						}
					}
					catch (Exception ex) {
						failures.put(application, String.valueOf(ex.getMessage()));
					}
				}
			}
		}
		finally {
			for (Server server : servers.values()) {
				try {
					server.close();
				}
				catch (Exception ex) {
					System.out.println("# End to end over HTTP: could not stop an application: " + ex.getMessage());
				}
			}
			Files.deleteIfExists(key);
		}
		for (Application application : settings.applications()) {
			Map<String, Object> result = new LinkedHashMap<>();
			List<WrkResult> measured = runs.getOrDefault(application, List.of());
			if (!measured.isEmpty()) {
				result.put("requestsPerSecond", median(measured));
				result.put("runs", measured.stream().map(WrkResult::requestsPerSecond).toList());
				result.put("requests", measured.stream().mapToLong(WrkResult::requests).sum());
				result.put("latencyAverage", measured.stream().map(WrkResult::latencyAverage).toList());
			}
			String failure = failures.get(application);
			if (failure != null) {
				result.put("error", failure);
				System.out.println("# End to end over HTTP: " + application.key() + " failed: " + failure);
			}
			applications.put(application.key(), result);
		}
		report.put("loadAfter", loadAverage());
		write(output, report);
		return failures.isEmpty();
	}

	/**
	 * The median of the runs' requests per second (the mean of the middle two for an
	 * even count).
	 */
	static double median(List<WrkResult> runs) {
		double[] values = runs.stream().mapToDouble(WrkResult::requestsPerSecond).sorted().toArray();
		int middle = values.length / 2;
		return ((values.length % 2) == 1) ? values[middle] : (values[middle - 1] + values[middle]) / 2;
	}

	/**
	 * {@code GET /api/me} over HTTP/1.1 with the JDK's client, as {@link Answers} expects.
	 * @param uri the endpoint
	 * @return the client
	 */
	static Answers.Client client(URI uri) {
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(10))
			.build();
		return (authorization) -> {
			HttpRequest.Builder request = HttpRequest.newBuilder(uri)
				.timeout(Duration.ofSeconds(30))
				.header("Accept", "application/json");
			if (authorization != null) {
				request.header("Authorization", authorization);
			}
			HttpResponse<String> response = http.send(request.GET().build(),
					HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
			return new Answers.Answer(response.statusCode(),
					response.headers().firstValue("WWW-Authenticate").orElse(null), response.body());
		};
	}

	static WrkResult runWrk(Path wrk, URI uri, String authorization, int seconds)
			throws IOException, InterruptedException {
		List<String> command = List.of(wrk.toString(), "-t" + Settings.THREADS, "-c" + Settings.CONNECTIONS,
				"-d" + seconds + "s", "--timeout", "10s", "-H", "Authorization: " + authorization, "-H",
				"Accept: application/json", uri.toString());
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		int exit = process.waitFor();
		if (exit != 0) {
			throw new IllegalStateException("wrk exited with " + exit + ": " + output.strip());
		}
		return WrkResult.parse(output);
	}

	/**
	 * {@code wrk} on the {@code PATH}, if any.
	 */
	static Optional<Path> findWrk() {
		String path = System.getenv("PATH");
		if (path == null) {
			return Optional.empty();
		}
		for (String directory : path.split(File.pathSeparator)) {
			if (!directory.isEmpty()) {
				Path candidate = Path.of(directory, "wrk");
				if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
					return Optional.of(candidate);
				}
			}
		}
		return Optional.empty();
	}

	private static String wrkVersion(Path wrk) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(wrk.toString(), "-v").redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		process.waitFor();
		String first = output.lines().findFirst().orElse("wrk").strip();
		int copyright = first.indexOf(" Copyright");
		return (copyright > 0) ? first.substring(0, copyright) : first;
	}

	private static Path writeKey(BenchmarkTokens tokens) throws IOException {
		Path key;
		try {
			key = Files.createTempFile("trymellon-benchmark-key", ".json",
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		}
		catch (UnsupportedOperationException ex) {
			key = Files.createTempFile("trymellon-benchmark-key", ".json");
		}
		key.toFile().deleteOnExit();
		Files.writeString(key, tokens.toJson(), StandardCharsets.UTF_8);
		return key;
	}

	private static void write(Path output, Map<String, Object> report) throws IOException {
		Files.createDirectories(output.toAbsolutePath().getParent());
		Files.writeString(output, json.writerWithDefaultPrettyPrinter().writeValueAsString(report));
	}

	private static String loadAverage() {
		double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
		return (load < 0) ? "unknown" : Summary.number(load, 2);
	}

	/**
	 * One application in a JVM of its own, started by {@link #start}; closing it closes
	 * the JVM's standard input, on which it stops, and waits for it.
	 */
	static final class Server implements AutoCloseable {

		private final Process process;

		private final int port;

		private Server(Process process, int port) {
			this.process = process;
			this.port = port;
		}

		/**
		 * Starts the application in a JVM with the suite's class path and heap of the
		 * JMH forks, and waits until it listens.
		 * @param application the application
		 * @param key the signing key file ({@link BenchmarkTokens#toJson()})
		 * @return the running server
		 * @throws Exception when it does not start
		 */
		static Server start(Application application, Path key) throws Exception {
			String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
			List<String> command = new ArrayList<>(List.of(java, "-Xms1g", "-Xmx1g", "-cp",
					System.getProperty("java.class.path"), EndToEnd.class.getName(), application.key(), key.toString()));
			Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
			CompletableFuture<Integer> ready = new CompletableFuture<>();
			Thread reader = new Thread(() -> relay(process.getInputStream(), application.key(), ready),
					"end-to-end-" + application.key());
			reader.setDaemon(true);
			reader.start();
			try {
				int port = ready.get(STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
				return new Server(process, port);
			}
			catch (Exception ex) {
				process.destroyForcibly();
				throw new IllegalStateException("The " + application.key() + " application did not start: " + ex, ex);
			}
		}

		private static void relay(InputStream output, String name, CompletableFuture<Integer> ready) {
			try (BufferedReader lines = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
				String line;
				while ((line = lines.readLine()) != null) {
					if (!ready.isDone() && line.startsWith(READY)) {
						ready.complete(Integer.valueOf(line.substring(READY.length()).strip()));
					}
					else {
						System.out.println("[" + name + "] " + line);
					}
				}
			}
			catch (IOException ex) {
				// the process is gone
			}
			ready.completeExceptionally(new IllegalStateException("exited before listening"));
		}

		int port() {
			return this.port;
		}

		URI uri() {
			return URI.create("http://127.0.0.1:" + this.port + FilterPathApplications.PATH);
		}

		@Override
		public void close() throws Exception {
			this.process.getOutputStream().close();
			if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
				this.process.waitFor(10, TimeUnit.SECONDS);
			}
		}

	}

	/**
	 * The application's JVM: {@code <application> <key file>}; prints its port when it
	 * listens and stops when its standard input closes.
	 * @param args the application's name and the signing key file
	 * @throws Exception when it cannot start
	 */
	public static void main(String[] args) throws Exception {
		Application application = Application.of(args[0]);
		BenchmarkTokens tokens = BenchmarkTokens.fromJson(Files.readString(Path.of(args[1]), StandardCharsets.UTF_8));
		ConfigurableApplicationContext context = FilterPathApplications.serve(application, tokens);
		System.out.println(READY + context.getEnvironment().getProperty("local.server.port"));
		System.out.flush();
		while (System.in.read() != -1) {
			// until the suite closes our input
		}
		context.close();
		System.exit(0);
	}

}
