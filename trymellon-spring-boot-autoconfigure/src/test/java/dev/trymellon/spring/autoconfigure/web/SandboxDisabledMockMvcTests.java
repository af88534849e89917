package dev.trymellon.spring.autoconfigure.web;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The sandbox token through the default chain while sandbox mode is off (the default):
 * 401 {@code SANDBOX_TOKEN_REJECTED}, not {@code TOKEN_MALFORMED}.
 */
@SpringBootTest(classes = WebTestApplication.class, properties = { "trymellon.client-id=client_test123",
		"trymellon.security.permit-paths=/public/**" })
@AutoConfigureMockMvc
class SandboxDisabledMockMvcTests {

	@Autowired
	MockMvc mvc;

	@Test
	void sandboxTokenWhenSandboxOffThen401SandboxTokenRejected() throws Exception {
		this.mvc
			.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, "Bearer trymellon_sandbox_session_token_v1"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE,
					"Bearer error=\"invalid_token\", error_description=\"SANDBOX_TOKEN_REJECTED\""))
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(401))
			.andExpect(jsonPath("$.code").value("SANDBOX_TOKEN_REJECTED"));
	}

	@Test
	void nearSandboxTokenWhenSandboxOffThen401Malformed() throws Exception {
		this.mvc
			.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, "Bearer trymellon_sandbox_session_token_v2"))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.code").value("TOKEN_MALFORMED"));
	}

}
