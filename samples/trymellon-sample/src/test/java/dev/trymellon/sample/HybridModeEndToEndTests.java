package dev.trymellon.sample;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

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
import static org.awaitility.Awaitility.await;

/**
 * The sample with {@code --trymellon.validation.mode=hybrid}, end to end: offline
 * verification, and a revoked session refuses only itself: the user's other tokens,
 * caught by the fail-safe rule, are confirmed with the development issuer's API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "trymellon.validation.mode=hybrid")
class HybridModeEndToEndTests {

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

	private int revoke(String userId, String sessionId) {
		this.api.revokeSession(sessionId);
		return this.client.send(TryMellonWebhooks.withSecret(SampleClient.WEBHOOK_SECRET)
			.event("session.revoked")
			.data("user_id", userId)
			.data("session_id", sessionId));
	}

	@Test
	void tokensWithoutRevocationsNeverCallTheApi() throws Exception {
		int before = this.api.getRequestCount();
		assertThat(this.client.get("/api/me", this.issuer.token().userId("user_calm").build()).statusCode())
			.isEqualTo(200);
		assertThat(this.api.getRequestCount()).isEqualTo(before);
	}

	@Test
	void revokingOneSessionKeepsTheUsersOtherSessionsWorking() throws Exception {
		String other = this.issuer.token().userId("user_two_devices").build();
		String revokedWithClaim = this.issuer.token().userId("user_two_devices").sessionId("sess_phone").build();
		assertThat(this.client.get("/api/me", other).statusCode()).isEqualTo(200);
		assertThat(revoke("user_two_devices", "sess_phone")).isEqualTo(200);
		// issue times are whole seconds: an answer of the revocation's second is asked again
		long revokedIn = Instant.now().getEpochSecond();
		await().atMost(Duration.ofSeconds(3)).until(() -> Instant.now().getEpochSecond() > revokedIn);

		int before = this.api.getValidateRequestCount();
		// no session-id claim: caught by the fail-safe rule, confirmed once with the API
		assertThat(this.client.get("/api/me", other).statusCode()).isEqualTo(200);
		assertThat(this.client.get("/api/me", other).statusCode()).isEqualTo(200);
		assertThat(this.api.getValidateRequestCount() - before).isEqualTo(1);

		// the revoked session's claim matches exactly: refused offline, no call
		HttpResponse<String> refused = this.client.get("/api/me", revokedWithClaim);
		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(SampleClient.description(refused)).contains("error_description=\"SESSION_REVOKED\"");
		assertThat(this.api.getValidateRequestCount() - before).isEqualTo(1);
	}

	@Test
	void theRevokedSessionWithoutAClaimIsRefusedByTheApi() throws Exception {
		// the issuer's API knows the session by its id; the token sent carries it, the
		// application's offline view cannot tell (as if the claim were unknown to it)
		String revoked = this.issuer.token().userId("user_laptop").claim("session_id_at_tm", "sess_laptop").build();
		this.api.revokeUserSessions("user_laptop");
		assertThat(revoke("user_laptop", "sess_laptop")).isEqualTo(200);
		HttpResponse<String> refused = this.client.get("/api/me", revoked);
		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(SampleClient.description(refused)).contains("error_description=\"SESSION_REVOKED\"");
	}

}
