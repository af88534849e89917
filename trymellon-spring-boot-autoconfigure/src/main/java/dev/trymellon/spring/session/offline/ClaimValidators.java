package dev.trymellon.spring.session.offline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.session.offline.ClaimValidator.Failure;

import static dev.trymellon.spring.session.offline.TokenClaims.ABSENT;

/**
 * The claim validators, and the order the verifier runs them in. To add a check, write
 * a {@link ClaimValidator} here (with its own test) and add it to {@link #ordered}.
 */
final class ClaimValidators {

	private ClaimValidators() {
	}

	/**
	 * The validators in their documented order: required claims, time, lifetime,
	 * issuer, audience, {@code azp}, {@code app_id}, {@code tenant_id}, custom-claim
	 * limits. A check that is not configured is not in the list.
	 */
	static List<ClaimValidator> ordered(List<String> requiredClaims, Duration clockSkew, Duration maxLifetime,
			@Nullable String issuer, Set<String> audiences, Set<String> authorizedParties, @Nullable String appId,
			@Nullable String tenantId) {
		List<ClaimValidator> validators = new ArrayList<>();
		validators.add(required(requiredClaims));
		validators.add(time(clockSkew.toMillis()));
		validators.add(lifetime(maxLifetime.toMillis()));
		if (issuer != null) {
			validators.add(equal(issuer, TokenClaims::issuer, TryMellonErrorCode.ISSUER_MISMATCH,
					"Token iss is not the configured issuer"));
		}
		if (!audiences.isEmpty()) {
			validators.add(audience(audiences));
		}
		if (!authorizedParties.isEmpty()) {
			validators.add(authorizedParty(authorizedParties));
		}
		if (appId != null) {
			validators.add(equal(appId, TokenClaims::appId, TryMellonErrorCode.APP_ID_MISMATCH,
					"Token app_id is not the configured application"));
		}
		if (tenantId != null) {
			validators.add(equal(tenantId, TokenClaims::tenantId, TryMellonErrorCode.TENANT_ID_MISMATCH,
					"Token tenant_id is not the configured tenant"));
		}
		validators.add(ClaimValidators::customClaimLimits);
		return List.copyOf(validators);
	}

	/**
	 * {@code sub} (not empty), {@code exp} and {@code iat}, then each configured claim
	 * (not {@code null}).
	 */
	static ClaimValidator required(List<String> requiredClaims) {
		String[] names = requiredClaims.toArray(new String[0]);
		return (claims, now) -> {
			String subject = claims.subject();
			if (subject == null || subject.isEmpty() || claims.expiresAt() == ABSENT || claims.issuedAt() == ABSENT) {
				return fail(TryMellonErrorCode.TOKEN_MALFORMED, "Token lacks one of the required claims sub, exp, iat");
			}
			for (String name : names) {
				if (claims.members().get(name) == null) {
					return fail(TryMellonErrorCode.TOKEN_MALFORMED, "Token lacks the required claim '" + name + "'");
				}
			}
			return null;
		};
	}

	/**
	 * {@code exp} not passed, {@code nbf} and {@code iat} not in the future, each with
	 * the clock skew. NumericDates are within {@code [0, 253402300799]}: no overflow.
	 */
	static ClaimValidator time(long skewMillis) {
		return (claims, now) -> {
			long expiresAt = claims.expiresAt();
			if (expiresAt != ABSENT && now > expiresAt * 1000 + skewMillis) {
				return fail(TryMellonErrorCode.SESSION_EXPIRED, "Token expired at " + Instant.ofEpochSecond(expiresAt));
			}
			long notBefore = claims.notBefore();
			if (notBefore != ABSENT && notBefore * 1000 > now + skewMillis) {
				return fail(TryMellonErrorCode.TOKEN_NOT_YET_VALID,
						"Token is not valid before " + Instant.ofEpochSecond(notBefore));
			}
			if (claims.issuedAt() != ABSENT && claims.issuedAt() * 1000 > now + skewMillis) {
				return fail(TryMellonErrorCode.TOKEN_NOT_YET_VALID, "Token is issued in the future");
			}
			return null;
		};
	}

	/**
	 * {@code exp - iat} at most the max lifetime.
	 */
	static ClaimValidator lifetime(long maxLifetimeMillis) {
		return (claims, now) -> {
			if (claims.expiresAt() == ABSENT || claims.issuedAt() == ABSENT) {
				return null;
			}
			long lifetime = claims.expiresAt() - claims.issuedAt();
			if (lifetime * 1000 > maxLifetimeMillis) {
				return fail(TryMellonErrorCode.TOKEN_LIFETIME_TOO_LONG, "Token lifetime (exp - iat) is " + lifetime
						+ " s, longer than " + maxLifetimeMillis / 1000 + " s");
			}
			return null;
		};
	}

	/**
	 * A string claim equal to the configured value.
	 */
	static ClaimValidator equal(String expected, Function<TokenClaims, @Nullable String> claim,
			TryMellonErrorCode code, String reason) {
		return (claims, now) -> expected.equals(claim.apply(claims)) ? null : fail(code, reason);
	}

	/**
	 * {@code aud} names one of the accepted audiences.
	 */
	static ClaimValidator audience(Set<String> audiences) {
		return (claims, now) -> {
			for (String value : claims.audience()) {
				if (audiences.contains(value)) {
					return null;
				}
			}
			return fail(TryMellonErrorCode.AUDIENCE_MISMATCH, "Token aud does not name this application");
		};
	}

	/**
	 * {@code azp}, when present, is an authorized party.
	 */
	static ClaimValidator authorizedParty(Set<String> authorizedParties) {
		return (claims, now) -> {
			String azp = claims.authorizedParty();
			return (azp == null || authorizedParties.contains(azp)) ? null
					: fail(TryMellonErrorCode.AUTHORIZED_PARTY_MISMATCH, "Token azp is not an authorized party");
		};
	}

	/**
	 * The custom-claims object, when present: a JSON object of at most
	 * {@value OfflineSessionTokenVerifier#MAX_CUSTOM_CLAIMS} keys and
	 * {@value OfflineSessionTokenVerifier#MAX_CUSTOM_CLAIMS_BYTES} bytes, as signed.
	 */
	static @Nullable Failure customClaimLimits(TokenClaims claims, long now) {
		Object namespace = claims.customClaims();
		if (namespace == null) {
			return null;
		}
		if (!(namespace instanceof Map<?, ?> object)) {
			return fail(TryMellonErrorCode.TOKEN_MALFORMED, "Custom claims are not a JSON object");
		}
		int max = OfflineSessionTokenVerifier.MAX_CUSTOM_CLAIMS;
		if (object.size() > max) {
			return fail(TryMellonErrorCode.CUSTOM_CLAIMS_TOO_LARGE,
					"Custom claims have " + object.size() + " keys (at most " + max + ")");
		}
		int maxBytes = OfflineSessionTokenVerifier.MAX_CUSTOM_CLAIMS_BYTES;
		if (claims.customClaimsBytes() > maxBytes) {
			return fail(TryMellonErrorCode.CUSTOM_CLAIMS_TOO_LARGE,
					"Custom claims are " + claims.customClaimsBytes() + " bytes of JSON (at most " + maxBytes + ")");
		}
		return null;
	}

	private static Failure fail(TryMellonErrorCode code, String reason) {
		return new Failure(code, reason);
	}

}
