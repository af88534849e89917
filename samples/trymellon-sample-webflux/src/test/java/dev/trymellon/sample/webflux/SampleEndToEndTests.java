package dev.trymellon.sample.webflux;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.trymellon.spring.test.TryMellonWebhooks;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The WebFlux sample as a newcomer runs it, checked exactly as the servlet sample is (the
 * same requests and answers as its {@code SampleEndToEndTests}): real Netty server on a
 * random port, real HTTP, the embedded
 * development issuer on (no TryMellon key source configured).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class SampleEndToEndTests {

	private static final Pattern CURL = Pattern
		.compile("^curl -H 'Authorization: Bearer ([A-Za-z0-9_.-]+)' (http://localhost:\\d+/api/\\w+)$",
				Pattern.MULTILINE);

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Test
	void publicPageAndHealth() throws Exception {
		HttpResponse<String> home = get("/", null);
		assertThat(home.statusCode()).isEqualTo(200);
		assertThat(home.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/html"));
		assertThat(home.body()).contains("TryMellon Spring Boot sample").contains("/api/me");
		HttpResponse<String> health = get("/actuator/health", null);
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(json(health.body())).containsEntry("status", "UP");
	}

	@Test
	void startupPrintsTwoCurlCommandsThatWork(CapturedOutput output) throws Exception {
		Matcher matcher = CURL.matcher(output.getOut());
		assertThat(matcher.find()).isTrue();
		String userToken = matcher.group(1);
		assertThat(matcher.group(2)).isEqualTo(url("/api/me"));
		assertThat(matcher.find()).isTrue();
		String adminToken = matcher.group(1);
		assertThat(matcher.group(2)).isEqualTo(url("/api/admin"));
		assertThat(matcher.find()).isFalse();

		HttpResponse<String> me = get("/api/me", userToken);
		assertThat(me.statusCode()).isEqualTo(200);
		assertThat(json(me.body())).containsEntry("userId", "alice");
		assertThat(get("/api/admin", userToken).statusCode()).isEqualTo(403);
		HttpResponse<String> admin = get("/api/admin", adminToken);
		assertThat(admin.statusCode()).isEqualTo(200);
		assertThat(json(admin.body())).containsEntry("userId", "ada");
	}

	@Test
	void rolesFromTheCustomClaimAreAnOptInWarnedAboutAtStartup(CapturedOutput output) {
		assertThat(output.getOut())
			.contains("trymellon.authorities.role-claims=roles grant authorities from custom claims");
	}

	@Test
	void mintedTokensAndTheApi(CapturedOutput output) throws Exception {
		String user = mint("user_42", null);
		String admin = mint("user_7", "admin editor");

		HttpResponse<String> me = get("/api/me", user);
		assertThat(me.statusCode()).isEqualTo(200);
		Map<String, Object> body = json(me.body());
		assertThat(body).containsOnlyKeys("userId", "externalUserId", "tenantId", "appId", "customClaims",
				"authorities");
		assertThat(body).containsEntry("userId", "user_42")
			.containsEntry("externalUserId", null)
			.containsEntry("tenantId", "tenant_sample")
			.containsEntry("appId", "app_sample")
			.containsEntry("customClaims", Map.of())
			.containsEntry("authorities", List.of("FACTOR_BEARER"));
		Map<String, Object> adminMe = json(get("/api/me", admin).body());
		assertThat(adminMe).containsEntry("customClaims", Map.of("roles", "admin editor"))
			.containsEntry("authorities", List.of("ROLE_ADMIN", "ROLE_EDITOR", "FACTOR_BEARER"));

		assertThat(get("/api/admin", user).statusCode()).isEqualTo(403);
		assertThat(get("/api/events", user).statusCode()).isEqualTo(403);
		assertThat(get("/api/admin", admin).statusCode()).isEqualTo(200);

		HttpResponse<String> anonymous = get("/api/me", null);
		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
		HttpResponse<String> forged = get("/api/me", user.substring(0, user.length() - 4) + "AAAA");
		assertThat(forged.statusCode()).isEqualTo(401);
		assertThat(forged.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(value) -> assertThat(value).contains("error=\"invalid_token\""));

		// tokens are printed once at startup by the development issuer, and never logged otherwise
		assertThat(output.getAll()).doesNotContain(user).doesNotContain(admin);
	}

	@Test
	void devTokensNeedAUser() throws Exception {
		HttpResponse<String> response = post("/dev/tokens?roles=admin");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).doesNotContain("token\"");
	}

	@Test
	void signedWebhooksAreListedNewestFirst() throws Exception {
		TryMellonWebhooks webhooks = TryMellonWebhooks.withSecret("whsec_sample_development_only");
		RestClient client = RestClient.create();
		TryMellonWebhooks.Delivery first = webhooks.event("session.revoked")
			.data("user_id", "user_webhooks")
			.data("session_id", "sess_1");
		TryMellonWebhooks.Delivery second = webhooks.event("user.locked")
			.withoutEnvelope("id")
			.data("user_id", "user_webhooks");
		TryMellonWebhooks.Delivery forged = webhooks.event("user.locked").signedWith("not-the-secret");
		assertThat(send(client, first)).isEqualTo(200);
		assertThat(send(client, second)).isEqualTo(200);
		assertThat(send(client, forged)).isEqualTo(401);
		assertThat(send(client, webhooks.event("user.locked").tamperedBody())).isEqualTo(401);

		HttpResponse<String> events = get("/api/events", mint("ada", "admin"));
		assertThat(events.statusCode()).isEqualTo(200);
		List<Object> list = com.nimbusds.jose.util.JSONArrayUtils.parse(events.body());
		List<Map<String, Object>> mine = list.stream()
			.map((entry) -> asMap(entry))
			.filter((entry) -> List.of(first.getId(), second.getEventId(), forged.getId()).contains(entry.get("id")))
			.toList();
		assertThat(mine).hasSize(2);
		assertThat(mine.get(0)).containsOnlyKeys("id", "type", "receivedAt")
			.containsEntry("id", second.getEventId())
			.containsEntry("type", "user.locked");
		assertThat(mine.get(1)).containsEntry("id", first.getId()).containsEntry("type", "session.revoked");
		assertThat(list.indexOf(mine.get(0))).isLessThan(list.indexOf(mine.get(1)));
	}

	@Test
	void revocationWebhookRefusesTheUsersEarlierTokens() throws Exception {
		String token = mint("user_revoked", null);
		String bystander = mint("user_bystander", null);
		assertThat(get("/api/me", token).statusCode()).isEqualTo(200);
		TryMellonWebhooks.Delivery revoked = TryMellonWebhooks.withSecret("whsec_sample_development_only")
			.event("session.revoked")
			.data("user_id", "user_revoked")
			.data("session_id", "sess_unknown_to_the_token");
		assertThat(send(RestClient.create(), revoked)).isEqualTo(200);
		HttpResponse<String> refused = get("/api/me", token);
		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(value) -> assertThat(value).contains("error_description=\"SESSION_REVOKED\""));
		assertThat(get("/api/me", bystander).statusCode()).isEqualTo(200);
	}

	private int send(RestClient client, TryMellonWebhooks.Delivery delivery) {
		return delivery.post(client, url("/webhooks/trymellon"))
			.exchange((request, response) -> response.getStatusCode().value());
	}

	private String mint(String user, String roles) throws Exception {
		String query = "/dev/tokens?user=" + user + ((roles != null) ? "&roles=" + roles.replace(" ", "%20") : "");
		HttpResponse<String> response = post(query);
		assertThat(response.statusCode()).isEqualTo(200);
		Map<String, Object> body = json(response.body());
		assertThat(body).containsOnlyKeys("token");
		return (String) body.get("token");
	}

	private HttpResponse<String> get(String path, String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).GET();
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create(url(path))).POST(HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private String url(String path) {
		return "http://localhost:" + this.port + path;
	}

	private static Map<String, Object> json(String body) throws Exception {
		return JSONObjectUtils.parse(body);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> asMap(Object entry) {
		return (Map<String, Object>) entry;
	}

}
