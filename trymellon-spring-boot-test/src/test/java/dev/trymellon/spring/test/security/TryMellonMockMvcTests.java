package dev.trymellon.spring.test.security;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.test.AutoConfigureTryMellon;
import dev.trymellon.spring.test.TryMellonTestIssuer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import static dev.trymellon.spring.test.security.TryMellonRequestPostProcessors.tryMellonSession;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The kit's MockMvc helpers and issuer against the starter's real security
 * configuration, in an application with the default filter chain and method security
 * that maps the {@code roles} custom claim (an explicit opt-in).
 */
@SpringBootTest(classes = SecuredApplication.class, properties = { "trymellon.authorities.role-claims=roles",
		"trymellon.authorities.default-authorities=SCOPE_read" })
@AutoConfigureMockMvc
@AutoConfigureTryMellon
class TryMellonMockMvcTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	TryMellonTestIssuer issuer;

	@Test
	void realTokenFromTheIssuerIsVerified() throws Exception {
		String token = this.issuer.token().userId("u1").tenantId("t1").appId("a1").roles("admin").build();
		this.mvc.perform(get("/api/me").header("Authorization", "Bearer " + token))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.userId").value("u1"))
			.andExpect(jsonPath("$.tenantId").value("t1"))
			.andExpect(jsonPath("$.appId").value("a1"))
			.andExpect(jsonPath("$.authorities[0]").value("FACTOR_BEARER"))
			.andExpect(jsonPath("$.authorities[1]").value("ROLE_ADMIN"))
			.andExpect(jsonPath("$.authorities[2]").value("SCOPE_read"));
		this.mvc.perform(get("/api/admin").header("Authorization", "Bearer " + token)).andExpect(status().isOk());
	}

	@Test
	void missingAndBadTokensAreRefused() throws Exception {
		this.mvc.perform(get("/api/me"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("WWW-Authenticate", "Bearer"));
		this.mvc.perform(get("/api/me").header("Authorization", "Bearer " + this.issuer.token().expired().build()))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("WWW-Authenticate", containsString("error_description=\"SESSION_EXPIRED\"")));
		this.mvc
			.perform(get("/api/admin").header("Authorization", "Bearer " + this.issuer.token().roles("editor").build()))
			.andExpect(status().isForbidden());
	}

	@Test
	void postProcessorMapsRolesWithTheApplicationsMapper() throws Exception {
		this.mvc
			.perform(get("/api/me").with(tryMellonSession().userId("u1")
				.externalUserId("ext-1")
				.tenantId("t1")
				.appId("a1")
				.roles("admin")
				.customClaim("plan", "pro")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.userId").value("u1"))
			.andExpect(jsonPath("$.externalUserId").value("ext-1"))
			.andExpect(jsonPath("$.tenantId").value("t1"))
			.andExpect(jsonPath("$.appId").value("a1"))
			.andExpect(jsonPath("$.customClaims.roles").value("admin"))
			.andExpect(jsonPath("$.customClaims.plan").value("pro"))
			.andExpect(jsonPath("$.authorities.length()").value(3))
			.andExpect(jsonPath("$.authorities[0]").value("FACTOR_BEARER"))
			.andExpect(jsonPath("$.authorities[1]").value("ROLE_ADMIN"))
			.andExpect(jsonPath("$.authorities[2]").value("SCOPE_read"));
		this.mvc.perform(get("/api/admin").with(tryMellonSession().roles("admin"))).andExpect(status().isOk())
			.andExpect(jsonPath("$.admin").value("test-user"));
		this.mvc.perform(get("/api/admin").with(tryMellonSession().userId("u2"))).andExpect(status().isForbidden());
	}

	@Test
	void postProcessorWithExplicitAuthoritiesOrSession() throws Exception {
		this.mvc.perform(get("/api/me").with(tryMellonSession().authorities("ROLE_ADMIN")))
			.andExpect(jsonPath("$.authorities.length()").value(1))
			.andExpect(jsonPath("$.authorities[0]").value("ROLE_ADMIN"));
		TryMellonSession session = TryMellonSession.builder("sub-9")
			.userId("u9")
			.expiresAt(Instant.now().plusSeconds(60))
			.customClaims(Map.of("roles", "admin"))
			.build();
		this.mvc.perform(get("/api/admin").with(tryMellonSession(session)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.admin").value("u9"));
	}

	@Test
	@WithTryMellonSession(userId = "u1", roles = "admin", tenantId = "t1", customClaims = "plan=pro")
	void annotationRunsTheTestAsASession() throws Exception {
		this.mvc.perform(get("/api/admin")).andExpect(status().isOk()).andExpect(jsonPath("$.admin").value("u1"));
		this.mvc.perform(get("/api/me"))
			.andExpect(jsonPath("$.tenantId").value("t1"))
			.andExpect(jsonPath("$.appId").doesNotExist())
			.andExpect(jsonPath("$.customClaims.plan").value("pro"))
			.andExpect(jsonPath("$.authorities[0]").value("FACTOR_BEARER"))
			.andExpect(jsonPath("$.authorities[1]").value("ROLE_ADMIN"))
			.andExpect(jsonPath("$.authorities[2]").value("SCOPE_read"));
	}

	@Test
	@WithTryMellonSession
	void annotationWithoutRolesIsForbiddenTheAdminPage() throws Exception {
		this.mvc.perform(get("/api/admin")).andExpect(status().isForbidden());
		this.mvc.perform(get("/api/me")).andExpect(status().isOk()).andExpect(jsonPath("$.userId").value("test-user"));
	}

	@Test
	@WithTryMellonSession(value = "u3", authorities = "ROLE_ADMIN")
	void annotationWithExplicitAuthorities() throws Exception {
		this.mvc.perform(get("/api/me"))
			.andExpect(jsonPath("$.userId").value("u3"))
			.andExpect(jsonPath("$.authorities.length()").value(1))
			.andExpect(jsonPath("$.authorities[0]").value("ROLE_ADMIN"));
	}

}
