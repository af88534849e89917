package dev.trymellon.spring.test.security;

import org.junit.jupiter.api.Test;

import dev.trymellon.spring.test.AutoConfigureTryMellon;
import dev.trymellon.spring.test.TryMellonTestIssuer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import static dev.trymellon.spring.test.security.TryMellonRequestPostProcessors.tryMellonSession;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The kit's helpers in an application with the starter's authority defaults: like
 * production, the {@code roles} custom claim grants nothing until the application maps
 * it; exact authorities still can be set.
 */
@SpringBootTest(classes = SecuredApplication.class)
@AutoConfigureMockMvc
@AutoConfigureTryMellon
class TryMellonDefaultAuthoritiesTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	TryMellonTestIssuer issuer;

	@Test
	void rolesWhenNotMappedByTheApplicationThenNoAuthorityAsInProduction() throws Exception {
		this.mvc.perform(get("/api/me").with(tryMellonSession().roles("admin")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.customClaims.roles").value("admin"))
			.andExpect(jsonPath("$.authorities.length()").value(1))
			.andExpect(jsonPath("$.authorities[0]").value("FACTOR_BEARER"));
		this.mvc.perform(get("/api/admin").with(tryMellonSession().roles("admin"))).andExpect(status().isForbidden());
		String token = this.issuer.token().roles("admin").build();
		this.mvc.perform(get("/api/admin").header("Authorization", "Bearer " + token))
			.andExpect(status().isForbidden());
	}

	@Test
	@WithTryMellonSession(roles = "admin")
	void annotationRolesWhenNotMappedByTheApplicationThenForbidden() throws Exception {
		this.mvc.perform(get("/api/admin")).andExpect(status().isForbidden());
	}

	@Test
	@WithTryMellonSession(authorities = "ROLE_ADMIN")
	void explicitAuthoritiesThenGrantedWhateverTheMapping() throws Exception {
		this.mvc.perform(get("/api/admin")).andExpect(status().isOk());
		this.mvc.perform(get("/api/admin").with(tryMellonSession().authorities("ROLE_ADMIN")))
			.andExpect(status().isOk());
	}

}
