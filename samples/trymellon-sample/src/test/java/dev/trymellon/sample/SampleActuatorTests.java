package dev.trymellon.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.Test;

import dev.trymellon.spring.test.TryMellonWebhooks;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.web.client.RestClient;

import dev.trymellon.spring.revocation.InMemoryRevocationStore;
import dev.trymellon.spring.revocation.RevocationStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the sample's actuator shows to whom: the health status to anyone, its details
 * (webhook rejections by reason among them) and the metrics to the ADMIN role only; and,
 * outside the {@code redis} profile, nothing of Redis.
 */
// A context of its own: SampleEndToEndTests reads the startup output of its context.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "spring.application.name=trymellon-sample-actuator")
class SampleActuatorTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	@Test
	void trymellonHealthAnswersAnyoneWithItsStatusOnly() throws Exception {
		HttpResponse<String> health = get("/actuator/health/trymellon", null);
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(json(health.body())).containsOnlyKeys("status").containsEntry("status", "UP");
		HttpResponse<String> user = get("/actuator/health/trymellon", mint("user_health", null));
		assertThat(json(user.body())).containsOnlyKeys("status");
	}

	@Test
	void trymellonHealthDetailsAreForTheAdminRole() throws Exception {
		TryMellonWebhooks.Delivery forged = TryMellonWebhooks.withSecret("whsec_sample_development_only")
			.event("user.locked")
			.signedWith("not-the-secret");
		int status = forged.post(RestClient.create(), url("/webhooks/trymellon"))
			.exchange((request, response) -> response.getStatusCode().value());
		assertThat(status).isEqualTo(401);
		HttpResponse<String> admin = get("/actuator/health/trymellon", mint("ada", "admin"));
		assertThat(admin.statusCode()).isEqualTo(200);
		Map<String, Object> body = json(admin.body());
		assertThat(body).containsEntry("status", "UP");
		Map<String, Object> details = map(body.get("details"));
		assertThat(details).containsEntry("keys", 1L).containsKeys("lastRefresh", "source");
		assertThat(map(details.get("revocations"))).containsEntry("kind", "memory");
		assertThat(map(map(details.get("webhook")).get("rejections"))).containsKey("signature_invalid");
	}

	@Test
	void healthShowsComponentStatusesToAnyoneAndNoRedisOutsideTheRedisProfile() throws Exception {
		HttpResponse<String> health = get("/actuator/health", null);
		assertThat(health.statusCode()).isEqualTo(200);
		Map<String, Object> body = json(health.body());
		assertThat(body).containsEntry("status", "UP");
		Map<String, Object> components = map(body.get("components"));
		assertThat(components).containsKey("trymellon").doesNotContainKey("redis");
		assertThat(map(components.get("trymellon"))).containsOnlyKeys("status");
		assertThat(this.context.getBean(RevocationStore.class)).isInstanceOf(InMemoryRevocationStore.class);
		assertThat(this.context.getBeanNamesForType(dev.trymellon.spring.redis.RedisRevocationStore.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(dev.trymellon.spring.redis.RedisProcessedEventStore.class))
			.isEmpty();
	}

	@Test
	void metricsAreForTheAdminRoleOnly() throws Exception {
		assertThat(get("/actuator/metrics", null).statusCode()).isEqualTo(401);
		String user = mint("user_metrics", null);
		assertThat(get("/actuator/metrics/trymellon.token.verifications", user).statusCode()).isEqualTo(403);
		HttpResponse<String> admin = get("/actuator/metrics/trymellon.token.verifications", mint("ada", "admin"));
		assertThat(admin.statusCode()).isEqualTo(200);
		assertThat(json(admin.body())).containsEntry("name", "trymellon.token.verifications");
		assertThat(admin.body()).contains("\"outcome\"");
	}

	private String mint(String user, String roles) throws Exception {
		String query = "/dev/tokens?user=" + user + ((roles != null) ? "&roles=" + roles : "");
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(url(query)))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return (String) json(response.body()).get("token");
	}

	private HttpResponse<String> get(String path, String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).GET();
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private String url(String path) {
		return "http://localhost:" + this.port + path;
	}

	private static Map<String, Object> json(String body) throws Exception {
		return JSONObjectUtils.parse(body);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		assertThat(value).isInstanceOf(Map.class);
		return (Map<String, Object>) value;
	}

}
