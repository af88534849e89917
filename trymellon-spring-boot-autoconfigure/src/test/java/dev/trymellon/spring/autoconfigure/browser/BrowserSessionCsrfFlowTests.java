package dev.trymellon.spring.autoconfigure.browser;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static dev.trymellon.spring.autoconfigure.browser.BrowserSessionApplication.COOKIE;
import static dev.trymellon.spring.autoconfigure.browser.BrowserSessionApplication.NOW;
import static dev.trymellon.spring.autoconfigure.browser.BrowserSessionApplication.token;
import static dev.trymellon.spring.autoconfigure.browser.BrowserSessionMockMvcTests.cookieValue;
import static dev.trymellon.spring.autoconfigure.browser.BrowserSessionMockMvcTests.setCookie;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The single-page application's CSRF flow with the real {@code XSRF-TOKEN} cookie the
 * exchange sets (never Spring Security's test CSRF support, which replaces the token
 * repository of the context it is used in): state-changing calls through the session
 * cookie succeed with the cookie's value in {@code X-XSRF-TOKEN} and fail without it.
 */
@SpringBootTest(classes = BrowserSessionApplication.class, properties = {
		"trymellon.client-id=client_test123", "trymellon.token.cookie-name=__Host-tm_session",
		"trymellon.session-cookie.enabled=true", "trymellon.security.permit-paths=/public/**" })
@AutoConfigureMockMvc
class BrowserSessionCsrfFlowTests {

	@Autowired
	MockMvc mvc;

	@Test
	void permittedPathWithoutSessionCookieNeedsNoCsrfTokenButWithTheCookieItDoes() throws Exception {
		// anonymous (curl, say): nothing for CSRF to protect
		this.mvc.perform(post("/public/ping")).andExpect(status().isOk()).andExpect(content().string("pong"));
		// the browser's cookie would make it an authenticated request
		this.mvc.perform(post("/public/ping").cookie(new Cookie(COOKIE, token("user_flow", "user", NOW))))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.detail").value("The CSRF token is missing or invalid."));
		// protected paths keep CSRF protection with or without the cookie
		this.mvc.perform(post("/api/notes")).andExpect(status().isForbidden());
	}

	@Test
	void stateChangingCallsThroughTheCookieNeedTheCsrfHeaderFromTheExchange() throws Exception {
		String token = token("user_flow", "user", NOW);
		MvcResult exchanged = this.mvc
			.perform(post("/trymellon/session").header(HttpHeaders.AUTHORIZATION, "Bearer " + token))
			.andExpect(status().isNoContent())
			.andReturn();
		String xsrf = cookieValue(setCookie(exchanged, "XSRF-TOKEN"));
		assertThat(setCookie(exchanged, "XSRF-TOKEN")).doesNotContain("HttpOnly");
		Cookie session = new Cookie(COOKIE, token);
		Cookie csrf = new Cookie("XSRF-TOKEN", xsrf);
		this.mvc.perform(post("/api/notes").cookie(session, csrf))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.detail").value("The CSRF token is missing or invalid."));
		this.mvc.perform(post("/api/notes").cookie(session, csrf).header("X-XSRF-TOKEN", "forged-value"))
			.andExpect(status().isForbidden());
		this.mvc.perform(post("/api/notes").cookie(session, csrf).header("X-XSRF-TOKEN", xsrf))
			.andExpect(status().isOk())
			.andExpect(content().string("noted for user_flow"));
		this.mvc.perform(delete("/trymellon/session").cookie(session, csrf))
			.andExpect(status().isForbidden());
		this.mvc.perform(delete("/trymellon/session").cookie(session, csrf).header("X-XSRF-TOKEN", xsrf))
			.andExpect(status().isNoContent());
		this.mvc.perform(get("/api/me").cookie(session))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.code").value("SESSION_REVOKED"));
	}

}
