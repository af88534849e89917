package dev.trymellon.spring.autoconfigure.redis;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.JWSAlgorithm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.trymellon.spring.redis.RedisProcessedEventStore;
import dev.trymellon.spring.redis.RedisRevocationStore;
import dev.trymellon.spring.redis.RedisTestSupport;
import dev.trymellon.spring.revocation.InMemoryRevocationStore;
import dev.trymellon.spring.revocation.RevocationStore;
import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.session.offline.JwksKeySource;
import dev.trymellon.spring.session.offline.OfflineSessionTokenVerifier;
import dev.trymellon.spring.testfixtures.StaticKeysConfiguration;
import dev.trymellon.spring.testfixtures.TestTokens;
import dev.trymellon.spring.webhook.ProcessedEventStore;
import dev.trymellon.spring.webhook.TestWebhookSigner;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis killed under a running replica, then restarted: a Redis of the test's own (a
 * {@code redis-server} it starts on a free port, with its append-only file in a temporary
 * folder), never the shared one. Requests keep being served from the local view; a
 * revocation webhook arriving during the outage cannot be de-duplicated, so it is
 * answered {@code 500} for TryMellon to retry, yet it is in force on this replica at once;
 * after the restart the retry is accepted and every revocation is in Redis for the other
 * replicas.
 */
class RedisOutageTests {

	private static final String SECRET = "whsec_outage_test_secret_0123456789";

	private static final String PREFIX = RedisTestSupport.uniquePrefix();

	private final HttpClient http = HttpClient.newHttpClient();

	@TempDir
	Path redisDir;

	private int redisPort;

	private Process redis;

	private ConfigurableApplicationContext context;

	@BeforeEach
	void startRedis() throws Exception {
		this.redisPort = freePort();
		this.redis = startRedis(this.redisPort);
	}

	@AfterEach
	void stop() throws Exception {
		if (this.context != null) {
			this.context.close();
		}
		stopRedis();
	}

	@Test
	void revocationDuringAnOutageIsInForceHereAtOnceAnsweredForRetryAndSharedAfterTheRestart() throws Exception {
		Instant issued = Instant.now().minusSeconds(30);
		String before = token(issued, "ses_before");
		String during = token(issued, "ses_during");
		String untouched = token(issued, "ses_untouched");
		// as arguments, above the test resources' trymellon.redis.enabled=false
		this.context = new SpringApplicationBuilder(App.class).run("--server.port=0",
				"--trymellon.client-id=" + TestTokens.CLIENT_ID, "--trymellon.webhook.signing-secrets=" + SECRET,
				"--trymellon.redis.enabled=true", "--trymellon.redis.key-prefix=" + PREFIX,
				"--trymellon.redis.resync-interval=0", "--spring.data.redis.host=127.0.0.1",
				"--spring.data.redis.port=" + this.redisPort, "--spring.data.redis.timeout=1s",
				"--spring.data.redis.connect-timeout=1s");
		assertThat(this.context.getBean(ProcessedEventStore.class)).isInstanceOf(RedisProcessedEventStore.class);
		assertThat(this.context.getBean(RevocationStore.class)).isInstanceOf(RedisRevocationStore.class);
		assertThat(get("/api/me", before).statusCode()).isEqualTo(200);
		assertThat(webhook(revoked("evt_before", "ses_before")).statusCode()).isEqualTo(200);
		assertThat(get("/api/me", before).body()).contains("SESSION_REVOKED");

		stopRedis();
		// requests keep being served from this replica's view
		assertThat(get("/api/me", untouched).statusCode()).isEqualTo(200);
		assertThat(get("/api/me", before).statusCode()).isEqualTo(401);
		// the delivery cannot be de-duplicated: 500 for TryMellon to retry, yet in force here
		String duringOutage = revoked("evt_during", "ses_during");
		assertThat(webhook(duringOutage).statusCode()).isEqualTo(500);
		HttpResponse<String> refused = get("/api/me", during);
		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(refused.body()).contains("SESSION_REVOKED");
		assertThat(get("/api/me", untouched).statusCode()).isEqualTo(200);

		this.redis = startRedis(this.redisPort);
		// TryMellon's retry, once Redis is back: accepted, then a duplicate as usual
		await().atMost(Duration.ofSeconds(30)).until(() -> webhook(duringOutage).statusCode() == 200);
		assertThat(webhook(duringOutage).statusCode()).isEqualTo(200);
		assertThat(get("/api/me", during).statusCode()).isEqualTo(401);
		assertThat(get("/api/me", untouched).statusCode()).isEqualTo(200);

		// a replica starting now reads both revocations from Redis: none lost
		LettuceConnectionFactory factory = connect(this.redisPort);
		RedisRevocationStore otherReplica = new RedisRevocationStore(factory,
				new InMemoryRevocationStore(Clock.systemUTC(), Duration.ofSeconds(30), List.of()), PREFIX,
				Clock.systemUTC());
		try {
			otherReplica.start();
			assertThat(otherReplica.isRevoked(session(before))).isTrue();
			assertThat(otherReplica.isRevoked(session(during))).isTrue();
			assertThat(otherReplica.isRevoked(session(untouched))).isFalse();
		}
		finally {
			otherReplica.stop();
			factory.destroy();
		}
	}

	/** The token's session, read by a verifier that checks no revocation. */
	private static TryMellonSession session(String token) {
		return OfflineSessionTokenVerifier
			.withKeys(JwksKeySource.fromJwkSet(TestTokens.publicJwkSet(TestTokens.KEY), Set.of(JWSAlgorithm.RS256)))
			.issuer(TestTokens.ISSUER)
			.audiences(List.of(TestTokens.CLIENT_ID))
			.build()
			.verify(token);
	}

	private static String token(Instant issued, String sessionId) {
		return TestTokens.token(issued, (claims) -> claims.claim("sid", sessionId));
	}

	private static String revoked(String id, String sessionId) {
		return "{\"id\":\"" + id + "\",\"type\":\"session.revoked\",\"created_at\":\"" + Instant.now()
				+ "\",\"data\":{\"user_id\":\"user_123\",\"session_id\":\"" + sessionId + "\",\"revoked_at\":\""
				+ Instant.now() + "\"}}";
	}

	private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> webhook(String body) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(uri("/webhooks/trymellon"))
			.header("Content-Type", "application/json")
			.header("tm-signature", TestWebhookSigner.sign(SECRET, body))
			.header("tm-timestamp", Instant.now().toString())
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		int port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
		return URI.create("http://127.0.0.1:" + port + path);
	}

	private Process startRedis(int port) throws IOException {
		Process process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
				"--dir", this.redisDir.toString(), "--save", "", "--appendonly", "yes", "--appendfsync", "always")
			.redirectErrorStream(true)
			.redirectOutput(Files.createTempFile(this.redisDir, "redis", ".log").toFile())
			.start();
		await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
			LettuceConnectionFactory factory = connect(port);
			try (RedisConnection connection = factory.getConnection()) {
				return "PONG".equals(connection.ping());
			}
			finally {
				factory.destroy();
			}
		});
		return process;
	}

	private void stopRedis() throws InterruptedException {
		Process process = this.redis;
		this.redis = null;
		if (process != null) {
			process.destroy();
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
	}

	private static LettuceConnectionFactory connect(int port) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", port));
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import({ StaticKeysConfiguration.class, App.Api.class })
	static class App {

		@RestController
		static class Api {

			@GetMapping("/api/me")
			String me(@AuthenticationPrincipal TryMellonSession session) {
				return session.getUserId();
			}

		}

	}

}
