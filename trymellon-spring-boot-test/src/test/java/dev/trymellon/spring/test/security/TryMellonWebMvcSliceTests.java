package dev.trymellon.spring.test.security;

import org.junit.jupiter.api.Test;

import dev.trymellon.spring.test.AutoConfigureTryMellon;
import dev.trymellon.spring.test.TryMellonTestIssuer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.web.servlet.MockMvc;

import static dev.trymellon.spring.test.security.TryMellonRequestPostProcessors.tryMellonSession;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code @AutoConfigureTryMellon} in a {@code @WebMvcTest} slice: the TryMellon security
 * is part of the slice, and tokens of the test issuer pass it. The application maps the
 * {@code roles} custom claim (an explicit opt-in).
 */
@WebMvcTest(controllers = SecuredApplication.ApiController.class,
		properties = "trymellon.authorities.role-claims=roles")
@AutoConfigureTryMellon
class TryMellonWebMvcSliceTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	TryMellonTestIssuer issuer;

	@Test
	void realTokensAndSessions() throws Exception {
		String admin = this.issuer.token().userId("u1").roles("admin").build();
		this.mvc.perform(get("/api/admin").header("Authorization", "Bearer " + admin))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.admin").value("u1"));
		this.mvc.perform(get("/api/admin").header("Authorization", "Bearer " + this.issuer.token().build()))
			.andExpect(status().isForbidden());
		this.mvc.perform(get("/api/admin")).andExpect(status().isUnauthorized());
		this.mvc.perform(get("/api/admin").with(tryMellonSession().userId("u2").roles("admin")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.admin").value("u2"));
	}

}
