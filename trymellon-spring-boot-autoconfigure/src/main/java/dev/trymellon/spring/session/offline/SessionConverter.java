package dev.trymellon.spring.session.offline;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.session.TryMellonSession;

import static dev.trymellon.spring.session.offline.TokenClaims.ABSENT;

/**
 * The last step of a fresh verification: validated claims to the
 * {@link TryMellonSession}. The dates become whole seconds in the claims; the custom
 * claims keep their scalar values; the session id is the first non-empty string among
 * the configured session-id claims.
 */
final class SessionConverter {

	private final String[] sessionIdClaims;

	SessionConverter(List<String> sessionIdClaims) {
		this.sessionIdClaims = sessionIdClaims.toArray(new String[0]);
	}

	TryMellonSession convert(TokenClaims token, String keyId) {
		Map<String, Object> claims = token.members();
		claims.put("exp", token.expiresAt());
		claims.put("iat", token.issuedAt());
		if (token.notBefore() != ABSENT) {
			claims.put("nbf", token.notBefore());
		}
		String subject = token.subject();
		if (subject == null) {
			throw new IllegalStateException("The required-claims validator lets no token without sub through");
		}
		String userId = (claims.get("user_id") instanceof String value && !value.isEmpty()) ? value : null;
		return TryMellonSession.builder(subject)
			.userId(userId)
			.externalUserId((String) claims.get("external_user_id"))
			.tenantId(token.tenantId())
			.appId(token.appId())
			.sessionId(sessionId(claims))
			.tokenId((String) claims.get("jti"))
			.issuer(token.issuer())
			.audience(token.audience())
			.authorizedParty(token.authorizedParty())
			.issuedAt(Instant.ofEpochSecond(token.issuedAt()))
			.expiresAt(Instant.ofEpochSecond(token.expiresAt()))
			.notBefore((token.notBefore() != ABSENT) ? Instant.ofEpochSecond(token.notBefore()) : null)
			.keyId(keyId)
			.customClaims(scalars(token.customClaims()))
			.claims(claims)
			.build();
	}

	private @Nullable String sessionId(Map<String, Object> claims) {
		for (String name : this.sessionIdClaims) {
			if (claims.get(name) instanceof String value && !value.isEmpty()) {
				return value;
			}
		}
		return null;
	}

	private static Map<String, Object> scalars(@Nullable Object namespace) {
		if (!(namespace instanceof Map<?, ?> object)) {
			return Map.of();
		}
		Map<String, Object> scalars = new LinkedHashMap<>();
		for (Map.Entry<?, ?> entry : object.entrySet()) {
			Object value = entry.getValue();
			if (value instanceof String || value instanceof Number || value instanceof Boolean) {
				scalars.put(String.valueOf(entry.getKey()), value);
			}
		}
		return scalars;
	}

}
