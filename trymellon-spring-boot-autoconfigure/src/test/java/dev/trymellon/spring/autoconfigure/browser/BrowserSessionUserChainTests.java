package dev.trymellon.spring.autoconfigure.browser;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;

import dev.trymellon.spring.web.TryMellonConfigurer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static dev.trymellon.spring.autoconfigure.browser.BrowserSessionApplication.COOKIE;
import static dev.trymellon.spring.autoconfigure.browser.BrowserSessionApplication.NOW;
import static dev.trymellon.spring.autoconfigure.browser.BrowserSessionApplication.token;
import static dev.trymellon.spring.autoconfigure.browser.BrowserSessionMockMvcTests.setCookie;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * An application's own chain applying the DSL picks the browser session settings up: the
 * endpoints, the header-only exchange and its CSRF exemption, the revocation on sign-out.
 */
@SpringBootTest(classes = { BrowserSessionApplication.class, BrowserSessionUserChainTests.UserChain.class },
		properties = { "trymellon.client-id=client_test123", "trymellon.token.cookie-name=__Host-tm_session",
				"trymellon.session-cookie.enabled=true" })
@AutoConfigureMockMvc
class BrowserSessionUserChainTests {

	@Autowired
	MockMvc mvc;

	@Test
	void userChainAnswersTheEndpoints() throws Exception {
		String token = token("user_dsl", "user", NOW);
		String other = token("user_other", "user", NOW);
		MvcResult exchanged = this.mvc
			.perform(post("/trymellon/session").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
				.cookie(new Cookie(COOKIE, other)))
			.andExpect(status().isNoContent())
			.andReturn();
		assertThat(setCookie(exchanged, COOKIE)).startsWith(COOKIE + "=" + token + "; Path=/; Max-Age=3600;")
			.endsWith("; Secure; HttpOnly; SameSite=Lax");
		this.mvc.perform(get("/trymellon/session").cookie(new Cookie(COOKIE, token)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.userId").value("user_dsl"));
		this.mvc.perform(delete("/trymellon/session").cookie(new Cookie(COOKIE, token)))
			.andExpect(status().isForbidden());
		this.mvc.perform(delete("/trymellon/session").cookie(new Cookie(COOKIE, token)).with(csrf()))
			.andExpect(status().isNoContent());
		this.mvc.perform(get("/api/me").cookie(new Cookie(COOKIE, token)))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.code").value("SESSION_REVOKED"));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserChain {

		@Bean
		SecurityFilterChain userChain(HttpSecurity http) throws Exception {
			http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
				.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
				.csrf((csrf) -> csrf.spa())
				.with(TryMellonConfigurer.tryMellon(), Customizer.withDefaults());
			return http.build();
		}

	}

}
