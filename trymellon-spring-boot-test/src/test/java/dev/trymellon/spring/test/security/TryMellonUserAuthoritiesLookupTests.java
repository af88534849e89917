package dev.trymellon.spring.test.security;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.trymellon.spring.authority.UserAuthoritiesLookup;
import dev.trymellon.spring.test.AutoConfigureTryMellon;
import dev.trymellon.spring.test.TryMellonTestIssuer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.test.web.servlet.MockMvc;

import static dev.trymellon.spring.test.security.TryMellonRequestPostProcessors.tryMellonSession;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The kit's sessions go through the application's {@link UserAuthoritiesLookup}, keyed
 * by the user id, as real requests do.
 */
@SpringBootTest(classes = { SecuredApplication.class, TryMellonUserAuthoritiesLookupTests.Directory.class })
@AutoConfigureMockMvc
@AutoConfigureTryMellon
class TryMellonUserAuthoritiesLookupTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	TryMellonTestIssuer issuer;

	@Test
	void postProcessorWhenUserHasTheRoleInTheApplicationsDataThenGranted() throws Exception {
		this.mvc.perform(get("/api/admin").with(tryMellonSession().userId("ada")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.admin").value("ada"));
		this.mvc.perform(get("/api/admin").with(tryMellonSession().userId("mallory").roles("admin")))
			.andExpect(status().isForbidden());
		String token = this.issuer.token().userId("ada").build();
		this.mvc.perform(get("/api/admin").header("Authorization", "Bearer " + token)).andExpect(status().isOk());
	}

	@Test
	@WithTryMellonSession("ada")
	void annotationWhenUserHasTheRoleInTheApplicationsDataThenGranted() throws Exception {
		this.mvc.perform(get("/api/me"))
			.andExpect(jsonPath("$.authorities.length()").value(2))
			.andExpect(jsonPath("$.authorities[0]").value("FACTOR_BEARER"))
			.andExpect(jsonPath("$.authorities[1]").value("ROLE_ADMIN"));
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Directory {

		@Bean
		UserAuthoritiesLookup userAuthoritiesLookup() {
			return (userId) -> "ada".equals(userId) ? List.of("ROLE_ADMIN") : List.of();
		}

	}

}
