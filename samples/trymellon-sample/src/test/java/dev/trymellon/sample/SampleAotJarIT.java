package dev.trymellon.sample;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged sample jar run the documented way in AOT mode,
 * {@code java -Dspring.aot.enabled=true -jar target/trymellon-sample.jar}, on a free port:
 * it starts from the generated initialization code, and the token its startup log prints
 * is accepted by {@code GET /api/me}. Run by the failsafe plugin after {@code package}.
 */
class SampleAotJarIT {

	private static final Pattern CURL = Pattern
		.compile("curl -H 'Authorization: Bearer ([A-Za-z0-9_.-]+)' (http://localhost:\\d+)/api/me");

	private final List<String> lines = new CopyOnWriteArrayList<>();

	private Process process;

	@AfterEach
	void stop() throws Exception {
		if (this.process != null) {
			this.process.destroy();
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
	}

	@Test
	void jarRunsInAotModeAndAcceptsTheTokenItPrints() throws Exception {
		Path jar = Path.of(System.getProperty("sample.jar", "target/trymellon-sample.jar"));
		assertThat(jar).exists();
		assertThat(Files.size(jar)).isPositive();
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		this.process = new ProcessBuilder(java.toString(), "-Dspring.aot.enabled=true", "-jar", jar.toString(),
				"--server.port=0", "--server.address=127.0.0.1")
			.redirectErrorStream(true)
			.start();
		CompletableFuture.runAsync(() -> {
			try (BufferedReader reader = new BufferedReader(
					new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
				reader.lines().forEach(this.lines::add);
			}
			catch (Exception ex) {
				// the process ended
			}
		});
		Matcher[] found = new Matcher[1];
		await().atMost(Duration.ofMinutes(3)).until(() -> {
			for (String line : this.lines) {
				Matcher matcher = CURL.matcher(line);
				if (matcher.find()) {
					found[0] = matcher;
					return true;
				}
			}
			assertThat(this.process.isAlive()).as(String.join("\n", this.lines)).isTrue();
			return false;
		});
		assertThat(this.lines).anyMatch((line) -> line.contains("Starting AOT-processed SampleApplication"));
		assertThat(this.lines).anyMatch((line) -> line.contains("TryMellon: issuer"));
		HttpResponse<String> me = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(found[0].group(2) + "/api/me"))
				.header("Authorization", "Bearer " + found[0].group(1))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(me.statusCode()).isEqualTo(200);
		assertThat(me.body()).contains("\"userId\":\"alice\"");
		HttpResponse<String> anonymous = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(found[0].group(2) + "/api/me")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(anonymous.statusCode()).isEqualTo(401);
	}

}
