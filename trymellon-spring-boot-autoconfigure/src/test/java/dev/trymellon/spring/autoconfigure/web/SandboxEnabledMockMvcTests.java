package dev.trymellon.spring.autoconfigure.web;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * With {@code trymellon.sandbox.enabled=true} the sandbox token authenticates as the
 * SDK's mock user through the default chain; real tokens still work.
 */
@SpringBootTest(classes = WebTestApplication.class, properties = { "trymellon.client-id=client_test123",
		"trymellon.security.permit-paths=/public/**", "trymellon.sandbox.enabled=true" })
@AutoConfigureMockMvc
class SandboxEnabledMockMvcTests {

	@Autowired
	MockMvc mvc;

	@Test
	void sandboxTokenWhenSandboxOnThenAuthenticatedAsSandboxUser() throws Exception {
		this.mvc
			.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, "Bearer trymellon_sandbox_session_token_v1"))
			.andExpect(status().isOk())
			.andExpect(content().string(startsWith("sandbox-user ")));
	}

	@Test
	void realTokenWhenSandboxOnThenStillAccepted() throws Exception {
		this.mvc.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + WebTestApplication.userToken()))
			.andExpect(status().isOk())
			.andExpect(content().string(startsWith("user_123 ")));
	}

	@Test
	void nearSandboxTokenWhenSandboxOnThen401Malformed() throws Exception {
		this.mvc
			.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, "Bearer trymellon_sandbox_session_token_v2"))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.code").value("TOKEN_MALFORMED"));
	}

}
