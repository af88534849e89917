package dev.trymellon.spring.autoconfigure.web;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default chain on a real embedded Tomcat, called over HTTP with {@link RestClient}.
 */
@SpringBootTest(classes = WebTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "trymellon.client-id=client_test123", "trymellon.security.permit-paths=/public/**" })
class EmbeddedServerTests {

	@LocalServerPort
	int port;

	RestClient client;

	@BeforeEach
	void client() {
		this.client = RestClient.create("http://127.0.0.1:" + this.port);
	}

	@Test
	void anonymousThen401ProblemWithBareChallenge() {
		HttpResult result = get("/api/me", null);
		assertThat(result.status()).isEqualTo(401);
		assertThat(result.headers().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Bearer");
		assertThat(result.headers().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result.body()).contains("\"code\":\"TOKEN_MISSING\"").contains("\"status\":401");
		assertThat(result.headers().get(HttpHeaders.SET_COOKIE)).isNull();
	}

	@Test
	void validTokenThen200AndNoSessionCookie() {
		HttpResult result = get("/api/me", WebTestApplication.userToken());
		assertThat(result.status()).isEqualTo(200);
		assertThat(result.body()).isEqualTo("user_123 user_123 [ROLE_USER, FACTOR_BEARER]");
		assertThat(result.headers().get(HttpHeaders.SET_COOKIE)).isNull();
	}

	@Test
	void expiredTokenThen401SessionExpired() {
		HttpResult result = get("/api/me", WebTestApplication.expiredToken());
		assertThat(result.status()).isEqualTo(401);
		assertThat(result.headers().getFirst(HttpHeaders.WWW_AUTHENTICATE))
			.isEqualTo("Bearer error=\"invalid_token\", error_description=\"SESSION_EXPIRED\"");
		assertThat(result.body()).contains("\"code\":\"SESSION_EXPIRED\"");
	}

	@Test
	void wrongRoleThen403InsufficientScope() {
		HttpResult result = get("/api/admin", WebTestApplication.userToken());
		assertThat(result.status()).isEqualTo(403);
		assertThat(result.headers().getFirst(HttpHeaders.WWW_AUTHENTICATE))
			.isEqualTo("Bearer error=\"insufficient_scope\", error_description=\"FORBIDDEN\"");
		assertThat(result.body()).contains("\"code\":\"FORBIDDEN\"");
	}

	@Test
	void adminRoleThen200() {
		HttpResult result = get("/api/admin", WebTestApplication.adminToken());
		assertThat(result.status()).isEqualTo(200);
		assertThat(result.body()).isEqualTo("admin user_123");
	}

	@Test
	void postWithBearerHeaderThen200WithoutCsrfToken() {
		HttpResult result = HttpResult.exchange(this.client, HttpMethod.POST, "/api/orders",
				(headers) -> headers.setBearerAuth(WebTestApplication.userToken()));
		assertThat(result.status()).isEqualTo(200);
		assertThat(result.body()).isEqualTo("ordered by user_123");
	}

	@Test
	void twoAuthorizationHeadersThen400InvalidRequest() {
		String token = WebTestApplication.userToken();
		HttpResult result = HttpResult.exchange(this.client, HttpMethod.GET, "/api/me",
				(headers) -> headers.addAll(HttpHeaders.AUTHORIZATION,
						java.util.List.of("Bearer " + token, "Bearer " + token)));
		assertThat(result.status()).isEqualTo(400);
		assertThat(result.headers().getFirst(HttpHeaders.WWW_AUTHENTICATE))
			.isEqualTo("Bearer error=\"invalid_request\", error_description=\"INVALID_REQUEST\"");
		assertThat(result.body()).contains("\"code\":\"INVALID_REQUEST\"");
	}

	@Test
	void oneMebibyteHeaderThenRefusedByTheServerBeforeTheApplication() {
		HttpResult result = get("/api/me", "a".repeat(1024 * 1024));
		// Tomcat's header size limit (8 KiB by default) answers before any filter runs.
		assertThat(result.status()).isEqualTo(400);
		assertThat(result.body()).doesNotContain("\"code\"");
	}

	@Test
	void basicCredentialsThen401MissingToken() {
		HttpResult result = HttpResult.exchange(this.client, HttpMethod.GET, "/api/me",
				(headers) -> headers.setBasicAuth("user", "password"));
		assertThat(result.status()).isEqualTo(401);
		assertThat(result.headers().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Bearer");
		assertThat(result.body()).contains("\"code\":\"TOKEN_MISSING\"");
	}

	@Test
	void permitPathThen200Anonymous() {
		assertThat(get("/public/hello", null).status()).isEqualTo(200);
	}

	@Test
	void permitPathWhenWrongMethodThen405NotA401() {
		HttpResult result = HttpResult.exchange(this.client, HttpMethod.DELETE, "/public/hello", (headers) -> {
		});
		assertThat(result.status()).isEqualTo(405);
		assertThat(result.headers().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isNull();
		assertThat(result.body()).doesNotContain("TOKEN_MISSING");
	}

	@Test
	void permitPathWhenUnknownPathThen404NotA401() {
		HttpResult result = get("/public/missing", null);
		assertThat(result.status()).isEqualTo(404);
		assertThat(result.headers().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isNull();
		assertThat(result.body()).doesNotContain("TOKEN_MISSING");
	}

	@Test
	void protectedPathWhenUnknownAndAnonymousThenStill401() {
		HttpResult result = get("/api/missing", null);
		assertThat(result.status()).isEqualTo(401);
		assertThat(result.body()).contains("\"code\":\"TOKEN_MISSING\"");
		assertThat(get("/api/missing", WebTestApplication.userToken()).status()).isEqualTo(404);
	}

	private HttpResult get(String path, String token) {
		return HttpResult.exchange(this.client, HttpMethod.GET, path, (headers) -> {
			if (token != null) {
				headers.setBearerAuth(token);
			}
		});
	}

}
