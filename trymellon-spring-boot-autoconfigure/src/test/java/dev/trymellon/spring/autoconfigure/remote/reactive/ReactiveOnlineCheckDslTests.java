package dev.trymellon.spring.autoconfigure.remote.reactive;

import java.time.Duration;
import java.time.Instant;

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
 * The reactive DSL's {@code verifyOnline} in a chain of the application's, for an
 * annotated controller path and a functional route, and {@code @TryMellonVerifyOnline}
 * under that chain too.
 */
@SpringBootTest(classes = ReactiveOnlineCheckApplication.DslChain.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive", "trymellon.client-id=client_test123",
				"trymellon.app-id=app_1", "trymellon.remote.max-retries=0" })
@AutoConfigureWebTestClient
class ReactiveOnlineCheckDslTests {

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
	void count() {
		this.before = server.getRequestCount();
	}

	private int calls() {
		return server.getRequestCount() - this.before;
	}

	@Test
	void matchedControllerPathIsConfirmedByTheApi() {
		server.enqueue(json(200, VALID));
		post(this.client, "/api/transfer", token()).expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("transferred");
		assertThat(calls()).isEqualTo(1);
	}

	@Test
	void matchedFunctionalRouteRefusedByTheApiNeverReachesTheHandler() {
		server.enqueue(json(401, "{\"ok\":false,\"error\":{\"code\":\"user_not_found\"}}"));
		post(this.client, "/fn/transfer", token()).expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("SESSION_REVOKED");
		server.enqueue(json(200, VALID));
		post(this.client, "/fn/transfer", token()).expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("fn transferred");
		assertThat(calls()).isEqualTo(2);
	}

	@Test
	void matchedPathWithTheApiUnreachableIsServiceUnavailable() {
		server.enqueue(json(500, "{}"));
		post(this.client, "/api/transfer", token()).expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.exists(HttpHeaders.RETRY_AFTER)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("INTROSPECTION_FAILED");
	}

	@Test
	void matchedPathWithoutASessionIsRefusedBeforeAnyCall() {
		this.client.post()
			.uri("/api/transfer")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("TOKEN_MISSING");
		assertThat(calls()).isZero();
	}

	@Test
	void maxAgeRuleLetsFreshSessionsPassAndChecksOlderOnes() {
		post(this.client, "/api/recent", token()).expectStatus().isOk();
		assertThat(calls()).isZero();
		server.enqueue(json(401, INVALID));
		post(this.client, "/api/recent", TestTokens.token(Instant.now().minus(Duration.ofMinutes(10)))).expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("SESSION_REVOKED");
		assertThat(calls()).isEqualTo(1);
	}

	@Test
	void annotatedMethodIsCheckedUnderTheApplicationsChainToo() {
		server.enqueue(json(401, INVALID));
		post(this.client, "/api/pay", token()).expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("SESSION_REVOKED");
		assertThat(calls()).isEqualTo(1);
	}

	@Test
	void unmatchedPathNeverCallsTheApi() {
		this.client.get()
			.uri("/api/profile")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token())
			.exchange()
			.expectStatus()
			.isOk();
		assertThat(calls()).isZero();
	}

}
