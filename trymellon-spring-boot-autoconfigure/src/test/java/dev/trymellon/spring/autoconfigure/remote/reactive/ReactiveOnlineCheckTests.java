package dev.trymellon.spring.autoconfigure.remote.reactive;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.trymellon.spring.testfixtures.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.annotation.DirtiesContext.MethodMode;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.trymellon.spring.autoconfigure.remote.reactive.FakeApi.INVALID;
import static dev.trymellon.spring.autoconfigure.remote.reactive.FakeApi.VALID;
import static dev.trymellon.spring.autoconfigure.remote.reactive.FakeApi.json;
import static dev.trymellon.spring.autoconfigure.remote.reactive.FakeApi.post;
import static dev.trymellon.spring.autoconfigure.remote.reactive.FakeApi.token;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @TryMellonVerifyOnline} in a WebFlux application with the default chain, in
 * offline mode, over Netty, against a MockWebServer standing in for TryMellon's API: the
 * answers of the servlet side's {@code OnlineCheckMockMvcTests}.
 */
@SpringBootTest(classes = ReactiveOnlineCheckApplication.DefaultChain.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive", "trymellon.client-id=client_test123",
				"trymellon.app-id=app_1", "trymellon.remote.max-retries=0", "trymellon.security.permit-paths=/public/**" })
@AutoConfigureWebTestClient
class ReactiveOnlineCheckTests {

	private static final MockWebServer server = FakeApi.start();

	@Autowired
	WebTestClient client;

	private int before;

	@DynamicPropertySource
	static void api(DynamicPropertyRegistry registry) {
		registry.add("trymellon.api-base-url", () -> server.url("/").toString());
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@BeforeEach
	void count() throws InterruptedException {
		while (server.takeRequest(0, TimeUnit.MILLISECONDS) != null) {
			// forget the requests of earlier tests
		}
		this.before = server.getRequestCount();
	}

	private int calls() {
		return server.getRequestCount() - this.before;
	}

	@Test
	void annotatedMethodIsConfirmedByTheApiEveryTimeWithTheRequestsToken() throws InterruptedException {
		server.enqueue(json(200, VALID));
		server.enqueue(json(200, VALID));
		String token = token();
		post(this.client, "/api/pay", token).expectStatus().isOk().expectBody(String.class).isEqualTo("paid by user_123");
		post(this.client, "/api/pay", token).expectStatus().isOk();
		assertThat(calls()).isEqualTo(2);
		assertThat(server.takeRequest().getHeaders().get(HttpHeaders.AUTHORIZATION)).isEqualTo("Bearer " + token);
	}

	@Test
	void methodWithoutTheAnnotationNeverCallsTheApi() {
		this.client.get()
			.uri("/api/profile")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("profile user_123");
		assertThat(calls()).isZero();
	}

	@Test
	void sessionTheApiNoLongerAcceptsIsRefusedAsRevokedAndTheHandlerNotCalled() {
		server.enqueue(json(401, INVALID));
		post(this.client, "/api/pay", token()).expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE,
					"Bearer error=\"invalid_token\", error_description=\"SESSION_REVOKED\"")
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("SESSION_REVOKED");
		assertThat(calls()).isEqualTo(1);
	}

	@Test
	void apiNamingAnotherUserIsUserIdMismatch() {
		server.enqueue(json(200, VALID.replace("user_123", "user_999")));
		post(this.client, "/api/pay", token()).expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("USER_ID_MISMATCH");
	}

	@Test
	void unreachableApiIsServiceUnavailableWithRetryAfter() {
		server.enqueue(json(503, "{}"));
		post(this.client, "/api/pay", token()).expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.exists(HttpHeaders.RETRY_AFTER)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("INTROSPECTION_FAILED");
	}

	@Test
	@DirtiesContext(methodMode = MethodMode.AFTER_METHOD) // the client keeps the API's rate limit
	void rateLimitedApiIsServiceUnavailableCarryingItsRetryAfterAndNotCalledAgainMeanwhile() {
		server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "120").build());
		post(this.client, "/api/pay", token()).expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.valueEquals(HttpHeaders.RETRY_AFTER, "120")
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("RATE_LIMIT_EXCEEDED");
		post(this.client, "/api/pay", token()).expectStatus()
			.isEqualTo(503)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("RATE_LIMIT_EXCEEDED");
		assertThat(calls()).isEqualTo(1);
	}

	@Test
	void annotatedControllerClassChecksEveryMethod() {
		server.enqueue(json(401, INVALID));
		post(this.client, "/admin/grant", token()).expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("SESSION_REVOKED");
		server.enqueue(json(200, VALID));
		post(this.client, "/admin/grant", token()).expectStatus().isOk().expectBody(String.class).isEqualTo("granted");
		assertThat(calls()).isEqualTo(2);
	}

	@Test
	void maxAgeLetsFreshSessionsPassAndChecksOlderOnes() {
		post(this.client, "/api/settings", token()).expectStatus().isOk();
		assertThat(calls()).isZero();
		server.enqueue(json(401, INVALID));
		String old = TestTokens.token(Instant.now().minus(Duration.ofMinutes(10)));
		post(this.client, "/api/settings", old).expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("SESSION_REVOKED");
		assertThat(calls()).isEqualTo(1);
	}

	@Test
	void annotatedPublicEndpointWithoutASessionIsRefused() {
		this.client.post()
			.uri("/public/donate")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("TOKEN_MISSING");
		assertThat(calls()).isZero();
	}

	@Test
	void badTokenIsRefusedByAuthenticationBeforeAnyCall() {
		post(this.client, "/api/pay", "not.a.token").expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("TOKEN_MALFORMED");
		assertThat(calls()).isZero();
	}

}
