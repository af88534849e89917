package dev.trymellon.spring.revocation;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.session.TryMellonSession;

import org.springframework.util.Assert;

/**
 * A {@link RevocationStore} in this JVM's memory: the default for a single instance, and
 * the local view every replica keeps in front of a shared store.
 * <p>
 * Entries sit in {@link ConcurrentHashMap}s keyed by id; {@link #isRevoked} is a handful
 * of lock-free lookups (none at all while the store is empty). An entry stops matching
 * once its {@code until} has passed on the store's clock, and expired entries are
 * purged on writes, at most once a second of that clock, so that loading {@code N}
 * revocations at once (a replica's resync) takes time linear in {@code N}, not
 * quadratic.
 * <p>
 * Single tokens ({@link Revocation.Kind#TOKEN}) are matched by
 * {@link #isTokenRevoked(String)} on their hash, which is computed only while at least
 * one token revocation is held.
 * <p>
 * Sessions are matched on {@link TryMellonSession#getSessionId()}, the one definition of
 * a session id (the verifier fills it from the configured session-id claims); the store
 * reads no claim for it. Issue times are compared at whole-second precision, the
 * precision of {@code iat}. The per-user rules of {@link Revocation.Kind#USER} and
 * {@link Revocation.Kind#CREDENTIAL} refuse tokens issued up to the clock skew after the
 * revocation, since a TryMellon node whose clock is ahead stamps a later {@code iat};
 * the session fail-safe rule does not (see {@link Revocation.Kind#SESSION}).
 *
 * @author TryMellon
 * @since 0.1.0
 */
public final class InMemoryRevocationStore implements RevocationStore {

	/**
	 * The clock skew of {@link #InMemoryRevocationStore()}: the default of
	 * {@code trymellon.token.clock-skew}.
	 * @since 0.2.0
	 */
	public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);

	private static final long PURGE_INTERVAL_MILLIS = 1000;

	private final Clock clock;

	/** The clock skew in milliseconds. */
	private final long skew;

	private final String[] credentialIdClaims;

	/** Session id to the end of its entry, in epoch milliseconds. */
	private final Map<String, Long> sessions = new ConcurrentHashMap<>();

	/** Credential id to the end of its entry. */
	private final Map<String, Long> credentials = new ConcurrentHashMap<>();

	/** Token hash to the end of its entry. */
	private final Map<String, Long> tokens = new ConcurrentHashMap<>();

	/** User id to a per-user mark, one map per rule. */
	private final Map<String, Mark> users = new ConcurrentHashMap<>();

	private final Map<String, Mark> sessionFallbacks = new ConcurrentHashMap<>();

	private final Map<String, Mark> credentialFallbacks = new ConcurrentHashMap<>();

	private volatile boolean empty = true;

	/** When the next write purges expired entries, in epoch milliseconds. */
	private volatile long nextPurge;

	/**
	 * Creates a store on the UTC system clock with the {@link #DEFAULT_CLOCK_SKEW default
	 * clock skew} and no credential claim.
	 */
	public InMemoryRevocationStore() {
		this(Clock.systemUTC(), DEFAULT_CLOCK_SKEW, List.of());
	}

	/**
	 * Creates a store.
	 * @param clock the clock entries expire on
	 * @param clockSkew the allowed clock difference with TryMellon (the verifier's): the
	 * per-user rules refuse tokens issued up to this long after the revocation
	 * @param credentialIdClaims the token claims that may hold the credential id; empty
	 * for none
	 * @since 0.2.0
	 */
	public InMemoryRevocationStore(Clock clock, Duration clockSkew, Collection<String> credentialIdClaims) {
		Assert.notNull(clock, "clock cannot be null");
		Assert.isTrue(clockSkew != null && !clockSkew.isNegative(), "clockSkew cannot be negative");
		this.clock = clock;
		this.skew = clockSkew.toMillis();
		this.credentialIdClaims = names(credentialIdClaims, "credentialIdClaims");
	}

	private static String[] names(Collection<String> names, String what) {
		Assert.notNull(names, () -> what + " cannot be null");
		List<String> result = new ArrayList<>();
		for (String name : names) {
			Assert.hasText(name, () -> what + " cannot contain an empty name");
			result.add(name.trim());
		}
		return result.toArray(new String[0]);
	}

	@Override
	public void revoke(Revocation revocation) {
		Assert.notNull(revocation, "revocation cannot be null");
		long now = this.clock.millis();
		if (now >= this.nextPurge) {
			this.nextPurge = now + PURGE_INTERVAL_MILLIS;
			purge(now);
		}
		long until = revocation.until().toEpochMilli();
		if (until <= now) {
			return;
		}
		long revokedAt = revocation.revokedAt().toEpochMilli();
		String userId = revocation.userId();
		switch (revocation.kind()) {
			case USER -> merge(this.users, revocation.id(), revokedAt, until);
			case SESSION -> {
				this.sessions.merge(revocation.id(), until, Math::max);
				if (userId != null) {
					merge(this.sessionFallbacks, userId, revokedAt, until);
				}
			}
			case CREDENTIAL -> {
				this.credentials.merge(revocation.id(), until, Math::max);
				if (userId != null) {
					merge(this.credentialFallbacks, userId, revokedAt, until);
				}
			}
			case TOKEN -> this.tokens.merge(revocation.id(), until, Math::max);
		}
		this.empty = false;
	}

	private static void merge(Map<String, Mark> marks, String userId, long revokedAt, long until) {
		marks.merge(userId, new Mark(revokedAt, until),
				(a, b) -> new Mark(Math.max(a.revokedAt, b.revokedAt), Math.max(a.until, b.until)));
	}

	@Override
	public boolean isRevoked(TryMellonSession session) {
		if (this.empty) {
			return false;
		}
		long now = this.clock.millis();
		String userId = session.getUserId();
		// Whole seconds, as in 'iat': a token issued in the same second as a revocation
		// cannot be shown to be later, so it is refused.
		long issuedAt = session.getIssuedAt().getEpochSecond() * 1000;
		// A token issued up to the skew after the revocation may have been stamped by a
		// TryMellon node whose clock is ahead: the per-user rules refuse it too.
		long issuedAtLessSkew = issuedAt - this.skew;
		if (matches(this.users.get(userId), issuedAtLessSkew, now)) {
			return true;
		}
		return isSessionRevoked(session.getSessionId(), userId, issuedAt, now)
				|| isCredentialRevoked(session, userId, issuedAtLessSkew, now);
	}

	@Override
	public boolean isRevokedOnlyByFailSafe(TryMellonSession session) {
		if (this.empty || this.sessionFallbacks.isEmpty()) {
			return false;
		}
		String sessionId = session.getSessionId();
		if (sessionId != null && !sessionId.isEmpty()) {
			return false;
		}
		long now = this.clock.millis();
		String userId = session.getUserId();
		long issuedAt = session.getIssuedAt().getEpochSecond() * 1000;
		long issuedAtLessSkew = issuedAt - this.skew;
		return matches(this.sessionFallbacks.get(userId), issuedAt, now)
				&& !matches(this.users.get(userId), issuedAtLessSkew, now)
				&& !isCredentialRevoked(session, userId, issuedAtLessSkew, now);
	}

	/**
	 * Whether the token's hash has an entry that has not expired. The token is hashed
	 * only while the store holds at least one token revocation.
	 * @param token the raw token
	 * @return {@code true} when the token must be refused
	 * @since 0.2.0
	 */
	@Override
	public boolean isTokenRevoked(String token) {
		if (this.tokens.isEmpty()) {
			return false;
		}
		Long until = this.tokens.get(Revocation.tokenHash(token));
		return until != null && until > this.clock.millis();
	}

	private boolean isSessionRevoked(@Nullable String sessionId, String userId, long issuedAt, long now) {
		if (this.sessions.isEmpty() && this.sessionFallbacks.isEmpty()) {
			return false;
		}
		if (sessionId != null && !sessionId.isEmpty()) {
			Long until = this.sessions.get(sessionId);
			return until != null && until > now;
		}
		// Fail safe, with the exact cut-off: see Revocation.Kind.SESSION.
		return matches(this.sessionFallbacks.get(userId), issuedAt, now);
	}

	private boolean isCredentialRevoked(TryMellonSession session, String userId, long issuedAtLessSkew, long now) {
		if (this.credentials.isEmpty() && this.credentialFallbacks.isEmpty()) {
			return false;
		}
		boolean carriesId = false;
		for (String claim : this.credentialIdClaims) {
			if (session.getClaim(claim) instanceof String value && !value.isEmpty()) {
				carriesId = true;
				Long until = this.credentials.get(value);
				if (until != null && until > now) {
					return true;
				}
			}
		}
		return !carriesId && matches(this.credentialFallbacks.get(userId), issuedAtLessSkew, now);
	}

	private static boolean matches(@Nullable Mark mark, long issuedAt, long now) {
		return mark != null && mark.until > now && issuedAt <= mark.revokedAt;
	}

	private void purge(long now) {
		this.sessions.values().removeIf((until) -> until <= now);
		this.credentials.values().removeIf((until) -> until <= now);
		this.tokens.values().removeIf((until) -> until <= now);
		this.users.values().removeIf((mark) -> mark.until <= now);
		this.sessionFallbacks.values().removeIf((mark) -> mark.until <= now);
		this.credentialFallbacks.values().removeIf((mark) -> mark.until <= now);
	}

	/**
	 * Returns how many entries are held, expired ones not yet purged included.
	 * @return the number of entries
	 */
	public int size() {
		return this.sessions.size() + this.credentials.size() + this.tokens.size() + this.users.size()
				+ this.sessionFallbacks.size() + this.credentialFallbacks.size();
	}

	@Override
	public RevocationStoreStatus status() {
		return RevocationStoreStatus.memory(size());
	}

	@Override
	public String toString() {
		return "InMemoryRevocationStore[" + size() + " entries]";
	}

	private record Mark(long revokedAt, long until) {
	}

}
