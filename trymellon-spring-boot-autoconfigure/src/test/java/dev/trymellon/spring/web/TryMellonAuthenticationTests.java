package dev.trymellon.spring.web;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.trymellon.spring.session.TryMellonSession;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TryMellonAuthenticationTests {

	private static final TryMellonSession SESSION = TryMellonSession.builder("user_1").build();

	@Test
	void toBuilderWhenAuthoritiesAddedThenStillATryMellonAuthenticationOfTheSession() {
		TryMellonAuthentication authentication = new TryMellonAuthentication(SESSION,
				List.of(new SimpleGrantedAuthority("ROLE_USER")));
		authentication.setDetails("details");
		Authentication merged = authentication.toBuilder()
			.authorities((authorities) -> authorities
				.add(FactorGrantedAuthority.fromAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY)))
			.build();
		assertThat(merged).isInstanceOfSatisfying(TryMellonAuthentication.class, (result) -> {
			assertThat(result.getSession()).isSameAs(SESSION);
			assertThat(result.getPrincipal()).isSameAs(SESSION);
			assertThat(result.getName()).isEqualTo("user_1");
			assertThat(result.getCredentials()).isEqualTo("");
			assertThat(result.getDetails()).isEqualTo("details");
			assertThat(result.isAuthenticated()).isTrue();
			assertThat(result.getAuthorities()).extracting(GrantedAuthority::getAuthority)
				.containsExactly("ROLE_USER", "FACTOR_PASSWORD");
		});
		assertThat(authentication.getAuthorities()).extracting(GrantedAuthority::getAuthority)
			.containsExactly("ROLE_USER");
	}

	@Test
	void toBuilderWhenPrincipalIsNotASessionThenRefused() {
		TryMellonAuthentication authentication = new TryMellonAuthentication(SESSION, List.of());
		assertThatIllegalArgumentException().isThrownBy(() -> authentication.toBuilder().principal("user_1"));
		TryMellonSession other = TryMellonSession.builder("user_2").build();
		assertThat(authentication.toBuilder().principal(other).build().getName()).isEqualTo("user_2");
	}

}
