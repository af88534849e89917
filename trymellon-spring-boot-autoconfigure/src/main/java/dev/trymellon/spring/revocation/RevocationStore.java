package dev.trymellon.spring.revocation;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.session.TryMellonSession;

/**
 * Where revoked sessions, users, credentials and single tokens are kept, and the check the token
 * verifier makes on every request. The matching rules are those of
 * {@link Revocation.Kind}.
 * <p>
 * {@link #isRevoked(TryMellonSession)} is on the request path: it must answer from
 * memory, without locks that writers hold for long and never with network I/O. Writes
 * may be slow (a shared store writes through to its backend there) and may throw, so a
 * webhook whose revocation could not be stored is retried.
 *
 * @author TryMellon
 * @since 0.1.0
 */
public interface RevocationStore {

	/**
	 * Stores a revocation. Storing one that is already there keeps the later
	 * {@code revokedAt} and {@code until}.
	 * @param revocation the revocation
	 */
	void revoke(Revocation revocation);

	/**
	 * Whether the verified session is refused by a stored revocation that has not
	 * expired. Fast, non-blocking, no network I/O.
	 * @param session the verified session
	 * @return {@code true} when the token must be refused
	 */
	boolean isRevoked(TryMellonSession session);

	/**
	 * Whether {@link #isRevoked(TryMellonSession)} refuses the session <em>only</em> by
	 * the session fail-safe rule ({@link Revocation.Kind#SESSION}: the user has a revoked
	 * session and the token carries no session id), not by an exact match (its session
	 * id, its user, its credential). Hybrid validation re-checks such tokens with
	 * TryMellon's API instead of refusing them. Fast, non-blocking, no network I/O.
	 * <p>
	 * The default answers {@code false}: a store that cannot tell keeps refusing every
	 * token it matches.
	 * @param session the verified session
	 * @return {@code true} when the fail-safe rule is the only reason to refuse it
	 * @since 0.2.0
	 */
	default boolean isRevokedOnlyByFailSafe(TryMellonSession session) {
		return false;
	}

	/**
	 * Whether exactly this token is refused by a stored {@link Revocation.Kind#TOKEN
	 * token revocation} that has not expired. On the request path, like
	 * {@link #isRevoked(TryMellonSession)}: fast, non-blocking, no network I/O; a store
	 * holding no token revocation should answer without hashing the token.
	 * <p>
	 * The default answers {@code false}: a store that does not override it keeps token
	 * revocations without enforcing them (the browser sign-out then logs an error).
	 * Both stores of this project enforce them.
	 * @param token the raw token of a verified session
	 * @return {@code true} when the token must be refused
	 * @since 0.2.0
	 */
	default boolean isTokenRevoked(String token) {
		return false;
	}

	/**
	 * Revokes exactly one token.
	 * @param token the raw token
	 * @param userId the token's user, when known
	 * @param revokedAt when it was revoked
	 * @param until when the entry may be forgotten: at least the token's expiry plus the
	 * clock skew
	 * @since 0.2.0
	 * @see Revocation#token(String, String, Instant, Instant)
	 */
	default void revokeToken(String token, @Nullable String userId, Instant revokedAt, Instant until) {
		revoke(Revocation.token(token, userId, revokedAt, until));
	}

	/**
	 * Revokes one session.
	 * @param sessionId the session id
	 * @param userId the session's user, when known
	 * @param revokedAt when the session was revoked
	 * @param until when the entry may be forgotten
	 * @see Revocation#session(String, String, Instant, Instant)
	 */
	default void revokeSession(String sessionId, @Nullable String userId, Instant revokedAt, Instant until) {
		revoke(Revocation.session(sessionId, userId, revokedAt, until));
	}

	/**
	 * Revokes one session, with no fail-safe rule for tokens that carry no session id.
	 * @param sessionId the session id
	 * @param until when the entry may be forgotten
	 */
	default void revokeSession(String sessionId, Instant until) {
		revoke(Revocation.session(sessionId, null, until, until));
	}

	/**
	 * Refuses the user's tokens issued at or before {@code revokedAt}.
	 * @param userId the user id
	 * @param revokedAt when the user was revoked
	 * @param until when the entry may be forgotten
	 */
	default void revokeUser(String userId, Instant revokedAt, Instant until) {
		revoke(Revocation.user(userId, revokedAt, until));
	}

	/**
	 * Revokes one credential.
	 * @param credentialId the credential id
	 * @param userId the credential's user, when known
	 * @param revokedAt when the credential was revoked
	 * @param until when the entry may be forgotten
	 * @see Revocation#credential(String, String, Instant, Instant)
	 */
	default void revokeCredential(String credentialId, @Nullable String userId, Instant revokedAt, Instant until) {
		revoke(Revocation.credential(credentialId, userId, revokedAt, until));
	}

	/**
	 * A snapshot of the store, read from memory without I/O, for health and metrics.
	 * @return the status, {@code null} (the default) when the store does not tell
	 * @since 0.2.0
	 */
	default @Nullable RevocationStoreStatus status() {
		return null;
	}

}
