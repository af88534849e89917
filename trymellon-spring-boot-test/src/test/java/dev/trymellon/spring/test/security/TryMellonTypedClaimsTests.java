package dev.trymellon.spring.test.security;

import java.math.BigInteger;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.test.AutoConfigureTryMellon;
import dev.trymellon.spring.test.TryMellonTestIssuer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.web.servlet.MockMvc;

import static dev.trymellon.spring.test.security.TryMellonRequestPostProcessors.tryMellonSession;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Custom claims of {@link WithTryMellonSession} and {@code tryMellonSession()} are typed
 * as a verified token carries them, so claim mappings grant what production grants. The
 * application maps a boolean claim {@code beta} and a number claim {@code level}.
 */
@SpringBootTest(classes = SecuredApplication.class, properties = { "trymellon.authorities.claims.beta.upper-case=true",
		"trymellon.authorities.claims.level.prefix=LEVEL_" })
@AutoConfigureMockMvc
@AutoConfigureTryMellon
class TryMellonTypedClaimsTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	TryMellonTestIssuer issuer;

	@Test
	@WithTryMellonSession(customClaims = { "beta=true", "level=3", "ratio=0.5", "plan=pro" })
	void annotationTypesBooleansAndNumbers() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		TryMellonSession session = (TryMellonSession) authentication.getPrincipal();
		assertThat(session.getCustomClaim("beta")).isEqualTo(Boolean.TRUE);
		assertThat(session.getCustomClaim("level")).isEqualTo(3L);
		assertThat(session.getCustomClaim("ratio")).isEqualTo(0.5d);
		assertThat(session.getCustomClaim("plan")).isEqualTo("pro");
		assertThat(authorities(authentication)).containsExactlyInAnyOrder("BETA", "LEVEL_3", "FACTOR_BEARER");
	}

	@Test
	@WithTryMellonSession(customClaims = "beta=false")
	void annotationFalseGrantsNothing() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		assertThat(((TryMellonSession) authentication.getPrincipal()).getCustomClaim("beta")).isEqualTo(Boolean.FALSE);
		assertThat(authorities(authentication)).containsExactly("FACTOR_BEARER");
	}

	@Test
	@WithTryMellonSession(customClaims = { "beta=\"true\"", "plan=\"42\"", "level=\" 3 \"" })
	void annotationQuotedValuesStayStrings() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		TryMellonSession session = (TryMellonSession) authentication.getPrincipal();
		assertThat(session.getCustomClaim("beta")).isEqualTo("true");
		assertThat(session.getCustomClaim("plan")).isEqualTo("42");
		assertThat(session.getCustomClaim("level")).isEqualTo(" 3 ");
		// a string "true" is a value, not a flag: the mapping grants BETA_TRUE, as for a token
		assertThat(authorities(authentication)).contains("BETA_TRUE").doesNotContain("BETA");
	}

	@Test
	@WithTryMellonSession(customClaims = { "beta=true", "level=3" })
	void annotationGrantsWhatARealTokenGrants() throws Exception {
		List<String> granted = authorities(SecurityContextHolder.getContext().getAuthentication());
		assertThat(granted).containsExactlyInAnyOrder("BETA", "LEVEL_3", "FACTOR_BEARER");
		String token = this.issuer.token().customClaim("beta", true).customClaim("level", 3).build();
		this.mvc.perform(get("/api/me").header("Authorization", "Bearer " + token))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.authorities").value(containsInAnyOrder(granted.toArray())));
	}

	@Test
	void postProcessorKeepsJavaTypes() throws Exception {
		this.mvc.perform(get("/api/me").with(tryMellonSession().customClaim("beta", true).customClaim("level", 3)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.customClaims.beta").value(true))
			.andExpect(jsonPath("$.authorities").value(
					containsInAnyOrder("BETA", "LEVEL_3", "FACTOR_BEARER")));
		this.mvc.perform(get("/api/me").with(tryMellonSession().customClaim("beta", "true")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.authorities").value(
					containsInAnyOrder("BETA_TRUE", "FACTOR_BEARER")));
	}

	@Test
	void textValuesAreTypedAsJson() {
		assertThat(TestSessions.parseClaimValue("true")).isEqualTo(Boolean.TRUE);
		assertThat(TestSessions.parseClaimValue(" false ")).isEqualTo(Boolean.FALSE);
		assertThat(TestSessions.parseClaimValue("True")).isEqualTo("True");
		assertThat(TestSessions.parseClaimValue("-42")).isEqualTo(-42L);
		assertThat(TestSessions.parseClaimValue("0")).isEqualTo(0L);
		assertThat(TestSessions.parseClaimValue("9223372036854775808"))
			.isEqualTo(new BigInteger("9223372036854775808"));
		assertThat(TestSessions.parseClaimValue("1.25")).isEqualTo(1.25d);
		assertThat(TestSessions.parseClaimValue("1e3")).isEqualTo(1000d);
		assertThat(TestSessions.parseClaimValue("007")).isEqualTo("007");
		assertThat(TestSessions.parseClaimValue("1.")).isEqualTo("1.");
		assertThat(TestSessions.parseClaimValue("0x10")).isEqualTo("0x10");
		assertThat(TestSessions.parseClaimValue("\"42\"")).isEqualTo("42");
		assertThat(TestSessions.parseClaimValue("\"\"")).isEqualTo("");
		assertThat(TestSessions.parseClaimValue("\"")).isEqualTo("\"");
		assertThat(TestSessions.parseClaimValue("")).isEqualTo("");
	}

	@Test
	void javaValuesAreNormalizedAsATokenCarriesThem() {
		assertThat(TestSessions.normalizeClaimValue(3)).isEqualTo(3L);
		assertThat(TestSessions.normalizeClaimValue((short) 3)).isEqualTo(3L);
		assertThat(TestSessions.normalizeClaimValue(0.5f)).isEqualTo(0.5d);
		assertThat(TestSessions.normalizeClaimValue("3")).isEqualTo("3");
		assertThat(TestSessions.normalizeClaimValue(true)).isEqualTo(Boolean.TRUE);
	}

	private static List<String> authorities(Authentication authentication) {
		return authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
	}

}
