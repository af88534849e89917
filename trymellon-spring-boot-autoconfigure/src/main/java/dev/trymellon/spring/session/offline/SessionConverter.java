package dev.trymellon.spring.session.offline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.trymellon.spring.session.TryMellonSession;

import static dev.trymellon.spring.session.offline.TokenClaims.ABSENT;

/**
 * The last step of a fresh verification: validated claims to the
 * {@link TryMellonSession}, which derives its typed values from them. Here the dates
 * become whole seconds in the claims, the custom-claims object keeps its scalar values,
 * and the session learns which claims hold its id
 * (the configured session-id claims: the first non-empty string among them). String
 * values equal to a recent token's share its instance ({@link RepeatedStrings}): the
 * session is what the verified-token cache holds.
 */
final class SessionConverter {

	private final List<String> sessionIdClaims;

	private final RepeatedStrings repeated = new RepeatedStrings();

	SessionConverter(List<String> sessionIdClaims) {
		this.sessionIdClaims = List.copyOf(sessionIdClaims);
	}

	TryMellonSession convert(TokenClaims token, String keyId) {
		Map<String, Object> claims = token.members();
		claims.replaceAll((name, value) -> (value instanceof String text) ? this.repeated.share(text) : value);
		claims.put("exp", token.expiresAt());
		claims.put("iat", token.issuedAt());
		if (token.notBefore() != ABSENT) {
			claims.put("nbf", token.notBefore());
		}
		if (token.customClaims() instanceof Map<?, ?> custom) {
			claims.put(TryMellonSession.CUSTOM_CLAIMS_NAMESPACE, scalars(custom));
		}
		String subject = token.subject();
		if (subject == null) {
			throw new IllegalStateException("The required-claims validator lets no token without sub through");
		}
		return TryMellonSession.builder((claims.get("sub") instanceof String shared) ? shared : subject)
			.claims(claims)
			.keyId(keyId)
			.sessionIdClaims(this.sessionIdClaims)
			.build();
	}

	/**
	 * The custom claims keep their scalar values only (string, number, boolean).
	 */
	private Map<String, Object> scalars(Map<?, ?> object) {
		Map<String, Object> scalars = new LinkedHashMap<>();
		for (Map.Entry<?, ?> entry : object.entrySet()) {
			Object value = entry.getValue();
			if (value instanceof String text) {
				scalars.put(String.valueOf(entry.getKey()), this.repeated.share(text));
			}
			else if (value instanceof Number || value instanceof Boolean) {
				scalars.put(String.valueOf(entry.getKey()), value);
			}
		}
		return scalars;
	}

}
