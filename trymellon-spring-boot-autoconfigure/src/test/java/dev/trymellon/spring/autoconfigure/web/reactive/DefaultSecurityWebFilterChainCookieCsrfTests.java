package dev.trymellon.spring.autoconfigure.web.reactive;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default reactive chain's cookie branch ({@code trymellon.token.cookie-name} set,
 * no browser sessions): CSRF protection with the {@code XSRF-TOKEN} cookie and its raw
 * value in {@code X-XSRF-TOKEN} for exchanges authenticated by the cookie, none for a
 * single Bearer header, none for anonymous exchanges to permitted paths, TryMellon's
 * {@code 403} body for a refusal.
 */
@SpringBootTest(classes = ReactiveTestApplication.class,
		properties = { "spring.main.web-application-type=reactive", "trymellon.client-id=client_test123",
				"trymellon.security.permit-paths=/public/**", "trymellon.token.cookie-name=tm_session" })
@AutoConfigureWebTestClient
class DefaultSecurityWebFilterChainCookieCsrfTests {

	private static final String CSRF_DETAIL = "The CSRF token is missing or invalid.";

	WebTestClient client;

	@Autowired
	void client(WebTestClient client) {
		this.client = client.mutate().responseTimeout(Duration.ofSeconds(30)).build();
	}

	@Test
	void readingExchangeThroughTheCookieIsAuthenticatedAndHandsTheFrontEndACsrfToken() {
		EntityExchangeResult<String> result = this.client.get()
			.uri("/api/me")
			.cookie("tm_session", ReactiveTestApplication.userToken())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("user_123 user_123 [ROLE_USER, FACTOR_BEARER]")
			.returnResult();
		List<String> setCookies = result.getResponseHeaders().get(HttpHeaders.SET_COOKIE);
		assertThat(setCookies).isNotNull()
			.anySatisfy((cookie) -> assertThat(cookie).startsWith("XSRF-TOKEN=").doesNotContainIgnoringCase("HttpOnly"));
	}

	@Test
	void stateChangingExchangeThroughTheCookieNeedsTheCsrfHeader() {
		String token = ReactiveTestApplication.userToken();
		this.client.post()
			.uri("/api/orders")
			.cookie("tm_session", token)
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.doesNotExist(HttpHeaders.WWW_AUTHENTICATE)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("FORBIDDEN")
			.jsonPath("$.detail")
			.isEqualTo(CSRF_DETAIL);
		this.client.post()
			.uri("/api/orders")
			.cookie("tm_session", token)
			.cookie("XSRF-TOKEN", "the-front-ends-token")
			.header("X-XSRF-TOKEN", "another-token")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo(CSRF_DETAIL);
		this.client.post()
			.uri("/api/orders")
			.cookie("tm_session", token)
			.cookie("XSRF-TOKEN", "the-front-ends-token")
			.header("X-XSRF-TOKEN", "the-front-ends-token")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("ordered by user_123");
	}

	@Test
	void singleBearerHeaderNeedsNoCsrfTokenButABearerHeaderBesideAnotherCookieTokenDoes() {
		this.client.post()
			.uri("/api/orders")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + ReactiveTestApplication.userToken())
			.exchange()
			.expectStatus()
			.isOk();
		// two different tokens: not a Bearer-only request, so CSRF protection answers first
		this.client.post()
			.uri("/api/orders")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + ReactiveTestApplication.userToken())
			.cookie("tm_session", ReactiveTestApplication.adminToken())
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo(CSRF_DETAIL);
	}

	@Test
	void anonymousExchangeToAPermittedPathNeedsNoCsrfTokenButOneWithTheCookieDoes() {
		this.client.post().uri("/public/echo").exchange().expectStatus().isOk().expectBody(String.class).isEqualTo("echo");
		this.client.post()
			.uri("/public/echo")
			.cookie("tm_session", ReactiveTestApplication.userToken())
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo(CSRF_DETAIL);
		// a protected path keeps CSRF protection without the cookie too
		this.client.post()
			.uri("/api/orders")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo(CSRF_DETAIL);
	}

}
