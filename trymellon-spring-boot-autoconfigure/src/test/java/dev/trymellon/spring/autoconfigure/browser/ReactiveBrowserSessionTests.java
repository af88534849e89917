package dev.trymellon.spring.autoconfigure.browser;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.trymellon.spring.testfixtures.MutableClock;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.trymellon.spring.autoconfigure.browser.BrowserSessionApplication.COOKIE;
import static dev.trymellon.spring.autoconfigure.browser.BrowserSessionApplication.NOW;
import static dev.trymellon.spring.autoconfigure.browser.BrowserSessionApplication.token;
import static dev.trymellon.spring.autoconfigure.browser.BrowserSessionApplication.userToken;
import static dev.trymellon.spring.autoconfigure.browser.ReactiveBrowserSessionApplication.setCookie;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser session endpoints in the default reactive chain, over Netty: every answer
 * of the servlet side's {@link BrowserSessionMockMvcTests} (the exchange, the view and the
 * sign-out, with every cookie attribute, refusal and revocation). CSRF tokens are a
 * cookie and header pair of the test's choosing, as the chain's cookie repository reads
 * them.
 */
@SpringBootTest(classes = ReactiveBrowserSessionApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive", "trymellon.client-id=client_test123",
				"trymellon.token.cookie-name=__Host-tm_session", "trymellon.session-cookie.enabled=true" })
@AutoConfigureWebTestClient
@DirtiesContext
class ReactiveBrowserSessionTests {

	private static final String PATH = "/trymellon/session";

	private static final String CSRF = "0123456789abcdef-csrf";

	WebTestClient client;

	@Autowired
	MutableClock clock;

	@LocalServerPort
	int port;

	@Autowired
	void client(WebTestClient client) {
		this.client = ReactiveBrowserSessionApplication.patient(client);
	}

	private EntityExchangeResult<byte[]> exchange(String token) {
		return this.client.post()
			.uri(PATH)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange()
			.expectStatus()
			.isNoContent()
			.expectBody()
			.returnResult();
	}

	private WebTestClient.RequestHeadersSpec<?> signOut(String token) {
		return this.client.delete()
			.uri(PATH)
			.cookie(COOKIE, token)
			.cookie("XSRF-TOKEN", CSRF)
			.header("X-XSRF-TOKEN", CSRF);
	}

	@Test
	void exchangeWhenValidBearerThen204WithHttpOnlySecureLaxHostCookieForTheTokensRemainingLife() {
		String token = userToken();
		EntityExchangeResult<byte[]> result = exchange(token);
		assertThat(setCookie(result, COOKIE)).startsWith(COOKIE + "=" + token + "; Path=/; Max-Age=3600; Expires=")
			.endsWith("; Secure; HttpOnly; SameSite=Lax")
			.doesNotContain("Domain=");
		assertThat(result.getResponseHeaders().getFirst(HttpHeaders.CACHE_CONTROL)).isEqualTo("no-store");
		assertThat(result.getResponseBody()).isNullOrEmpty();
		// the SPA's CSRF token: readable by script, sent back in X-XSRF-TOKEN
		assertThat(setCookie(result, "XSRF-TOKEN")).isNotNull()
			.doesNotContainIgnoringCase("HttpOnly")
			.contains("Path=/");
	}

	@Test
	void exchangeWhenTheBrowserHoldsACsrfTokenThenNoNewOne() {
		EntityExchangeResult<byte[]> result = this.client.post()
			.uri(PATH)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + userToken())
			.cookie("XSRF-TOKEN", CSRF)
			.exchange()
			.expectStatus()
			.isNoContent()
			.expectBody()
			.returnResult();
		assertThat(setCookie(result, COOKIE)).isNotNull();
		assertThat(setCookie(result, "XSRF-TOKEN")).isNull();
	}

	@Test
	void exchangeMaxAgeIsTheSecondsUntilTheTokensExpiry() {
		String token = userToken();
		this.clock.advance(Duration.ofSeconds(1234));
		try {
			assertThat(setCookie(exchange(token), COOKIE)).contains("; Max-Age=2366;");
		}
		finally {
			this.clock.advance(Duration.ofSeconds(-1234));
		}
	}

	@Test
	void exchangeWhenBadTokenThenAnsweredAsAnyBadTokenAndNoSessionCookie() {
		String forged = userToken().substring(0, userToken().lastIndexOf('.') + 1) + "AAAA";
		EntityExchangeResult<byte[]> result = this.client.post()
			.uri(PATH)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + forged)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE,
					"Bearer error=\"invalid_token\", error_description=\"SIGNATURE_INVALID\"")
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("SIGNATURE_INVALID")
			.returnResult();
		assertThat(setCookie(result, COOKIE)).isNull();
	}

	@Test
	void exchangeWhenExpiredTokenThen401SessionExpiredAndNoSessionCookie() {
		EntityExchangeResult<byte[]> result = this.client.post()
			.uri(PATH)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + BrowserSessionApplication.expiredToken())
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("SESSION_EXPIRED")
			.returnResult();
		assertThat(setCookie(result, COOKIE)).isNull();
	}

	@Test
	void exchangeWithoutBearerHeaderIsRefusedEvenWithASessionCookieAndACsrfToken() {
		// the exchange reads the Authorization header only: a cookie never authenticates it
		EntityExchangeResult<byte[]> result = this.client.post()
			.uri(PATH)
			.cookie(COOKIE, userToken())
			.cookie("XSRF-TOKEN", CSRF)
			.header("X-XSRF-TOKEN", CSRF)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("TOKEN_MISSING")
			.returnResult();
		assertThat(setCookie(result, COOKIE)).isNull();
	}

	@Test
	void exchangeWithoutBearerHeaderOrCsrfTokenIsRefusedByCsrfProtection() {
		this.client.post()
			.uri(PATH)
			.cookie(COOKIE, userToken())
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("The CSRF token is missing or invalid.");
	}

	@Test
	void exchangeWhenAnotherSessionCookieIsPresentThenItIsReplacedNotRefusedAsTwoTokens() {
		String ada = token("user_ada", "admin", NOW);
		String alice = token("user_alice", "user", NOW);
		EntityExchangeResult<byte[]> result = this.client.post()
			.uri(PATH)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + alice)
			.cookie(COOKIE, ada)
			.exchange()
			.expectStatus()
			.isNoContent()
			.expectBody()
			.returnResult();
		assertThat(setCookie(result, COOKIE)).startsWith(COOKIE + "=" + alice + ";");
	}

	@Test
	void exchangeWhenForeignOriginThen403OriginNotAllowedAndNoSessionCookie() {
		EntityExchangeResult<String> result = this.client.post()
			.uri(PATH)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + userToken())
			.header(HttpHeaders.ORIGIN, "https://evil.example")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
			.expectBody(String.class)
			.isEqualTo("{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,"
					+ "\"detail\":\"The session exchange was sent from an origin that is not allowed.\","
					+ "\"code\":\"ORIGIN_NOT_ALLOWED\"}")
			.returnResult();
		assertThat(setCookie(result, COOKIE)).isNull();
	}

	@Test
	void exchangeWhenCrossSiteFetchMetadataThen403() {
		this.client.post()
			.uri(PATH)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + userToken())
			.header("Sec-Fetch-Site", "cross-site")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("ORIGIN_NOT_ALLOWED");
	}

	@Test
	void exchangeWhenOpaqueOriginThen403() {
		this.client.post()
			.uri(PATH)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + userToken())
			.header(HttpHeaders.ORIGIN, "null")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("ORIGIN_NOT_ALLOWED");
	}

	@Test
	void exchangeWhenOwnOriginAndSameOriginFetchThen204() {
		this.client.post()
			.uri(PATH)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + userToken())
			.header(HttpHeaders.ORIGIN, "http://localhost:" + this.port)
			.header("Sec-Fetch-Site", "same-origin")
			.exchange()
			.expectStatus()
			.isNoContent();
	}

	@Test
	void getWithSessionCookieThenPublicView() {
		this.client.get()
			.uri(PATH)
			.cookie(COOKIE, token("user_ada", "admin", NOW))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectHeader()
			.valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
			.expectBody()
			.json("{\"userId\":\"user_ada\",\"expiresAt\":\"2026-12-01T13:00:00Z\","
					+ "\"authorities\":[\"ROLE_ADMIN\",\"FACTOR_BEARER\"]}", JsonCompareMode.STRICT);
	}

	@Test
	void getWithoutSessionThen401TokenMissing() {
		this.client.get()
			.uri(PATH)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("TOKEN_MISSING");
	}

	@Test
	void getWithExpiredCookieThen401AndTheCookieIsCleared() {
		EntityExchangeResult<byte[]> result = this.client.get()
			.uri(PATH)
			.cookie(COOKIE, BrowserSessionApplication.expiredToken())
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("SESSION_EXPIRED")
			.returnResult();
		assertThat(setCookie(result, COOKIE)).startsWith(COOKIE + "=; Path=/; Max-Age=0; Expires=")
			.endsWith("; Secure; HttpOnly; SameSite=Lax");
	}

	@Test
	void apiCallWithExpiredCookieIsAlsoToldToForgetIt() {
		EntityExchangeResult<byte[]> result = this.client.get()
			.uri("/api/me")
			.cookie(COOKIE, BrowserSessionApplication.expiredToken())
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.returnResult();
		assertThat(setCookie(result, COOKIE)).contains("Max-Age=0");
	}

	@Test
	void apiCallWithExpiredTokenInTheHeaderKeepsTheCookie() {
		EntityExchangeResult<byte[]> result = this.client.get()
			.uri("/api/me")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + BrowserSessionApplication.expiredToken())
			.cookie(COOKIE, BrowserSessionApplication.expiredToken())
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("SESSION_EXPIRED")
			.returnResult();
		assertThat(setCookie(result, COOKIE)).isNull();
	}

	@Test
	void signOutWithoutCsrfTokenIsRefusedAndTheSessionStaysValid() {
		String token = token("user_keep", "user", NOW);
		this.client.delete()
			.uri(PATH)
			.cookie(COOKIE, token)
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("The CSRF token is missing or invalid.");
		this.client.get().uri("/api/me").cookie(COOKIE, token).exchange().expectStatus().isOk();
	}

	@Test
	void signOutClearsBothCookiesAndRevokesExactlyThatToken() {
		String token = token("user_out", "user", NOW);
		String otherSession = token("user_out", "user", NOW.minusSeconds(5));
		this.client.get().uri("/api/me").cookie(COOKIE, token).exchange().expectStatus().isOk();
		EntityExchangeResult<byte[]> result = signOut(token).exchange()
			.expectStatus()
			.isNoContent()
			.expectHeader()
			.valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
			.expectBody()
			.returnResult();
		assertThat(setCookie(result, COOKIE)).startsWith(COOKIE + "=; Path=/; Max-Age=0; Expires=")
			.endsWith("; Secure; HttpOnly; SameSite=Lax");
		assertThat(setCookie(result, "XSRF-TOKEN")).startsWith("XSRF-TOKEN=;").contains("Max-Age=0");
		// a copy of the cookie no longer works, and is told to go
		EntityExchangeResult<byte[]> replay = this.client.get()
			.uri("/api/me")
			.cookie(COOKIE, token)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("SESSION_REVOKED")
			.returnResult();
		assertThat(setCookie(replay, COOKIE)).contains("Max-Age=0");
		this.client.get()
			.uri("/api/me")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("SESSION_REVOKED");
		// the user's other session stays valid, and signing in again works at once
		this.client.get().uri("/api/me").cookie(COOKIE, otherSession).exchange().expectStatus().isOk();
		String again = token("user_out", "user", NOW.plusSeconds(1));
		exchange(again);
		this.client.get()
			.uri(PATH)
			.cookie(COOKIE, again)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.userId")
			.isEqualTo("user_out");
	}

	@Test
	void signOutWithoutSessionThen401() {
		this.client.delete()
			.uri(PATH)
			.cookie("XSRF-TOKEN", CSRF)
			.header("X-XSRF-TOKEN", CSRF)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("TOKEN_MISSING");
	}

	@Test
	void otherMethodsOnThePathAreNotEndpoints() {
		this.client.put()
			.uri(PATH)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + userToken())
			.exchange()
			.expectStatus()
			.isNotFound();
	}

}
