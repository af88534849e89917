package dev.trymellon.sample;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.trymellon.spring.redis.RedisProcessedEventStore;
import dev.trymellon.spring.redis.RedisRevocationStore;
import dev.trymellon.spring.revocation.RevocationStore;
import dev.trymellon.spring.test.TryMellonTestIssuer;
import dev.trymellon.spring.test.TryMellonWebhooks;
import dev.trymellon.spring.webhook.ProcessedEventStore;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * The sample as two replicas in the {@code redis} profile, sharing the local Redis
 * (127.0.0.1:6379) under a key prefix of this run: a revocation webhook posted to one
 * refuses the token on the other, and a delivery processed by one is a duplicate for the
 * other. Skipped when Redis does not answer, failed then with
 * {@code TRYMELLON_REDIS_REQUIRED=true}.
 */
class SampleReplicasTests {

	private static final String SECRET = "whsec_sample_development_only";

	private static final String PREFIX = "trymellon-test:sample:" + UUID.randomUUID() + ":";

	private static ConfigurableApplicationContext first;

	private static ConfigurableApplicationContext second;

	private final HttpClient http = HttpClient.newHttpClient();

	// Started once for the class: each start takes seconds.
	@BeforeAll
	static void startReplicas() {
		requireRedis();
		first = new SpringApplicationBuilder(SampleApplication.class).profiles("redis")
			.run("--server.port=0", "--trymellon.redis.key-prefix=" + PREFIX);
		TryMellonTestIssuer issuer = first.getBean(TryMellonTestIssuer.class);
		// The second replica trusts the first one's development issuer, as the README shows.
		second = new SpringApplicationBuilder(SampleApplication.class).profiles("redis")
			.run("--server.port=0", "--trymellon.redis.key-prefix=" + PREFIX,
					"--trymellon.sample.dev-issuer.enabled=false", "--trymellon.jwks.uri=" + issuer.getJwksUri(),
					"--trymellon.issuer=" + issuer.getIssuer(), "--trymellon.client-id=" + issuer.getAudience(),
					"--trymellon.webhook.signing-secrets=" + SECRET);
	}

	@AfterAll
	static void stopReplicas() {
		if (second != null) {
			second.close();
		}
		if (first != null) {
			deleteKeys(first.getBean(RedisConnectionFactory.class));
			first.close();
		}
	}

	@Test
	void replicasUseRedisForRevocationsAndWebhookDeduplication() {
		for (ConfigurableApplicationContext replica : new ConfigurableApplicationContext[] { first,
				second }) {
			assertThat(replica.getBean(RevocationStore.class)).isInstanceOf(RedisRevocationStore.class);
			assertThat(replica.getBean(ProcessedEventStore.class)).isInstanceOf(RedisProcessedEventStore.class);
		}
	}

	@Test
	void revocationWebhookPostedToOneReplicaRefusesTheTokenOnTheOther() throws Exception {
		TryMellonTestIssuer issuer = first.getBean(TryMellonTestIssuer.class);
		String token = issuer.token().userId("user_replicas").sessionId("sess_replicas").build();
		String bystander = issuer.token().userId("user_replicas").sessionId("sess_other").build();
		assertThat(me(first, token).statusCode()).isEqualTo(200);
		assertThat(me(second, token).statusCode()).isEqualTo(200);

		TryMellonWebhooks.Delivery revoked = TryMellonWebhooks.withSecret(SECRET)
			.event("session.revoked")
			.data("user_id", "user_replicas")
			.data("session_id", "sess_replicas");
		assertThat(send(first, revoked)).isEqualTo(200);

		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			HttpResponse<String> refused = me(second, token);
			assertThat(refused.statusCode()).isEqualTo(401);
			assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
					(value) -> assertThat(value).contains("error_description=\"SESSION_REVOKED\""));
		});
		assertThat(me(first, token).statusCode()).isEqualTo(401);
		assertThat(me(second, bystander).statusCode()).isEqualTo(200);
		// The same delivery retried to the other replica is a duplicate there: answered, not published.
		assertThat(send(second, revoked)).isEqualTo(200);
		assertThat(second.getBean(dev.trymellon.spring.webhook.TryMellonWebhookReceiver.class)
			.status()
			.lastAccepted()).isNotNull();
	}

	private HttpResponse<String> me(ConfigurableApplicationContext replica, String token) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create(url(replica, "/api/me")))
			.header("Authorization", "Bearer " + token)
			.GET()
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private int send(ConfigurableApplicationContext replica, TryMellonWebhooks.Delivery delivery) {
		return delivery.post(RestClient.create(), url(replica, "/webhooks/trymellon"))
			.exchange((request, response) -> response.getStatusCode().value());
	}

	private static String url(ConfigurableApplicationContext replica, String path) {
		int port = ((WebServerApplicationContext) replica).getWebServer().getPort();
		return "http://localhost:" + port + path;
	}

	private static void deleteKeys(RedisConnectionFactory factory) {
		StringRedisTemplate redis = new StringRedisTemplate(factory);
		Set<String> keys = new HashSet<>();
		try (Cursor<String> cursor = redis.scan(ScanOptions.scanOptions().match(PREFIX + "*").count(500).build())) {
			cursor.forEachRemaining(keys::add);
		}
		if (!keys.isEmpty()) {
			redis.delete(keys);
		}
	}

	private static void requireRedis() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", 6379), 1000);
		}
		catch (IOException ex) {
			String reason = "Redis at 127.0.0.1:6379 is unreachable: " + ex;
			if ("true".equalsIgnoreCase(System.getenv("TRYMELLON_REDIS_REQUIRED"))) {
				fail(reason + " (TRYMELLON_REDIS_REQUIRED=true)", ex);
			}
			Assumptions.abort(reason);
		}
	}

}
