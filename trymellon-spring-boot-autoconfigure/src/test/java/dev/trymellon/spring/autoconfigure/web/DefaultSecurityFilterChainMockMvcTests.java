package dev.trymellon.spring.autoconfigure.web;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The default chain with real RS256 tokens, through MockMvc.
 */
@SpringBootTest(classes = WebTestApplication.class, properties = { "trymellon.client-id=client_test123",
		"trymellon.security.permit-paths=/public/**" })
@AutoConfigureMockMvc
class DefaultSecurityFilterChainMockMvcTests {

	@Autowired
	MockMvc mvc;

	@Test
	void requestWhenAnonymousThen401WithBareBearerChallengeAndTokenMissing() throws Exception {
		this.mvc.perform(get("/api/me"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, "Bearer"))
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(401))
			.andExpect(jsonPath("$.code").value("TOKEN_MISSING"));
	}

	@Test
	void requestWhenValidTokenThenPrincipalIsTheSessionAndNameIsTheUserId() throws Exception {
		this.mvc.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + WebTestApplication.userToken()))
			.andExpect(status().isOk())
			.andExpect(content().string("user_123 user_123 [ROLE_USER, FACTOR_BEARER]"));
	}

	@Test
	void requestWhenExpiredTokenThen401InvalidTokenSessionExpired() throws Exception {
		this.mvc
			.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + WebTestApplication.expiredToken()))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE,
					"Bearer error=\"invalid_token\", error_description=\"SESSION_EXPIRED\""))
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.code").value("SESSION_EXPIRED"));
	}

	@Test
	void requestWhenWrongRoleThen403InsufficientScope() throws Exception {
		this.mvc
			.perform(get("/api/admin").header(HttpHeaders.AUTHORIZATION, "Bearer " + WebTestApplication.userToken()))
			.andExpect(status().isForbidden())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE,
					"Bearer error=\"insufficient_scope\", error_description=\"FORBIDDEN\""))
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.code").value("FORBIDDEN"));
	}

	@Test
	void requestWhenAdminRoleThenAdminEndpointAnswers() throws Exception {
		this.mvc
			.perform(get("/api/admin").header(HttpHeaders.AUTHORIZATION, "Bearer " + WebTestApplication.adminToken()))
			.andExpect(status().isOk())
			.andExpect(content().string("admin user_123"));
	}

	@Test
	void postWhenBearerHeaderThenNoCsrfTokenNeeded() throws Exception {
		this.mvc
			.perform(post("/api/orders").header(HttpHeaders.AUTHORIZATION, "Bearer " + WebTestApplication.userToken()))
			.andExpect(status().isOk())
			.andExpect(content().string("ordered by user_123"));
	}

	@Test
	void permitPathWhenAnonymousThenAnswers() throws Exception {
		this.mvc.perform(get("/public/hello")).andExpect(status().isOk()).andExpect(content().string("hello"));
		this.mvc.perform(post("/public/echo")).andExpect(status().isOk()).andExpect(content().string("echo"));
	}

	@Test
	void healthPathWhenAnonymousThenOpenButOtherActuatorPathsNeedASession() throws Exception {
		this.mvc.perform(get("/actuator/health")).andExpect(status().isOk());
		this.mvc.perform(get("/actuator/info"))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.code").value("TOKEN_MISSING"));
	}

	@Test
	void responseWhenTokenRefusedThenBodyNeverEchoesTheToken() throws Exception {
		String token = WebTestApplication.expiredToken();
		this.mvc.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + token))
			.andExpect(status().isUnauthorized())
			.andExpect(content().string(org.hamcrest.Matchers.not(containsString(token.substring(0, 20)))));
	}

}
