package dev.trymellon.sample;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.trymellon.spring.test.TryMellonTestApi;
import dev.trymellon.spring.test.TryMellonTestIssuer;
import dev.trymellon.spring.test.TryMellonWebhooks;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample with {@code --trymellon.validation.mode=remote}, end to end: every token is
 * validated by the development issuer's stand-in for TryMellon's API, answers cached,
 * revocation webhooks evicting them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "trymellon.validation.mode=remote")
class RemoteModeEndToEndTests {

	@LocalServerPort
	int port;

	@Autowired
	@Qualifier("tryMellonDevelopmentIssuer")
	TryMellonTestIssuer issuer;

	private SampleClient client;

	private TryMellonTestApi api;

	@BeforeEach
	void client() {
		this.client = new SampleClient(this.port);
		this.api = this.issuer.api();
		this.api.reset();
	}

	@Test
	void tokensAreValidatedByTheApiOnceAndThenAnsweredFromTheCache() throws Exception {
		String token = this.issuer.token().userId("user_remote").build();
		int before = this.api.getValidateRequestCount();
		HttpResponse<String> me = this.client.get("/api/me", token);
		assertThat(me.statusCode()).isEqualTo(200);
		assertThat(me.body()).contains("\"userId\":\"user_remote\"").contains("\"appId\":\"app_sample\"");
		assertThat(this.client.get("/api/me", token).statusCode()).isEqualTo(200);
		assertThat(this.api.getValidateRequestCount() - before).isEqualTo(1);
	}

	@Test
	void tokenTheApiRefusesIsSessionInvalid() throws Exception {
		HttpResponse<String> refused = this.client.get("/api/me", "not-a-session-token");
		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(SampleClient.description(refused)).contains("error_description=\"SESSION_INVALID\"");
	}

	@Test
	void revocationWebhookEvictsTheCachedAnswerAndTheApiRefusesTheSession() throws Exception {
		String token = this.issuer.token().userId("user_gone").build();
		assertThat(this.client.get("/api/me", token).statusCode()).isEqualTo(200);
		this.api.revokeUserSessions("user_gone");
		TryMellonWebhooks.Delivery revoked = TryMellonWebhooks.withSecret(SampleClient.WEBHOOK_SECRET)
			.event("session.revoked")
			.data("user_id", "user_gone")
			.data("session_id", "sess_gone");
		assertThat(this.client.send(revoked)).isEqualTo(200);
		HttpResponse<String> refused = this.client.get("/api/me", token);
		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(SampleClient.description(refused)).contains("error_description=\"SESSION_INVALID\"");
	}

	@Test
	void apiDownIsServiceUnavailableWithRetryAfter() throws Exception {
		String token = this.issuer.token().userId("user_outage").build();
		this.api.failWithStatus(503, 3);
		HttpResponse<String> unavailable = this.client.get("/api/me", token);
		assertThat(unavailable.statusCode()).isEqualTo(503);
		assertThat(unavailable.headers().firstValue("Retry-After")).isPresent();
		assertThat(unavailable.body()).contains("\"code\":\"INTROSPECTION_FAILED\"");
	}

}
