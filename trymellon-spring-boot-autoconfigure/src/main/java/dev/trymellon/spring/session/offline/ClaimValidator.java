package dev.trymellon.spring.session.offline;

import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.session.TryMellonErrorCode;

/**
 * One check of a signed token's claims, the way Spring Security's
 * {@code OAuth2TokenValidator} is one check of a {@code Jwt}: the verifier runs its
 * validators in order, after the signature verified, and refuses the token with the
 * first failure's code. Validators are stateless and allocate nothing when the claims
 * pass.
 */
@FunctionalInterface
interface ClaimValidator {

	/**
	 * Checks the claims.
	 * @param claims the claims, their types already checked
	 * @param nowMillis the current time
	 * @return {@code null} when the claims pass, else why not
	 */
	@Nullable Failure validate(TokenClaims claims, long nowMillis);

	/**
	 * Why a validator refused a token.
	 * @param code the precise error code
	 * @param reason a reason for the debug log, holding nothing of the token but safe
	 * values
	 */
	record Failure(TryMellonErrorCode code, String reason) {
	}

}
