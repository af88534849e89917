package dev.trymellon.spring.test.methodsecurity;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.trymellon.spring.test.AutoConfigureTryMellon;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;

import static dev.trymellon.spring.test.security.TryMellonRequestPostProcessors.tryMellonSession;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The {@code @WebMvcTest} and method-security pitfall of docs/testing.md: a separate
 * {@code @EnableMethodSecurity} configuration class is not part of the slice, so
 * {@code @PreAuthorize} does not apply there unless the test imports the class. The
 * application maps the {@code roles} custom claim.
 */
class MethodSecuritySliceTests {

	@Nested
	@WebMvcTest(controllers = SliceApplication.ReportController.class,
			properties = "trymellon.authorities.role-claims=roles")
	@AutoConfigureTryMellon
	class SliceWithoutTheConfiguration {

		@Autowired
		MockMvc mvc;

		@Test
		void preAuthorizeSilentlyDoesNotApply() throws Exception {
			// a non-admin passes: this is the pitfall, not the application's behaviour
			this.mvc.perform(get("/api/reports").with(tryMellonSession().userId("u1")))
				.andExpect(status().isOk());
			// the filter chain still applies
			this.mvc.perform(get("/api/reports")).andExpect(status().isUnauthorized());
		}

	}

	@Nested
	@WebMvcTest(controllers = SliceApplication.ReportController.class,
			properties = "trymellon.authorities.role-claims=roles")
	@Import(MethodSecurityConfiguration.class)
	@AutoConfigureTryMellon
	class SliceImportingTheConfiguration {

		@Autowired
		MockMvc mvc;

		@Test
		void preAuthorizeApplies() throws Exception {
			this.mvc.perform(get("/api/reports").with(tryMellonSession().userId("u1")))
				.andExpect(status().isForbidden());
			this.mvc.perform(get("/api/reports").with(tryMellonSession().userId("u1").roles("admin")))
				.andExpect(status().isOk());
		}

	}

	@Nested
	@SpringBootTest(classes = SliceApplication.class, properties = "trymellon.authorities.role-claims=roles")
	@AutoConfigureMockMvc
	@AutoConfigureTryMellon
	class FullApplication {

		@Autowired
		MockMvc mvc;

		@Test
		void preAuthorizeApplies() throws Exception {
			this.mvc.perform(get("/api/reports").with(tryMellonSession().userId("u1")))
				.andExpect(status().isForbidden());
			this.mvc.perform(get("/api/reports").with(tryMellonSession().userId("u1").roles("admin")))
				.andExpect(status().isOk());
		}

	}

}
