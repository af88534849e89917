package dev.trymellon.spring.autoconfigure.web;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.trymellon.spring.session.offline.JwksKeySource;
import dev.trymellon.spring.testfixtures.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.test.web.servlet.MockMvc;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The default chain with the starter's authority defaults (no opt-in): a custom claim
 * the end user chose grants nothing.
 */
@SpringBootTest(classes = AuthoritiesDefaultsMockMvcTests.DefaultsApplication.class,
		properties = "trymellon.client-id=" + TestTokens.CLIENT_ID)
@AutoConfigureMockMvc
class AuthoritiesDefaultsMockMvcTests {

	@Autowired
	MockMvc mvc;

	@Test
	void tokenWhenCustomClaimRolesAdminThenNoAuthorityAndAdminPageForbidden() throws Exception {
		String forged = WebTestApplication.token(Map.of("roles", "admin", "role", "admin"));
		this.mvc.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + forged))
			.andExpect(status().isOk())
			.andExpect(content().string("user_123 user_123 [FACTOR_BEARER]"));
		this.mvc.perform(get("/api/admin").header(HttpHeaders.AUTHORIZATION, "Bearer " + forged))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.code").value("FORBIDDEN"));
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableMethodSecurity
	@Import(WebTestApplication.TestController.class)
	static class DefaultsApplication {

		@Bean
		JwksKeySource tryMellonTestKeys() {
			return TestTokens.keySource(TestTokens.KEY);
		}

	}

}
