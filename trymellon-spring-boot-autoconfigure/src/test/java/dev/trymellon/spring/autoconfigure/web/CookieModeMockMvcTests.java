package dev.trymellon.spring.autoconfigure.web;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The default chain with {@code trymellon.token.cookie-name} set: the cookie
 * authenticates, and CSRF protection stays on for state-changing requests it
 * authenticates.
 */
@SpringBootTest(classes = WebTestApplication.class, properties = { "trymellon.client-id=client_test123",
		"trymellon.security.permit-paths=/public/**", "trymellon.token.cookie-name=TM_SESSION" })
@AutoConfigureMockMvc
class CookieModeMockMvcTests {

	@Autowired
	MockMvc mvc;

	@Test
	void getWhenSessionCookieThenAuthenticated() throws Exception {
		this.mvc.perform(get("/api/me").cookie(new Cookie("TM_SESSION", WebTestApplication.userToken())))
			.andExpect(status().isOk())
			.andExpect(content().string("user_123 user_123 [ROLE_USER, FACTOR_BEARER]"));
	}

	@Test
	void postWhenSessionCookieWithoutCsrfTokenThen403() throws Exception {
		this.mvc.perform(post("/api/orders").cookie(new Cookie("TM_SESSION", WebTestApplication.userToken())))
			.andExpect(status().isForbidden())
			.andExpect(header().doesNotExist(HttpHeaders.WWW_AUTHENTICATE))
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.code").value("FORBIDDEN"))
			.andExpect(jsonPath("$.detail").value("The CSRF token is missing or invalid."));
	}

	@Test
	void postWhenSessionCookieWithCsrfTokenThenAnswers() throws Exception {
		this.mvc
			.perform(post("/api/orders").cookie(new Cookie("TM_SESSION", WebTestApplication.userToken()))
				.with(csrf()))
			.andExpect(status().isOk())
			.andExpect(content().string("ordered by user_123"));
	}

	@Test
	void postWhenBearerHeaderWithoutCsrfTokenThenAnswers() throws Exception {
		this.mvc
			.perform(post("/api/orders").header(HttpHeaders.AUTHORIZATION, "Bearer " + WebTestApplication.userToken()))
			.andExpect(status().isOk());
	}

	@Test
	void requestWhenHeaderAndCookieCarryDifferentTokensThen400InvalidRequest() throws Exception {
		this.mvc
			.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + WebTestApplication.userToken())
				.cookie(new Cookie("TM_SESSION", WebTestApplication.adminToken())))
			.andExpect(status().isBadRequest())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE,
					"Bearer error=\"invalid_request\", error_description=\"INVALID_REQUEST\""))
			.andExpect(jsonPath("$.code").value("INVALID_REQUEST"));
	}

	@Test
	void requestWhenHeaderAndCookieCarryTheSameTokenThenAuthenticated() throws Exception {
		String token = WebTestApplication.userToken();
		this.mvc
			.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
				.cookie(new Cookie("TM_SESSION", token)))
			.andExpect(status().isOk());
	}

	@Test
	void requestWhenCookieHasWrongNameThen401Missing() throws Exception {
		this.mvc.perform(get("/api/me").cookie(new Cookie("SESSION", WebTestApplication.userToken())))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, "Bearer"))
			.andExpect(jsonPath("$.code").value("TOKEN_MISSING"));
	}

	@Test
	void requestWhenCookieValueMalformedThen401Malformed() throws Exception {
		this.mvc.perform(get("/api/me").cookie(new Cookie("TM_SESSION", "not%a{token}")))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE,
					"Bearer error=\"invalid_token\", error_description=\"TOKEN_MALFORMED\""))
			.andExpect(jsonPath("$.code").value("TOKEN_MALFORMED"));
	}

}
