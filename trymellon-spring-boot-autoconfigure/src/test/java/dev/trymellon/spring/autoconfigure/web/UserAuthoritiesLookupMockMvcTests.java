package dev.trymellon.spring.autoconfigure.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.trymellon.spring.session.offline.JwksKeySource;
import dev.trymellon.spring.authority.UserAuthoritiesLookup;
import dev.trymellon.spring.session.TryMellonSession;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The safe pattern through the default chain: authorities from the application's own
 * data, keyed by the verified user id, cached, and failing closed.
 */
@SpringBootTest(classes = UserAuthoritiesLookupMockMvcTests.LookupApplication.class,
		properties = { "trymellon.client-id=" + TestTokens.CLIENT_ID,
				"trymellon.authorities.default-authorities=SCOPE_app" })
@AutoConfigureMockMvc
class UserAuthoritiesLookupMockMvcTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	LookupApplication application;

	@Test
	void userWhoseDataGrantsAdminThenAdminPageAnswersAndLookupCached() throws Exception {
		String ada = token("ada", Map.of());
		this.mvc.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + ada))
			.andExpect(status().isOk())
			.andExpect(content().string("ada ada [SCOPE_app, ROLE_ADMIN, FACTOR_BEARER]"));
		this.mvc.perform(get("/api/admin").header(HttpHeaders.AUTHORIZATION, "Bearer " + ada))
			.andExpect(status().isOk())
			.andExpect(content().string("admin ada"));
		assertThat(this.application.adaLookups).hasValue(1);
	}

	@Test
	void userClaimingAdminInCustomClaimsThenStillForbidden() throws Exception {
		String forged = token("mallory", Map.of("roles", "admin"));
		this.mvc.perform(get("/api/admin").header(HttpHeaders.AUTHORIZATION, "Bearer " + forged))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.code").value("FORBIDDEN"));
	}

	@Test
	void lookupWhenItFailsThenRequestRefusedNeverAuthenticatedWithoutIt() throws Exception {
		String broken = token("broken", Map.of());
		this.mvc.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + broken))
			.andExpect(status().isInternalServerError())
			.andExpect(jsonPath("$.code").doesNotExist());
	}

	private static String token(String userId, Map<String, Object> customClaims) {
		return TestTokens.token(Instant.now(), (claims) -> claims.subject(userId)
			.claim("user_id", userId)
			.claim(TryMellonSession.CUSTOM_CLAIMS_NAMESPACE, customClaims));
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableMethodSecurity
	@Import(WebTestApplication.TestController.class)
	static class LookupApplication {

		final AtomicInteger adaLookups = new AtomicInteger();

		@Bean
		JwksKeySource tryMellonTestKeys() {
			return TestTokens.keySource(TestTokens.KEY);
		}

		@Bean
		UserAuthoritiesLookup userAuthoritiesLookup() {
			return (userId) -> switch (userId) {
				case "ada" -> {
					this.adaLookups.incrementAndGet();
					yield List.of("ROLE_ADMIN");
				}
				case "broken" -> throw new IllegalStateException("directory unavailable");
				default -> List.of();
			};
		}

	}

}
