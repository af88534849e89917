package dev.trymellon.spring.autoconfigure.web.reactive;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The default reactive chain with real RS256 tokens, over Netty: every answer of the
 * servlet side's {@code DefaultSecurityFilterChainMockMvcTests}.
 */
@SpringBootTest(classes = ReactiveTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive", "trymellon.client-id=client_test123",
				"trymellon.security.permit-paths=/public/**" })
@AutoConfigureWebTestClient
class DefaultSecurityWebFilterChainTests {

	WebTestClient client;

	@Autowired
	void client(WebTestClient client) {
		// generous: the build machine may be busy
		this.client = client.mutate().responseTimeout(Duration.ofSeconds(30)).build();
	}

	@Test
	void requestWhenAnonymousThen401WithBareBearerChallengeAndTokenMissing() {
		this.client.get()
			.uri("/api/me")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
			.expectBody(String.class)
			.isEqualTo("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
					+ "\"detail\":\"A TryMellon session token is required.\",\"code\":\"TOKEN_MISSING\"}");
	}

	@Test
	void requestWhenValidTokenThenPrincipalIsTheSessionAndNameIsTheUserId() {
		this.client.get()
			.uri("/api/me")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + ReactiveTestApplication.userToken())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("user_123 user_123 [ROLE_USER, FACTOR_BEARER]");
	}

	@Test
	void requestWhenExpiredTokenThen401InvalidTokenSessionExpired() {
		this.client.get()
			.uri("/api/me")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + ReactiveTestApplication.expiredToken())
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE,
					"Bearer error=\"invalid_token\", error_description=\"SESSION_EXPIRED\"")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("SESSION_EXPIRED");
	}

	@Test
	void requestWhenMalformedTokenThen401TokenMalformed() {
		this.client.get()
			.uri("/api/me")
			.header(HttpHeaders.AUTHORIZATION, "Bearer not a token")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE,
					"Bearer error=\"invalid_token\", error_description=\"TOKEN_MALFORMED\"")
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("TOKEN_MALFORMED");
	}

	@Test
	void requestWhenTwoAuthorizationHeadersThen400InvalidRequest() {
		this.client.get()
			.uri("/api/me")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + ReactiveTestApplication.userToken(),
					"Bearer " + ReactiveTestApplication.adminToken())
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE,
					"Bearer error=\"invalid_request\", error_description=\"INVALID_REQUEST\"")
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(400)
			.jsonPath("$.code")
			.isEqualTo("INVALID_REQUEST");
	}

	@Test
	void requestWhenWrongRoleThen403InsufficientScopeFromPreAuthorize() {
		this.client.get()
			.uri("/api/admin")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + ReactiveTestApplication.userToken())
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE,
					"Bearer error=\"insufficient_scope\", error_description=\"FORBIDDEN\"")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("FORBIDDEN");
	}

	@Test
	void requestWhenAdminRoleThenPreAuthorizedEndpointAnswers() {
		this.client.get()
			.uri("/api/admin")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + ReactiveTestApplication.adminToken())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("admin user_123");
	}

	@Test
	void postWhenBearerHeaderThenNoCsrfTokenNeeded() {
		this.client.post()
			.uri("/api/orders")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + ReactiveTestApplication.userToken())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("ordered by user_123");
	}

	@Test
	void requestWhenPermitPathThenAnonymousAllowed() {
		this.client.get().uri("/public/hello").exchange().expectStatus().isOk().expectBody(String.class).isEqualTo("hello");
		this.client.post().uri("/public/echo").exchange().expectStatus().isOk().expectBody(String.class).isEqualTo("echo");
	}

	@Test
	void requestWhenHealthPathThenNotAskedForAToken() {
		this.client.get().uri("/actuator/health").exchange().expectStatus().isOk();
		// not a health group here: the path is let through, and the actuator answers 404, not 401
		this.client.get().uri("/actuator/health/nothing").exchange().expectStatus().isNotFound();
	}

	@Test
	void requestWhenNoSessionThenNoCookieIsSet() {
		this.client.get()
			.uri("/api/me")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + ReactiveTestApplication.userToken())
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.doesNotExist(HttpHeaders.SET_COOKIE);
	}

	@Test
	void requestWhenBasicCredentialsThenNotAuthenticatedByThem() {
		this.client.get()
			.uri("/api/me")
			.header(HttpHeaders.AUTHORIZATION, "Basic dXNlcjpwYXNzd29yZA==")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("TOKEN_MISSING");
	}

}
