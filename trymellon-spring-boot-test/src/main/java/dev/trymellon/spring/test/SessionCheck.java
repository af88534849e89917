package dev.trymellon.spring.test;

import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.jspecify.annotations.Nullable;

/**
 * What the stand-in API knows about a session token: whether this issuer signed it with a
 * published key, whether it is a user session token, still within its lifetime, and not
 * revoked, in that order, so that nothing but "invalid" is told about a token whose
 * signature does not verify. Holds the revocations. Thread-safe.
 */
final class SessionCheck {

	static final String INVALID_SESSION_TOKEN = "invalid_session_token";

	static final String INVALID_TOKEN_TYPE = "invalid_token_type";

	static final String USER_NOT_FOUND = "user_not_found";

	private static final String[] ID_CLAIMS = { "external_user_id", "tenant_id", "app_id", "sid", "session_id" };

	private final IssuerKeys keys;

	private final Clock clock;

	private final Set<String> revokedSessions = ConcurrentHashMap.newKeySet();

	/** User id to the time of the revocation: sessions issued until then are revoked. */
	private final Map<String, Instant> revokedUsers = new ConcurrentHashMap<>();

	private final Set<String> deletedUsers = ConcurrentHashMap.newKeySet();

	SessionCheck(IssuerKeys keys, Clock clock) {
		this.keys = keys;
		this.clock = clock;
	}

	/**
	 * The answer for one token: valid with its claims, or the wire code and a message.
	 */
	record Outcome(@Nullable JWTClaimsSet claims, @Nullable String code, String message) {

		boolean valid() {
			return this.claims != null;
		}

		static Outcome invalid(String code, String message) {
			return new Outcome(null, code, message);
		}

	}

	Outcome check(String token) {
		SignedJWT jwt;
		JWTClaimsSet claims;
		try {
			jwt = SignedJWT.parse(token);
			claims = jwt.getJWTClaimsSet();
		}
		catch (ParseException ex) {
			return Outcome.invalid(INVALID_SESSION_TOKEN, "The session token is malformed");
		}
		if (!verified(jwt)) {
			return Outcome.invalid(INVALID_SESSION_TOKEN, "The session token's signature does not verify");
		}
		JOSEObjectType type = jwt.getHeader().getType();
		if (type != null && !JOSEObjectType.JWT.equals(type) && !"jwt".equalsIgnoreCase(type.getType())) {
			return Outcome.invalid(INVALID_TOKEN_TYPE, "Not a user session token");
		}
		try {
			return checkClaims(claims);
		}
		catch (ParseException ex) {
			return Outcome.invalid(INVALID_SESSION_TOKEN, "The session token's payload is malformed");
		}
	}

	private boolean verified(SignedJWT jwt) {
		if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
			return false;
		}
		RSAKey key = this.keys.published(jwt.getHeader().getKeyID());
		try {
			return key != null && jwt.verify(new RSASSAVerifier(key));
		}
		catch (JOSEException ex) {
			return false;
		}
	}

	private Outcome checkClaims(JWTClaimsSet claims) throws ParseException {
		String userId = userId(claims);
		for (String id : ID_CLAIMS) {
			claims.getStringClaim(id); // a non-string id is a malformed payload
		}
		Date expiresAt = claims.getExpirationTime();
		Date issuedAt = claims.getIssueTime();
		if (userId == null || expiresAt == null || issuedAt == null) {
			return Outcome.invalid(INVALID_SESSION_TOKEN, "The session token's payload is malformed");
		}
		Instant now = this.clock.instant();
		if (!now.isBefore(expiresAt.toInstant())) {
			return Outcome.invalid(INVALID_SESSION_TOKEN, "The session token has expired");
		}
		Date notBefore = claims.getNotBeforeTime();
		if (notBefore != null && now.isBefore(notBefore.toInstant())) {
			return Outcome.invalid(INVALID_SESSION_TOKEN, "The session token is not valid yet");
		}
		if (this.deletedUsers.contains(userId)) {
			return Outcome.invalid(USER_NOT_FOUND, "The user was deleted or is inactive");
		}
		String sessionId = sessionId(claims);
		Instant userRevokedAt = this.revokedUsers.get(userId);
		if ((sessionId != null && this.revokedSessions.contains(sessionId))
				|| (userRevokedAt != null && !issuedAt.toInstant().isAfter(userRevokedAt))) {
			return Outcome.invalid(INVALID_SESSION_TOKEN, "The session was revoked");
		}
		return new Outcome(claims, null, "valid");
	}

	/** {@code user_id}, else {@code sub}, as TryMellon's SDK reads them. */
	static @Nullable String userId(JWTClaimsSet claims) throws ParseException {
		String userId = claims.getStringClaim("user_id");
		return (userId != null && !userId.isEmpty()) ? userId : emptyToNull(claims.getSubject());
	}

	/** {@code sid}, else {@code session_id}. */
	static @Nullable String sessionId(JWTClaimsSet claims) throws ParseException {
		String sid = emptyToNull(claims.getStringClaim("sid"));
		return (sid != null) ? sid : emptyToNull(claims.getStringClaim("session_id"));
	}

	private static @Nullable String emptyToNull(@Nullable String value) {
		return (value == null || value.isEmpty()) ? null : value;
	}

	void revokeSession(String sessionId) {
		this.revokedSessions.add(sessionId);
	}

	void revokeUserSessions(String userId) {
		this.revokedUsers.put(userId, this.clock.instant());
	}

	void deleteUser(String userId) {
		this.deletedUsers.add(userId);
	}

	void clearRevocations() {
		this.revokedSessions.clear();
		this.revokedUsers.clear();
		this.deletedUsers.clear();
	}

}
