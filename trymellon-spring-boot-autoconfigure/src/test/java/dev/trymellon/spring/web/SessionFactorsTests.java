package dev.trymellon.spring.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.trymellon.spring.session.TryMellonSession;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SessionFactorsTests {

	private static final Instant ISSUED_AT = Instant.parse("2026-12-01T10:00:00Z");

	private final SessionFactors webAuthn = SessionFactors.bearer().withWebAuthnClaim("amr", "webauthn");

	@Test
	void bearerWhenAnySessionThenFactorBearerIssuedAtTheTokensIat() {
		List<GrantedAuthority> factors = SessionFactors.bearer().getAuthorities(session(Map.of("amr", "webauthn")));
		assertThat(factors).singleElement().isInstanceOfSatisfying(FactorGrantedAuthority.class, (factor) -> {
			assertThat(factor.getAuthority()).isEqualTo(FactorGrantedAuthority.BEARER_AUTHORITY);
			assertThat(factor.getIssuedAt()).isEqualTo(ISSUED_AT);
		});
	}

	@Test
	void webAuthnWhenClaimHasTheValueThenBearerAndWebAuthn() {
		assertThat(this.webAuthn.getAuthorities(session(Map.of("amr", "webauthn"))))
			.extracting(GrantedAuthority::getAuthority)
			.containsExactly("FACTOR_BEARER", "FACTOR_WEBAUTHN");
	}

	@Test
	void webAuthnWhenListClaimContainsTheValueThenBearerAndWebAuthn() {
		List<GrantedAuthority> factors = this.webAuthn.getAuthorities(session(Map.of("amr", List.of("hwk", "webauthn"))));
		assertThat(factors).extracting(GrantedAuthority::getAuthority).containsExactly("FACTOR_BEARER", "FACTOR_WEBAUTHN");
		assertThat(factors.get(1)).isInstanceOfSatisfying(FactorGrantedAuthority.class,
				(factor) -> assertThat(factor.getIssuedAt()).isEqualTo(ISSUED_AT));
	}

	@Test
	void webAuthnWhenEmailOneTimeCodeSessionThenOnlyBearer() {
		assertThat(this.webAuthn.getAuthorities(session(Map.of("amr", List.of("otp")))))
			.extracting(GrantedAuthority::getAuthority)
			.containsExactly("FACTOR_BEARER");
		assertThat(this.webAuthn.getAuthorities(session(Map.of("amr", "WEBAUTHN"))))
			.extracting(GrantedAuthority::getAuthority)
			.containsExactly("FACTOR_BEARER");
		assertThat(this.webAuthn.getAuthorities(session(Map.of()))).extracting(GrantedAuthority::getAuthority)
			.containsExactly("FACTOR_BEARER");
	}

	@Test
	void webAuthnWhenOnlyACustomClaimSaysSoThenOnlyBearer() {
		TryMellonSession session = session(
				Map.of(TryMellonSession.CUSTOM_CLAIMS_NAMESPACE, Map.of("amr", "webauthn")));
		assertThat(this.webAuthn.getAuthorities(session)).extracting(GrantedAuthority::getAuthority)
			.containsExactly("FACTOR_BEARER");
	}

	@Test
	void withWebAuthnClaimWhenCustomClaimsNamespaceThenRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SessionFactors.bearer()
				.withWebAuthnClaim(TryMellonSession.CUSTOM_CLAIMS_NAMESPACE, "webauthn"))
			.withMessageContaining("custom claims");
		assertThatIllegalArgumentException().isThrownBy(() -> SessionFactors.bearer().withWebAuthnClaim(" ", "x"));
		assertThatIllegalArgumentException().isThrownBy(() -> SessionFactors.bearer().withWebAuthnClaim("amr", ""));
	}

	private static TryMellonSession session(Map<String, Object> claims) {
		return TryMellonSession.builder("user_1").issuedAt(ISSUED_AT).claims(claims).build();
	}

}
