package dev.trymellon.spring.session.offline;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.session.TryMellonSession;

import static dev.trymellon.spring.session.offline.Rejections.reject;

/**
 * The claims of a signed payload, read once with their types checked: a registered or
 * TryMellon claim of the wrong type is {@link TryMellonErrorCode#TOKEN_MALFORMED}.
 * NumericDates are whole seconds, {@link #ABSENT} when the token has none. What the
 * {@link ClaimValidator claim validators} check and the {@link SessionConverter} maps.
 *
 * @param members every top-level claim, as parsed
 * @param customClaimsBytes the JSON size of the custom-claims object as signed, or -1
 */
record TokenClaims(Map<String, Object> members, @Nullable String subject, long expiresAt, long issuedAt,
		long notBefore, @Nullable String issuer, List<String> audience, @Nullable String authorizedParty,
		@Nullable String appId, @Nullable String tenantId, int customClaimsBytes) {

	/** What a NumericDate reads as when the token does not have it. */
	static final long ABSENT = Long.MIN_VALUE;

	static TokenClaims read(StrictJson.Parsed payload) {
		Map<String, Object> claims = payload.members();
		String subject = string(claims, "sub");
		long expiresAt = numericDate(claims, "exp");
		long issuedAt = numericDate(claims, "iat");
		long notBefore = numericDate(claims, "nbf");
		String issuer = string(claims, "iss");
		List<String> audience = audience(claims);
		string(claims, "jti");
		String azp = string(claims, "azp");
		String appId = string(claims, "app_id");
		String tenantId = string(claims, "tenant_id");
		string(claims, "user_id");
		string(claims, "external_user_id");
		return new TokenClaims(claims, subject, expiresAt, issuedAt, notBefore, issuer, audience, azp, appId,
				tenantId, payload.measuredBytes());
	}

	@Nullable Object customClaims() {
		return this.members.get(TryMellonSession.CUSTOM_CLAIMS_NAMESPACE);
	}

	private static @Nullable String string(Map<String, Object> claims, String name) {
		Object value = claims.get(name);
		if (value == null || value instanceof String) {
			return (String) value;
		}
		throw reject(TryMellonErrorCode.TOKEN_MALFORMED, "Token claim '" + name + "' is not a string");
	}

	private static long numericDate(Map<String, Object> claims, String name) {
		if (!claims.containsKey(name)) {
			return ABSENT;
		}
		long seconds = NumericDate.seconds(claims.get(name));
		if (seconds == NumericDate.INVALID) {
			throw reject(TryMellonErrorCode.TOKEN_MALFORMED,
					"Token claim '" + name + "' is not a NumericDate (a JSON number from 0 to 253402300799)");
		}
		return seconds;
	}

	@SuppressWarnings("unchecked")
	private static List<String> audience(Map<String, Object> claims) {
		Object audience = claims.get("aud");
		if (audience == null) {
			return List.of();
		}
		if (audience instanceof String value) {
			return List.of(value);
		}
		if (audience instanceof List<?> values) {
			for (Object value : values) {
				if (!(value instanceof String)) {
					throw reject(TryMellonErrorCode.TOKEN_MALFORMED, "Token aud holds a value that is not a string");
				}
			}
			return (List<String>) values;
		}
		throw reject(TryMellonErrorCode.TOKEN_MALFORMED, "Token aud is neither a string nor an array of strings");
	}

}
