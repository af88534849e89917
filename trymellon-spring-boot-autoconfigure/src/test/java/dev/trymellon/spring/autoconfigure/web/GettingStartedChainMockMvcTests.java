package dev.trymellon.spring.autoconfigure.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.trymellon.spring.testfixtures.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The custom chain of docs/getting-started.md, section 4, as written: an anonymous
 * state-changing API request is asked for a token (401), not for a CSRF token.
 */
@SpringBootTest(classes = GettingStartedChainApplication.class,
		properties = "trymellon.client-id=" + TestTokens.CLIENT_ID)
@AutoConfigureMockMvc
class GettingStartedChainMockMvcTests {

	@Autowired
	MockMvc mvc;

	@Test
	void anonymousPostThen401TokenMissingNotACsrfRefusal() throws Exception {
		this.mvc.perform(post("/api/orders"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, "Bearer"))
			.andExpect(jsonPath("$.code").value("TOKEN_MISSING"));
	}

	@Test
	void postWithTokenThen200WithoutCsrfToken() throws Exception {
		this.mvc.perform(post("/api/orders").header(HttpHeaders.AUTHORIZATION, "Bearer " + WebTestApplication.userToken()))
			.andExpect(status().isOk())
			.andExpect(content().string("ordered by user_123"));
	}

	@Test
	void adminRuleThen403WithoutTheRoleAnd200WithIt() throws Exception {
		this.mvc.perform(get("/api/admin").header(HttpHeaders.AUTHORIZATION, "Bearer " + WebTestApplication.userToken()))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.code").value("FORBIDDEN"));
		this.mvc.perform(get("/api/admin").header(HttpHeaders.AUTHORIZATION, "Bearer " + WebTestApplication.adminToken()))
			.andExpect(status().isOk())
			.andExpect(content().string("admin user_123"));
		this.mvc.perform(get("/api/me"))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.code").value("TOKEN_MISSING"));
	}

	@Test
	void docsWhenReadThenShowTheChainTested() throws IOException {
		String page = Files.readString(Path.of("..", "docs", "getting-started.md"), StandardCharsets.UTF_8);
		String section = page.substring(page.indexOf("## 4. Your own chains"), page.indexOf("### Beside form login"));
		assertThat(section).contains("http.securityMatcher(\"/api/**\")")
			.contains(".requestMatchers(\"/api/admin/**\").hasRole(\"ADMIN\")")
			.contains(".sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))")
			.contains(".csrf((csrf) -> csrf.disable())")
			.contains(".with(TryMellonConfigurer.tryMellon(), Customizer.withDefaults());");
	}

}
