package dev.trymellon.spring.autoconfigure.browser;

import java.time.Duration;
import java.util.List;

import jakarta.servlet.http.Cookie;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import dev.trymellon.spring.testfixtures.MutableClock;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static dev.trymellon.spring.autoconfigure.browser.BrowserSessionApplication.COOKIE;
import static dev.trymellon.spring.autoconfigure.browser.BrowserSessionApplication.NOW;
import static dev.trymellon.spring.autoconfigure.browser.BrowserSessionApplication.token;
import static dev.trymellon.spring.autoconfigure.browser.BrowserSessionApplication.userToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The browser session endpoints in the default chain: the exchange, the view and the
 * sign-out, with every cookie attribute, refusal and revocation. CSRF tokens come from
 * Spring Security's test support here; {@link BrowserSessionCsrfFlowTests} follows the
 * real {@code XSRF-TOKEN} cookie.
 */
@SpringBootTest(classes = BrowserSessionApplication.class, properties = {
		"trymellon.client-id=client_test123", "trymellon.token.cookie-name=__Host-tm_session",
		"trymellon.session-cookie.enabled=true" })
@AutoConfigureMockMvc
@DirtiesContext
class BrowserSessionMockMvcTests {

	private static final String PATH = "/trymellon/session";

	@Autowired
	MockMvc mvc;

	@Autowired
	MutableClock clock;

	static List<String> setCookies(MvcResult result) {
		return result.getResponse().getHeaders(HttpHeaders.SET_COOKIE);
	}

	static @Nullable String setCookie(MvcResult result, String name) {
		return setCookies(result).stream().filter((cookie) -> cookie.startsWith(name + "=")).findFirst().orElse(null);
	}

	private MvcResult exchange(String token) throws Exception {
		return this.mvc.perform(post(PATH).header(HttpHeaders.AUTHORIZATION, "Bearer " + token))
			.andExpect(status().isNoContent())
			.andReturn();
	}

	private static Cookie session(String token) {
		return new Cookie(COOKIE, token);
	}

	@Test
	void exchangeWhenValidBearerThen204WithHttpOnlySecureLaxHostCookieForTheTokensRemainingLife() throws Exception {
		String token = userToken();
		MvcResult result = exchange(token);
		assertThat(setCookie(result, COOKIE)).startsWith(COOKIE + "=" + token + "; Path=/; Max-Age=3600; Expires=")
			.endsWith("; Secure; HttpOnly; SameSite=Lax")
			.doesNotContain("Domain=");
		assertThat(result.getResponse().getHeader(HttpHeaders.CACHE_CONTROL)).isEqualTo("no-store");
		assertThat(result.getResponse().getContentAsString()).isEmpty();
		// the SPA's CSRF token (csrf.spa()): readable by script, sent back in X-XSRF-TOKEN
		assertThat(setCookie(result, "XSRF-TOKEN")).isNotNull().doesNotContain("HttpOnly").contains("Path=/");
	}

	@Test
	void exchangeMaxAgeIsTheSecondsUntilTheTokensExpiry() throws Exception {
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
	void exchangeWhenBadTokenThenAnsweredAsAnyBadTokenAndNoSessionCookie() throws Exception {
		String forged = userToken().substring(0, userToken().lastIndexOf('.') + 1) + "AAAA";
		MvcResult result = this.mvc.perform(post(PATH).header(HttpHeaders.AUTHORIZATION, "Bearer " + forged))
			.andExpect(status().isUnauthorized())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.code").value("SIGNATURE_INVALID"))
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE,
					"Bearer error=\"invalid_token\", error_description=\"SIGNATURE_INVALID\""))
			.andReturn();
		assertThat(setCookie(result, COOKIE)).isNull();
	}

	@Test
	void exchangeWhenExpiredTokenThen401SessionExpiredAndNoSessionCookie() throws Exception {
		MvcResult result = this.mvc
			.perform(post(PATH).header(HttpHeaders.AUTHORIZATION, "Bearer " + BrowserSessionApplication.expiredToken()))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.code").value("SESSION_EXPIRED"))
			.andReturn();
		assertThat(setCookie(result, COOKIE)).isNull();
	}

	@Test
	void exchangeWithoutBearerHeaderIsRefusedEvenWithASessionCookieAndACsrfToken() throws Exception {
		// the exchange reads the Authorization header only: a cookie never authenticates it
		MvcResult result = this.mvc.perform(post(PATH).cookie(session(userToken())).with(csrf()))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.code").value("TOKEN_MISSING"))
			.andReturn();
		assertThat(setCookie(result, COOKIE)).isNull();
	}

	@Test
	void exchangeWithoutBearerHeaderOrCsrfTokenIsRefusedByCsrfProtection() throws Exception {
		this.mvc.perform(post(PATH).cookie(session(userToken())))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.detail").value("The CSRF token is missing or invalid."));
	}

	@Test
	void exchangeWhenAnotherSessionCookieIsPresentThenItIsReplacedNotRefusedAsTwoTokens() throws Exception {
		String ada = token("user_ada", "admin", NOW);
		String alice = token("user_alice", "user", NOW);
		MvcResult result = this.mvc
			.perform(post(PATH).header(HttpHeaders.AUTHORIZATION, "Bearer " + alice).cookie(session(ada)))
			.andExpect(status().isNoContent())
			.andReturn();
		assertThat(setCookie(result, COOKIE)).startsWith(COOKIE + "=" + alice + ";");
	}

	@Test
	void exchangeWhenForeignOriginThen403OriginNotAllowedAndNoSessionCookie() throws Exception {
		MvcResult result = this.mvc
			.perform(post(PATH).header(HttpHeaders.AUTHORIZATION, "Bearer " + userToken())
				.header(HttpHeaders.ORIGIN, "https://evil.example"))
			.andExpect(status().isForbidden())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.code").value("ORIGIN_NOT_ALLOWED"))
			.andReturn();
		assertThat(setCookie(result, COOKIE)).isNull();
	}

	@Test
	void exchangeWhenCrossSiteFetchMetadataThen403() throws Exception {
		this.mvc
			.perform(post(PATH).header(HttpHeaders.AUTHORIZATION, "Bearer " + userToken())
				.header("Sec-Fetch-Site", "cross-site"))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.code").value("ORIGIN_NOT_ALLOWED"));
	}

	@Test
	void exchangeWhenOpaqueOriginThen403() throws Exception {
		this.mvc
			.perform(post(PATH).header(HttpHeaders.AUTHORIZATION, "Bearer " + userToken())
				.header(HttpHeaders.ORIGIN, "null"))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.code").value("ORIGIN_NOT_ALLOWED"));
	}

	@Test
	void exchangeWhenOwnOriginAndSameOriginFetchThen204() throws Exception {
		this.mvc
			.perform(post(PATH).header(HttpHeaders.AUTHORIZATION, "Bearer " + userToken())
				.header(HttpHeaders.ORIGIN, "http://localhost")
				.header("Sec-Fetch-Site", "same-origin"))
			.andExpect(status().isNoContent());
	}

	@Test
	void getWithSessionCookieThenPublicView() throws Exception {
		this.mvc.perform(get(PATH).cookie(session(token("user_ada", "admin", NOW))))
			.andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
			.andExpect(header().string(HttpHeaders.CACHE_CONTROL, "no-store"))
			.andExpect(content().json("{\"userId\":\"user_ada\",\"expiresAt\":\"2026-12-01T13:00:00Z\","
					+ "\"authorities\":[\"ROLE_ADMIN\",\"FACTOR_BEARER\"]}", org.springframework.test.json.JsonCompareMode.STRICT));
	}

	@Test
	void getWithoutSessionThen401TokenMissing() throws Exception {
		this.mvc.perform(get(PATH))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.code").value("TOKEN_MISSING"));
	}

	@Test
	void getWithExpiredCookieThen401AndTheCookieIsCleared() throws Exception {
		MvcResult result = this.mvc.perform(get(PATH).cookie(session(BrowserSessionApplication.expiredToken())))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.code").value("SESSION_EXPIRED"))
			.andReturn();
		assertThat(setCookie(result, COOKIE)).startsWith(COOKIE + "=; Path=/; Max-Age=0; Expires=")
			.endsWith("; Secure; HttpOnly; SameSite=Lax");
	}

	@Test
	void apiCallWithExpiredCookieIsAlsoToldToForgetIt() throws Exception {
		MvcResult result = this.mvc.perform(get("/api/me").cookie(session(BrowserSessionApplication.expiredToken())))
			.andExpect(status().isUnauthorized())
			.andReturn();
		assertThat(setCookie(result, COOKIE)).contains("Max-Age=0");
	}

	@Test
	void signOutWithoutCsrfTokenIsRefusedAndTheSessionStaysValid() throws Exception {
		String token = token("user_keep", "user", NOW);
		this.mvc.perform(delete(PATH).cookie(session(token)))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.detail").value("The CSRF token is missing or invalid."));
		this.mvc.perform(get("/api/me").cookie(session(token))).andExpect(status().isOk());
	}

	@Test
	void signOutClearsBothCookiesAndRevokesExactlyThatToken() throws Exception {
		String token = token("user_out", "user", NOW);
		String otherSession = token("user_out", "user", NOW.minusSeconds(5));
		this.mvc.perform(get("/api/me").cookie(session(token))).andExpect(status().isOk());
		MvcResult result = this.mvc.perform(delete(PATH).cookie(session(token)).with(csrf()))
			.andExpect(status().isNoContent())
			.andExpect(header().string(HttpHeaders.CACHE_CONTROL, "no-store"))
			.andReturn();
		assertThat(setCookie(result, COOKIE)).startsWith(COOKIE + "=; Path=/; Max-Age=0; Expires=")
			.endsWith("; Secure; HttpOnly; SameSite=Lax");
		assertThat(setCookie(result, "XSRF-TOKEN")).startsWith("XSRF-TOKEN=;").contains("Max-Age=0");
		// a copy of the cookie no longer works, and is told to go
		MvcResult replay = this.mvc.perform(get("/api/me").cookie(session(token)))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.code").value("SESSION_REVOKED"))
			.andReturn();
		assertThat(setCookie(replay, COOKIE)).contains("Max-Age=0");
		this.mvc.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + token))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.code").value("SESSION_REVOKED"));
		// the user's other session stays valid, and signing in again works at once
		this.mvc.perform(get("/api/me").cookie(session(otherSession))).andExpect(status().isOk());
		String again = token("user_out", "user", NOW.plusSeconds(1));
		exchange(again);
		this.mvc.perform(get(PATH).cookie(session(again)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.userId").value("user_out"));
	}

	@Test
	void signOutWithoutSessionThen401() throws Exception {
		this.mvc.perform(delete(PATH).with(csrf()))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.code").value("TOKEN_MISSING"));
	}

	@Test
	void otherMethodsOnThePathAreNotEndpoints() throws Exception {
		this.mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put(PATH)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + userToken()))
			.andExpect(status().isNotFound());
	}

	static String cookieValue(@Nullable String setCookie) {
		assertThat(setCookie).isNotNull();
		String pair = setCookie.substring(0, setCookie.indexOf(';'));
		return pair.substring(pair.indexOf('=') + 1);
	}

}
