package dev.trymellon.spring.autoconfigure.web;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A user-defined TryMellon chain (the DSL) beside a form-login chain, with a role
 * hierarchy; the resource-server starter is on the test classpath too.
 */
@SpringBootTest(classes = UserChainsApplication.class, properties = "trymellon.client-id=client_test123")
@AutoConfigureMockMvc
class UserChainsMockMvcTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	ApplicationContext context;

	@Test
	void chainsWhenUserDeclaresThemThenDefaultChainBacksOff() {
		assertThat(this.context.getBeansOfType(SecurityFilterChain.class)).containsOnlyKeys("api", "web");
	}

	@Test
	void apiWhenValidTokenThenAuthenticatedByTheDsl() throws Exception {
		this.mvc.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + WebTestApplication.userToken()))
			.andExpect(status().isOk())
			.andExpect(content().string("user_123 user_123 [ROLE_USER, FACTOR_BEARER]"));
	}

	@Test
	void apiWhenAnonymousThen401FromTryMellonEntryPoint() throws Exception {
		this.mvc.perform(get("/api/me"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, "Bearer"))
			.andExpect(jsonPath("$.code").value("TOKEN_MISSING"));
	}

	@Test
	void apiWhenExpiredThen401SessionExpired() throws Exception {
		this.mvc
			.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + WebTestApplication.expiredToken()))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.code").value("SESSION_EXPIRED"));
	}

	@Test
	void apiWhenWrongRoleThen403() throws Exception {
		String noRoles = WebTestApplication.token(Map.of("plan", "free"));
		this.mvc.perform(get("/api/user-area").header(HttpHeaders.AUTHORIZATION, "Bearer " + noRoles))
			.andExpect(status().isForbidden())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE,
					"Bearer error=\"insufficient_scope\", error_description=\"FORBIDDEN\""))
			.andExpect(jsonPath("$.code").value("FORBIDDEN"));
	}

	@Test
	void roleHierarchyWhenAdminOnlyThenUserRulesPassInUrlAndMethodSecurity() throws Exception {
		String adminOnly = WebTestApplication.token(Map.of("role", "admin"));
		this.mvc.perform(get("/api/user-area").header(HttpHeaders.AUTHORIZATION, "Bearer " + adminOnly))
			.andExpect(status().isOk())
			.andExpect(content().string("user area user_123"));
		this.mvc.perform(get("/api/user-method").header(HttpHeaders.AUTHORIZATION, "Bearer " + adminOnly))
			.andExpect(status().isOk());
	}

	@Test
	void webWhenAnonymousThenRedirectedToLoginPage() throws Exception {
		this.mvc.perform(get("/web/home")).andExpect(status().isFound()).andExpect(redirectedUrl("/login"));
		this.mvc.perform(get("/login")).andExpect(status().isOk());
	}

	@Test
	void webWhenTryMellonTokenThenNotAcceptedByTheFormLoginChain() throws Exception {
		this.mvc.perform(get("/web/home").header(HttpHeaders.AUTHORIZATION, "Bearer " + WebTestApplication.userToken()))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/login"));
	}

	@Test
	void webWhenFormLoginThenUserDetailsServiceStillUsed() throws Exception {
		this.mvc.perform(formLogin().user("alice").password("secret")).andExpect(authenticated().withUsername("alice"));
	}

}
