package dev.trymellon.spring.autoconfigure.web;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cookie mode on a real embedded Tomcat: the session cookie authenticates, and a
 * state-changing request it authenticates needs the double-submitted CSRF token
 * ({@code XSRF-TOKEN} cookie repeated in the {@code X-XSRF-TOKEN} header).
 */
@SpringBootTest(classes = WebTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "trymellon.client-id=client_test123", "trymellon.token.cookie-name=TM_SESSION" })
class EmbeddedServerCookieModeTests {

	@LocalServerPort
	int port;

	RestClient client;

	@BeforeEach
	void client() {
		this.client = RestClient.create("http://127.0.0.1:" + this.port);
	}

	@Test
	void getWithSessionCookieThen200() {
		HttpResult result = HttpResult.exchange(this.client, HttpMethod.GET, "/api/me",
				(headers) -> headers.add(HttpHeaders.COOKIE, "TM_SESSION=" + WebTestApplication.userToken()));
		assertThat(result.status()).isEqualTo(200);
		assertThat(result.body()).isEqualTo("user_123 user_123 [ROLE_USER, FACTOR_BEARER]");
	}

	@Test
	void postWithSessionCookieWithoutCsrfTokenThen403() {
		HttpResult result = HttpResult.exchange(this.client, HttpMethod.POST, "/api/orders",
				(headers) -> headers.add(HttpHeaders.COOKIE, "TM_SESSION=" + WebTestApplication.userToken()));
		assertThat(result.status()).isEqualTo(403);
		assertThat(result.headers().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isNull();
		assertThat(result.body()).contains("\"code\":\"FORBIDDEN\"").contains("CSRF");
	}

	@Test
	void postWithSessionCookieAndCsrfTokenThen200() {
		HttpResult result = HttpResult.exchange(this.client, HttpMethod.POST, "/api/orders", (headers) -> {
			headers.add(HttpHeaders.COOKIE, "TM_SESSION=" + WebTestApplication.userToken() + "; XSRF-TOKEN=3f1c2a9e");
			headers.add("X-XSRF-TOKEN", "3f1c2a9e");
		});
		assertThat(result.status()).isEqualTo(200);
		assertThat(result.body()).isEqualTo("ordered by user_123");
	}

	@Test
	void postWithSessionCookieAndWrongCsrfTokenThen403() {
		HttpResult result = HttpResult.exchange(this.client, HttpMethod.POST, "/api/orders", (headers) -> {
			headers.add(HttpHeaders.COOKIE, "TM_SESSION=" + WebTestApplication.userToken() + "; XSRF-TOKEN=3f1c2a9e");
			headers.add("X-XSRF-TOKEN", "something-else");
		});
		assertThat(result.status()).isEqualTo(403);
	}

}
