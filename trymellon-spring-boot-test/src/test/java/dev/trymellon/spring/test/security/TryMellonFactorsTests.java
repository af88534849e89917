package dev.trymellon.spring.test.security;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.trymellon.spring.test.AutoConfigureTryMellon;
import dev.trymellon.spring.web.TryMellonAuthentication;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.web.servlet.MockMvc;

import static dev.trymellon.spring.test.security.TryMellonRequestPostProcessors.tryMellonSession;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;

/**
 * Like production, the kit's sessions carry Spring Security's {@code FACTOR_BEARER} as a
 * {@link FactorGrantedAuthority} after the mapped authorities; exact authorities carry
 * none.
 */
@SpringBootTest(classes = SecuredApplication.class, properties = "trymellon.authorities.default-authorities=SCOPE_read")
@AutoConfigureMockMvc
@AutoConfigureTryMellon
class TryMellonFactorsTests {

	@Autowired
	MockMvc mvc;

	@Test
	@WithTryMellonSession("u1")
	void annotationWhenMappedThenBearerFactorAfterTheMappedAuthorities() {
		assertThat(factorsOf(SecurityContextHolder.getContext().getAuthentication()))
			.containsExactly("SCOPE_read", "FACTOR_BEARER");
	}

	@Test
	void postProcessorWhenMappedThenBearerFactorAfterTheMappedAuthorities() throws Exception {
		this.mvc.perform(get("/api/me").with(tryMellonSession().userId("u1")))
			.andExpect(jsonPath("$.authorities.length()").value(2))
			.andExpect(jsonPath("$.authorities[0]").value("FACTOR_BEARER"))
			.andExpect(jsonPath("$.authorities[1]").value("SCOPE_read"))
			.andExpect(authenticated().withAuthentication((authentication) -> assertThat(factorsOf(authentication))
				.containsExactly("SCOPE_read", "FACTOR_BEARER")));
	}

	@Test
	@WithTryMellonSession(value = "u1", authorities = "ROLE_ADMIN")
	void annotationWhenExactAuthoritiesThenNoFactor() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		assertThat(authentication).isInstanceOf(TryMellonAuthentication.class);
		assertThat(authentication.getAuthorities()).extracting(GrantedAuthority::getAuthority)
			.containsExactly("ROLE_ADMIN");
	}

	/** The authority names in order, checking that FACTOR_BEARER is a real factor. */
	private static List<String> factorsOf(Authentication authentication) {
		assertThat(authentication).isInstanceOf(TryMellonAuthentication.class);
		assertThat(authentication.getAuthorities())
			.filteredOn((authority) -> FactorGrantedAuthority.BEARER_AUTHORITY.equals(authority.getAuthority()))
			.singleElement()
			.isInstanceOf(FactorGrantedAuthority.class);
		return authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
	}

}
