package dev.trymellon.spring.autoconfigure.browser;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.trymellon.spring.autoconfigure.browser.BrowserSessionApplication.COOKIE;
import static dev.trymellon.spring.autoconfigure.browser.BrowserSessionApplication.NOW;
import static dev.trymellon.spring.autoconfigure.browser.BrowserSessionApplication.token;
import static dev.trymellon.spring.autoconfigure.browser.ReactiveBrowserSessionApplication.setCookie;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The single-page application's CSRF flow in the default reactive chain, with the real
 * {@code XSRF-TOKEN} cookie the exchange sets: the servlet side's
 * {@link BrowserSessionCsrfFlowTests}.
 */
@SpringBootTest(classes = ReactiveBrowserSessionApplication.class,
		properties = { "spring.main.web-application-type=reactive", "trymellon.client-id=client_test123",
				"trymellon.token.cookie-name=__Host-tm_session", "trymellon.session-cookie.enabled=true",
				"trymellon.security.permit-paths=/public/**" })
@AutoConfigureWebTestClient
class ReactiveBrowserSessionCsrfFlowTests {

	WebTestClient client;

	@Autowired
	void client(WebTestClient client) {
		this.client = ReactiveBrowserSessionApplication.patient(client);
	}

	@Test
	void permittedPathWithoutSessionCookieNeedsNoCsrfTokenButWithTheCookieItDoes() {
		// anonymous (curl, say): nothing for CSRF to protect
		this.client.post().uri("/public/ping").exchange().expectStatus().isOk().expectBody(String.class).isEqualTo("pong");
		// the browser's cookie would make it an authenticated request
		this.client.post()
			.uri("/public/ping")
			.cookie(COOKIE, token("user_flow", "user", NOW))
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("The CSRF token is missing or invalid.");
		// protected paths keep CSRF protection with or without the cookie
		this.client.post().uri("/api/notes").exchange().expectStatus().isForbidden();
	}

	@Test
	void stateChangingCallsThroughTheCookieNeedTheCsrfHeaderFromTheExchange() {
		String token = token("user_flow", "user", NOW);
		EntityExchangeResult<byte[]> exchanged = this.client.post()
			.uri("/trymellon/session")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange()
			.expectStatus()
			.isNoContent()
			.expectBody()
			.returnResult();
		String setCsrf = setCookie(exchanged, "XSRF-TOKEN");
		assertThat(setCsrf).isNotNull().doesNotContainIgnoringCase("HttpOnly");
		String xsrf = setCsrf.substring("XSRF-TOKEN=".length(), setCsrf.indexOf(';'));
		assertThat(xsrf).isNotEmpty();
		this.client.post()
			.uri("/api/notes")
			.cookie(COOKIE, token)
			.cookie("XSRF-TOKEN", xsrf)
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("The CSRF token is missing or invalid.");
		this.client.post()
			.uri("/api/notes")
			.cookie(COOKIE, token)
			.cookie("XSRF-TOKEN", xsrf)
			.header("X-XSRF-TOKEN", "forged-value")
			.exchange()
			.expectStatus()
			.isForbidden();
		this.client.post()
			.uri("/api/notes")
			.cookie(COOKIE, token)
			.cookie("XSRF-TOKEN", xsrf)
			.header("X-XSRF-TOKEN", xsrf)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("noted for user_flow");
		this.client.delete()
			.uri("/trymellon/session")
			.cookie(COOKIE, token)
			.cookie("XSRF-TOKEN", xsrf)
			.exchange()
			.expectStatus()
			.isForbidden();
		this.client.delete()
			.uri("/trymellon/session")
			.cookie(COOKIE, token)
			.cookie("XSRF-TOKEN", xsrf)
			.header("X-XSRF-TOKEN", xsrf)
			.exchange()
			.expectStatus()
			.isNoContent();
		this.client.get()
			.uri("/api/me")
			.cookie(COOKIE, token)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("SESSION_REVOKED");
	}

}
