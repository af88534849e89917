package dev.trymellon.spring.revocation;

import java.time.Clock;
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
 * purged on every write.
 *
 * @author TryMellon
 * @since 0.1.0
 */
public final class InMemoryRevocationStore implements RevocationStore {

	/**
	 * The default session-id claims.
	 */
	public static final List<String> DEFAULT_SESSION_ID_CLAIMS = List.of("sid", "session_id", "jti");

	private final Clock clock;

	private final String[] sessionIdClaims;

	private final String[] credentialIdClaims;

	/** Session id to the end of its entry, in epoch milliseconds. */
	private final Map<String, Long> sessions = new ConcurrentHashMap<>();

	/** Credential id to the end of its entry. */
	private final Map<String, Long> credentials = new ConcurrentHashMap<>();

	/** User id to a per-user mark, one map per rule. */
	private final Map<String, Mark> users = new ConcurrentHashMap<>();

	private final Map<String, Mark> sessionFallbacks = new ConcurrentHashMap<>();

	private final Map<String, Mark> credentialFallbacks = new ConcurrentHashMap<>();

	private volatile boolean empty = true;

	/**
	 * Creates a store matching sessions on the {@link #DEFAULT_SESSION_ID_CLAIMS default
	 * claims} and no credential claim, on the UTC system clock.
	 */
	public InMemoryRevocationStore() {
		this(Clock.systemUTC(), DEFAULT_SESSION_ID_CLAIMS, List.of());
	}

	/**
	 * Creates a store.
	 * @param clock the clock entries expire on
	 * @param sessionIdClaims the token claims that may hold the session id
	 * @param credentialIdClaims the token claims that may hold the credential id; empty
	 * for none
	 */
	public InMemoryRevocationStore(Clock clock, Collection<String> sessionIdClaims,
			Collection<String> credentialIdClaims) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
		this.sessionIdClaims = names(sessionIdClaims, "sessionIdClaims");
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
		purge(now);
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
		long issuedAt = session.getIssuedAt().toEpochMilli();
		if (matches(this.users.get(userId), issuedAt, now)) {
			return true;
		}
		return isRevoked(session, this.sessionIdClaims, this.sessions, this.sessionFallbacks, userId, issuedAt, now)
				|| isRevoked(session, this.credentialIdClaims, this.credentials, this.credentialFallbacks, userId,
						issuedAt, now);
	}

	private static boolean isRevoked(TryMellonSession session, String[] claims, Map<String, Long> ids,
			Map<String, Mark> fallbacks, String userId, long issuedAt, long now) {
		if (ids.isEmpty() && fallbacks.isEmpty()) {
			return false;
		}
		boolean carriesId = false;
		for (String claim : claims) {
			if (session.getClaim(claim) instanceof String value && !value.isEmpty()) {
				carriesId = true;
				Long until = ids.get(value);
				if (until != null && until > now) {
					return true;
				}
			}
		}
		return !carriesId && matches(fallbacks.get(userId), issuedAt, now);
	}

	private static boolean matches(@Nullable Mark mark, long issuedAt, long now) {
		return mark != null && mark.until > now && issuedAt <= mark.revokedAt;
	}

	private void purge(long now) {
		this.sessions.values().removeIf((until) -> until <= now);
		this.credentials.values().removeIf((until) -> until <= now);
		this.users.values().removeIf((mark) -> mark.until <= now);
		this.sessionFallbacks.values().removeIf((mark) -> mark.until <= now);
		this.credentialFallbacks.values().removeIf((mark) -> mark.until <= now);
	}

	/**
	 * Returns how many entries are held, expired ones not yet purged included.
	 * @return the number of entries
	 */
	public int size() {
		return this.sessions.size() + this.credentials.size() + this.users.size() + this.sessionFallbacks.size()
				+ this.credentialFallbacks.size();
	}

	@Override
	public String toString() {
		return "InMemoryRevocationStore[" + size() + " entries]";
	}

	private record Mark(long revokedAt, long until) {
	}

}
