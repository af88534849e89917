package dev.trymellon.spring.web;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.session.TryMellonSession;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.util.Assert;

/**
 * The Spring Security 7 factors a verified TryMellon session proves, which the
 * {@link TryMellonAuthenticationProvider} grants as {@link FactorGrantedAuthority}s, so
 * that {@code @EnableMultiFactorAuthentication} applications can require them:
 * <ul>
 * <li>{@link FactorGrantedAuthority#BEARER_AUTHORITY FACTOR_BEARER}, always: the request
 * was authenticated by a bearer token, as Spring's own {@code JwtAuthenticationConverter}
 * grants it;</li>
 * <li>{@link FactorGrantedAuthority#WEBAUTHN_AUTHORITY FACTOR_WEBAUTHN}, only when a
 * token claim named with {@link #withWebAuthnClaim(String, String)} proves a passkey
 * ceremony. TryMellon also issues sessions after an email one-time code, so no session
 * gets it unless such a claim is configured and present.</li>
 * </ul>
 * Each factor is issued at the token's {@code iat}, when TryMellon created the session
 * right after the sign-in ceremony: a {@code RequiredFactor} with a valid duration asks
 * for a recent sign-in, not for a recent request.
 * <p>
 * Instances are immutable. The auto-configuration declares one from
 * {@code trymellon.authorities.webauthn-factor.*}.
 *
 * @author TryMellon
 * @since 0.2.0
 */
public final class SessionFactors {

	private static final SessionFactors BEARER = new SessionFactors(null, null);

	private final @Nullable String webAuthnClaim;

	private final @Nullable String webAuthnValue;

	private SessionFactors(@Nullable String webAuthnClaim, @Nullable String webAuthnValue) {
		this.webAuthnClaim = webAuthnClaim;
		this.webAuthnValue = webAuthnValue;
	}

	/**
	 * Returns the factors every TryMellon session proves: {@code FACTOR_BEARER}.
	 * @return the default factors
	 */
	public static SessionFactors bearer() {
		return BEARER;
	}

	/**
	 * Returns factors that also grant {@code FACTOR_WEBAUTHN} to sessions whose token
	 * carries the given top-level claim with the given value (or, for a list claim such
	 * as {@code amr}, containing it). Only a claim TryMellon sets can prove a ceremony:
	 * the custom claims object, which the end user's browser chooses, is refused.
	 * @param claim the name of the claim, for example {@code amr}
	 * @param value the value that proves a passkey ceremony, for example
	 * {@code webauthn}
	 * @return new factors
	 */
	public SessionFactors withWebAuthnClaim(String claim, String value) {
		Assert.hasText(claim, "claim cannot be empty");
		Assert.hasText(value, "value cannot be empty");
		Assert.isTrue(!claim.equals(TryMellonSession.CUSTOM_CLAIMS_NAMESPACE),
				"custom claims are chosen by the end user's browser and cannot prove a passkey ceremony");
		return new SessionFactors(claim, value);
	}

	/**
	 * Returns the factor authorities the session proves.
	 * @param session the verified session
	 * @return {@code FACTOR_BEARER}, then {@code FACTOR_WEBAUTHN} when proven
	 */
	public List<GrantedAuthority> getAuthorities(TryMellonSession session) {
		Instant issuedAt = session.getIssuedAt();
		GrantedAuthority bearer = factor(FactorGrantedAuthority.BEARER_AUTHORITY, issuedAt);
		if (provesWebAuthn(session)) {
			return List.of(bearer, factor(FactorGrantedAuthority.WEBAUTHN_AUTHORITY, issuedAt));
		}
		return List.of(bearer);
	}

	private boolean provesWebAuthn(TryMellonSession session) {
		if (this.webAuthnClaim == null || this.webAuthnValue == null) {
			return false;
		}
		Object value = session.getClaim(this.webAuthnClaim);
		if (value instanceof String string) {
			return string.equals(this.webAuthnValue);
		}
		if (value instanceof Collection<?> values) {
			return values.contains(this.webAuthnValue);
		}
		return false;
	}

	private static GrantedAuthority factor(String authority, Instant issuedAt) {
		return FactorGrantedAuthority.withAuthority(authority).issuedAt(issuedAt).build();
	}

	@Override
	public String toString() {
		return (this.webAuthnClaim != null)
				? "SessionFactors [FACTOR_BEARER, FACTOR_WEBAUTHN when '" + this.webAuthnClaim + "' is '"
						+ this.webAuthnValue + "']"
				: "SessionFactors [FACTOR_BEARER]";
	}

}
