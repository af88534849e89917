package dev.trymellon.spring.revocation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * One revocation: what is revoked, since when, and until when the entry is kept. How a
 * revocation matches a session token is described on each {@link Kind}.
 *
 * @param kind what the id names
 * @param id the session, user or credential id, or for a token its
 * {@link #tokenHash(String) hash}
 * @param userId the user the session or credential belongs to, when known; it is what
 * the fail-safe rule matches when a token carries no session or credential claim
 * @param revokedAt when the revocation happened; tokens issued at or before it (plus the
 * clock skew, for the user and credential rules) are refused by the per-user rules
 * @param until when the entry may be forgotten: at least the expiry of the last token it
 * can match
 * @author TryMellon
 * @since 0.1.0
 */
public record Revocation(Kind kind, String id, @Nullable String userId, Instant revokedAt, Instant until) {

	private static final MessageDigest SHA_256 = sha256();

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	/**
	 * Checks the arguments.
	 * @param kind what the id names
	 * @param id the id
	 * @param userId the user, when known
	 * @param revokedAt when it happened
	 * @param until when it may be forgotten
	 */
	public Revocation {
		Assert.notNull(kind, "kind cannot be null");
		Assert.hasText(id, "id cannot be empty");
		Assert.notNull(revokedAt, "revokedAt cannot be null");
		Assert.notNull(until, "until cannot be null");
		if (kind == Kind.USER) {
			userId = id;
		}
		else if (userId != null && userId.isEmpty()) {
			userId = null;
		}
	}

	/**
	 * Revokes one session.
	 * @param sessionId the session id
	 * @param userId the session's user, when known (for the fail-safe rule)
	 * @param revokedAt when the session was revoked
	 * @param until when the entry may be forgotten
	 * @return the revocation
	 */
	public static Revocation session(String sessionId, @Nullable String userId, Instant revokedAt, Instant until) {
		return new Revocation(Kind.SESSION, sessionId, userId, revokedAt, until);
	}

	/**
	 * Revokes every token of a user issued at or before {@code revokedAt}.
	 * @param userId the user id
	 * @param revokedAt when the user was revoked (locked)
	 * @param until when the entry may be forgotten
	 * @return the revocation
	 */
	public static Revocation user(String userId, Instant revokedAt, Instant until) {
		return new Revocation(Kind.USER, userId, userId, revokedAt, until);
	}

	/**
	 * Revokes one credential (passkey).
	 * @param credentialId the credential id
	 * @param userId the credential's user, when known (for the fail-safe rule)
	 * @param revokedAt when the credential was revoked
	 * @param until when the entry may be forgotten
	 * @return the revocation
	 */
	public static Revocation credential(String credentialId, @Nullable String userId, Instant revokedAt,
			Instant until) {
		return new Revocation(Kind.CREDENTIAL, credentialId, userId, revokedAt, until);
	}

	/**
	 * Revokes exactly one token, for example a browser session signed out: the
	 * revocation's id is the token's {@link #tokenHash(String) hash}, never the token.
	 * The user's other tokens stay valid.
	 * @param token the raw token
	 * @param userId the token's user, when known (kept for the record only: a token
	 * revocation never matches by user)
	 * @param revokedAt when the token was revoked
	 * @param until when the entry may be forgotten: at least the token's expiry plus the
	 * clock skew
	 * @return the revocation
	 * @since 0.2.0
	 */
	public static Revocation token(String token, @Nullable String userId, Instant revokedAt, Instant until) {
		Assert.hasText(token, "token cannot be empty");
		return new Revocation(Kind.TOKEN, tokenHash(token), userId, revokedAt, until);
	}

	/**
	 * The id a {@link Kind#TOKEN token revocation} is kept under: the unpadded base64url
	 * SHA-256 of the token's UTF-8 bytes (43 characters). A token cannot be recovered
	 * from it, so a revocation store (and Redis) never holds a usable token.
	 * @param token the raw token
	 * @return the token's hash
	 * @since 0.2.0
	 */
	public static String tokenHash(String token) {
		Assert.notNull(token, "token cannot be null");
		MessageDigest digest;
		try {
			digest = (MessageDigest) SHA_256.clone();
		}
		catch (CloneNotSupportedException ex) {
			digest = sha256();
		}
		return BASE64URL.encodeToString(digest.digest(token.getBytes(StandardCharsets.UTF_8)));
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			// every Java platform must support SHA-256
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	/**
	 * What a revocation names, and how it matches a token.
	 *
	 * @since 0.1.0
	 */
	public enum Kind {

		/**
		 * A session: refuses a token whose
		 * {@link dev.trymellon.spring.session.TryMellonSession#getSessionId() session id}
		 * equals the id. A token without a session id cannot be told apart (a
		 * {@code jti} is a token id, not a session id), so it is refused when its user is
		 * the revocation's user and it was issued at or before the revocation, compared
		 * at whole-second precision (fail safe). That cut-off is exact, with no clock
		 * skew: the user may sign in again at once, from the next second on.
		 */
		SESSION,

		/**
		 * A user: refuses the user's tokens issued at or before the revocation plus the
		 * clock skew, since a TryMellon node whose clock is ahead stamps a later
		 * {@code iat}; tokens issued later are accepted.
		 */
		USER,

		/**
		 * A credential: refuses a token one of whose credential-id claims equals the id.
		 * A token carrying none of those claims (every token, when none is configured)
		 * is refused when its user is the revocation's user and it was issued at or
		 * before the revocation plus the clock skew (fail safe).
		 */
		CREDENTIAL,

		/**
		 * One token: refuses exactly the token whose {@link Revocation#tokenHash(String)
		 * hash} is the id, and no other token of its user or session, so the user's other
		 * sessions stay valid and signing in again works at once.
		 * @since 0.2.0
		 */
		TOKEN

	}

}
