package dev.trymellon.spring.web;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.session.TryMellonSession;

import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TryMellonAuthenticationProviderTests {

	private static final TryMellonSession SESSION = TryMellonSession.builder("sub_1").userId("user_1").build();

	@Test
	void authenticateWhenVerifiedThenTryMellonAuthenticationWithMappedAuthorities() {
		TryMellonAuthenticationProvider provider = new TryMellonAuthenticationProvider((token) -> SESSION,
				(session) -> List.of(new SimpleGrantedAuthority("ROLE_USER")));
		SessionTokenAuthenticationToken request = new SessionTokenAuthenticationToken("abc");
		request.setDetails("details");
		Authentication result = provider.authenticate(request);
		assertThat(result).isInstanceOf(TryMellonAuthentication.class);
		assertThat(result.isAuthenticated()).isTrue();
		assertThat(result.getPrincipal()).isSameAs(SESSION);
		assertThat(result.getName()).isEqualTo("user_1");
		assertThat(result.getCredentials()).isEqualTo("");
		assertThat(result.getDetails()).isEqualTo("details");
		assertThat(result.getAuthorities()).extracting(GrantedAuthority::getAuthority)
			.containsExactly("ROLE_USER", "FACTOR_BEARER");
	}

	@Test
	void authenticateWhenMapperGrantsFactorNamesThenOnlyFactorObjectsKept() {
		GrantedAuthority ott = FactorGrantedAuthority.fromAuthority(FactorGrantedAuthority.OTT_AUTHORITY);
		TryMellonAuthenticationProvider provider = new TryMellonAuthenticationProvider((token) -> SESSION,
				(session) -> List.of(new SimpleGrantedAuthority("FACTOR_WEBAUTHN"), new SimpleGrantedAuthority("ROLE_X"),
						ott));
		Authentication result = provider.authenticate(new SessionTokenAuthenticationToken("abc"));
		assertThat(result.getAuthorities()).extracting(GrantedAuthority::getAuthority)
			.containsExactly("ROLE_X", "FACTOR_OTT", "FACTOR_BEARER");
		assertThat(result.getAuthorities()).filteredOn((authority) -> authority.getAuthority().startsWith("FACTOR_"))
			.allMatch(FactorGrantedAuthority.class::isInstance);
	}

	@Test
	void authenticateWhenSessionFactorsProveAPasskeyThenWebAuthnFactorGranted() {
		TryMellonSession passkey = TryMellonSession.builder("user_1")
			.claims(java.util.Map.of("amr", List.of("webauthn")))
			.build();
		TryMellonAuthenticationProvider provider = new TryMellonAuthenticationProvider((token) -> passkey,
				(session) -> List.of());
		provider.setSessionFactors(SessionFactors.bearer().withWebAuthnClaim("amr", "webauthn"));
		assertThat(provider.authenticate(new SessionTokenAuthenticationToken("abc")).getAuthorities())
			.extracting(GrantedAuthority::getAuthority)
			.containsExactly("FACTOR_BEARER", "FACTOR_WEBAUTHN");
	}

	@Test
	void authenticateWhenVerifierReturnsNullThenInternalAuthenticationServiceException() {
		TryMellonAuthenticationProvider provider = new TryMellonAuthenticationProvider(nullVerifier(),
				(session) -> List.of());
		assertThatExceptionOfType(InternalAuthenticationServiceException.class)
			.isThrownBy(() -> provider.authenticate(new SessionTokenAuthenticationToken("abc")));
	}

	@Test
	void authenticateWhenMapperReturnsANullAuthorityThenInternalAuthenticationServiceException() {
		TryMellonAuthenticationProvider provider = new TryMellonAuthenticationProvider((token) -> SESSION,
				(session) -> java.util.Arrays.asList(new SimpleGrantedAuthority("ROLE_USER"), null));
		assertThatExceptionOfType(InternalAuthenticationServiceException.class)
			.isThrownBy(() -> provider.authenticate(new SessionTokenAuthenticationToken("abc")));
	}

	@SuppressWarnings("NullAway")
	private static dev.trymellon.spring.session.SessionTokenVerifier nullVerifier() {
		return (token) -> null;
	}

	@Test
	void authenticateWhenBadTokenThenBadCredentialsCarryingTheCode() {
		TryMellonAuthenticationProvider provider = new TryMellonAuthenticationProvider((token) -> {
			throw new SessionTokenException(TryMellonErrorCode.SIGNATURE_INVALID, "bad signature");
		}, (session) -> List.of());
		assertThatExceptionOfType(BadCredentialsException.class)
			.isThrownBy(() -> provider.authenticate(new SessionTokenAuthenticationToken("abc")))
			.satisfies((ex) -> assertThat(((SessionTokenException) ex.getCause()).getErrorCode())
				.isEqualTo(TryMellonErrorCode.SIGNATURE_INVALID));
	}

	@Test
	void authenticateWhenCouldNotCheckThenAuthenticationServiceException() {
		TryMellonAuthenticationProvider provider = new TryMellonAuthenticationProvider((token) -> {
			throw new SessionTokenException(TryMellonErrorCode.KEYS_UNAVAILABLE, "no keys");
		}, (session) -> List.of());
		assertThatExceptionOfType(AuthenticationServiceException.class)
			.isThrownBy(() -> provider.authenticate(new SessionTokenAuthenticationToken("abc")))
			.isNotInstanceOf(InternalAuthenticationServiceException.class)
			.withCauseInstanceOf(SessionTokenException.class);
	}

	@Test
	void authenticateWhenVerifierBugThenInternalAuthenticationServiceException() {
		TryMellonAuthenticationProvider provider = new TryMellonAuthenticationProvider((token) -> {
			throw new NullPointerException("bug");
		}, (session) -> List.of());
		assertThatExceptionOfType(InternalAuthenticationServiceException.class)
			.isThrownBy(() -> provider.authenticate(new SessionTokenAuthenticationToken("abc")))
			.withCauseInstanceOf(NullPointerException.class);
	}

	@Test
	void authenticateWhenMapperBugThenInternalAuthenticationServiceException() {
		TryMellonAuthenticationProvider provider = new TryMellonAuthenticationProvider((token) -> SESSION,
				(session) -> {
					throw new IllegalStateException("bug");
				});
		assertThatExceptionOfType(InternalAuthenticationServiceException.class)
			.isThrownBy(() -> provider.authenticate(new SessionTokenAuthenticationToken("abc")));
	}

	@Test
	void supportsOnlySessionTokenRequests() {
		TryMellonAuthenticationProvider provider = new TryMellonAuthenticationProvider((token) -> SESSION,
				(session) -> List.of());
		assertThat(provider.supports(SessionTokenAuthenticationToken.class)).isTrue();
		assertThat(provider.supports(UsernamePasswordAuthenticationToken.class)).isFalse();
		assertThat(provider.supports(TryMellonAuthentication.class)).isFalse();
	}

	@Test
	void requestToStringWhenPrintedThenNeverShowsTheToken() {
		SessionTokenAuthenticationToken request = new SessionTokenAuthenticationToken("eyJsecret.payload.sig");
		assertThat(request.toString()).doesNotContain("eyJsecret").contains("PROTECTED");
		assertThat(request.isAuthenticated()).isFalse();
	}

}
