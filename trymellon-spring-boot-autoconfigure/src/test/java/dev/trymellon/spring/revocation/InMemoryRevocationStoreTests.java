package dev.trymellon.spring.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.testfixtures.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class InMemoryRevocationStoreTests {

	private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

	private static final Instant UNTIL = NOW.plus(Duration.ofHours(24));

	private static final Duration SKEW = Duration.ofSeconds(30);

	private final MutableClock clock = new MutableClock(NOW);

	private final InMemoryRevocationStore store = new InMemoryRevocationStore(this.clock, SKEW, List.of());

	/** A session as the verifier builds it: the session id set, claims as given. */
	static TryMellonSession session(String userId, Instant issuedAt, @Nullable String sessionId, String... claims) {
		Map<String, Object> raw = new LinkedHashMap<>();
		raw.put("sub", userId);
		for (int i = 0; i < claims.length; i += 2) {
			raw.put(claims[i], claims[i + 1]);
		}
		return TryMellonSession.builder(userId)
			.issuedAt(issuedAt)
			.expiresAt(issuedAt.plusSeconds(3600))
			.sessionId(sessionId)
			.tokenId((raw.get("jti") instanceof String jti) ? jti : null)
			.claims(raw)
			.build();
	}

	static TryMellonSession session(String userId, Instant issuedAt) {
		return session(userId, issuedAt, null);
	}

	@Test
	void isRevokedWhenEmptyThenFalse() {
		assertThat(this.store.isRevoked(session("user_1", NOW, "sess_1"))).isFalse();
		assertThat(this.store.size()).isZero();
	}

	@Test
	void isRevokedWhenSessionRevokedThenTokenWithThatSessionIdIsRefused() {
		this.store.revokeSession("sess_1", "user_1", NOW, UNTIL);
		assertThat(this.store.isRevoked(session("user_1", NOW.minusSeconds(60), "sess_1"))).isTrue();
		// Exact match on the session id, whatever the token's issue time.
		assertThat(this.store.isRevoked(session("user_1", NOW.plusSeconds(600), "sess_1"))).isTrue();
	}

	@Test
	void isRevokedWhenOtherSessionOfSameUserThenAccepted() {
		this.store.revokeSession("sess_1", "user_1", NOW, UNTIL);
		assertThat(this.store.isRevoked(session("user_1", NOW.minusSeconds(60), "sess_2"))).isFalse();
	}

	@Test
	void isRevokedWhenTokenCarriesNoSessionIdThenUsersEarlierTokensAreRefused() {
		this.store.revokeSession("sess_1", "user_1", NOW, UNTIL);
		assertThat(this.store.isRevoked(session("user_1", NOW.minusSeconds(60)))).isTrue();
		assertThat(this.store.isRevoked(session("user_1", NOW))).isTrue();
		assertThat(this.store.isRevoked(session("user_1", NOW.plusSeconds(1)))).isFalse();
		assertThat(this.store.isRevoked(session("user_2", NOW.minusSeconds(60)))).isFalse();
	}

	@Test
	void isRevokedWhenTokenCarriesOnlyAJtiThenTheFailSafeRuleRefusesIt() {
		this.store.revokeSession("sess_1", "user_1", NOW, UNTIL);
		// A jti is a token id, not a session id: it does not exempt the token.
		assertThat(this.store.isRevoked(session("user_1", NOW.minusSeconds(60), null, "jti", "tok_1"))).isTrue();
		// Nor does a jti that happens to equal the revoked id make a later token match.
		assertThat(this.store.isRevoked(session("user_1", NOW.plusSeconds(60), null, "jti", "sess_1"))).isFalse();
	}

	@Test
	void isRevokedReadsTheSessionIdOfTheSessionNotItsClaims() {
		this.store.revokeSession("sess_1", "user_1", NOW, UNTIL);
		// 'sid' in the claims but no session id: the verifier was told another claim
		// holds it, so the token carries none and falls under the fail-safe rule.
		assertThat(this.store.isRevoked(session("user_1", NOW.minusSeconds(60), null, "sid", "sess_2"))).isTrue();
		// The session id decides, not a claim that disagrees with it.
		assertThat(this.store.isRevoked(session("user_1", NOW.minusSeconds(60), "sess_2", "sid", "sess_1"))).isFalse();
	}

	@Test
	void isRevokedWhenSessionRevokedWithoutUserThenTokensWithoutSessionIdAreAccepted() {
		this.store.revokeSession("sess_1", UNTIL);
		assertThat(this.store.isRevoked(session("user_1", NOW.minusSeconds(60)))).isFalse();
		assertThat(this.store.isRevoked(session("user_1", NOW.minusSeconds(60), "sess_1"))).isTrue();
	}

	@Test
	void isRevokedWhenSessionFailSafeThenTheCutOffIsExactWithoutTheSkew() {
		this.store.revokeSession("sess_1", "user_1", NOW, UNTIL);
		// The user signs in again one second after the revocation: accepted, although
		// that is within the clock skew (the documented choice for this rule).
		assertThat(this.store.isRevoked(session("user_1", NOW.plusSeconds(1)))).isFalse();
		assertThat(this.store.isRevoked(session("user_1", NOW.plus(SKEW)))).isFalse();
	}

	@Test
	void isRevokedWhenTokenIssuedInTheSameSecondAsTheRevocationThenRefused() {
		Instant revokedAt = NOW.plusMillis(700);
		this.store.revokeSession("sess_1", "user_1", revokedAt, UNTIL);
		// 'iat' has whole seconds: a token issued at 10:00:00.900, after the revocation,
		// carries iat 10:00:00 and cannot be told apart from one issued before it.
		assertThat(this.store.isRevoked(session("user_1", NOW))).isTrue();
		// A session with a finer issue time is compared at the same precision.
		assertThat(this.store.isRevoked(session("user_1", NOW.plusMillis(900)))).isTrue();
		// From the next second on, sign-ins are accepted.
		assertThat(this.store.isRevoked(session("user_1", NOW.plusSeconds(1)))).isFalse();
	}

	@Test
	void isRevokedWhenUserLockedThenOlderTokensRefusedAndNewerAccepted() {
		this.store.revokeUser("user_1", NOW, UNTIL);
		assertThat(this.store.isRevoked(session("user_1", NOW.minusSeconds(3599), "sess_9"))).isTrue();
		assertThat(this.store.isRevoked(session("user_1", NOW))).isTrue();
		assertThat(this.store.isRevoked(session("user_1", NOW.plus(SKEW).plusSeconds(1), "sess_9"))).isFalse();
		assertThat(this.store.isRevoked(session("user_2", NOW.minusSeconds(60)))).isFalse();
	}

	@Test
	void isRevokedWhenUserLockedThenTokenIssuedWithinTheSkewAfterTheLockIsRefused() {
		this.store.revokeUser("user_1", NOW, UNTIL);
		// Issued just before the lock by a TryMellon node whose clock is 25 s ahead.
		assertThat(this.store.isRevoked(session("user_1", NOW.plusSeconds(25), "sess_9"))).isTrue();
		assertThat(this.store.isRevoked(session("user_1", NOW.plus(SKEW)))).isTrue();
		assertThat(this.store.isRevoked(session("user_1", NOW.plus(SKEW).plusSeconds(1)))).isFalse();
	}

	@Test
	void isRevokedWhenNoSkewThenUserCutOffIsTheLockTime() {
		InMemoryRevocationStore exact = new InMemoryRevocationStore(this.clock, Duration.ZERO, List.of());
		exact.revokeUser("user_1", NOW, UNTIL);
		assertThat(exact.isRevoked(session("user_1", NOW))).isTrue();
		assertThat(exact.isRevoked(session("user_1", NOW.plusSeconds(1)))).isFalse();
	}

	@Test
	void isRevokedWhenUserLockedTwiceThenLaterLockWins() {
		this.store.revokeUser("user_1", NOW.plusSeconds(120), UNTIL);
		this.store.revokeUser("user_1", NOW, UNTIL);
		assertThat(this.store.isRevoked(session("user_1", NOW.plusSeconds(60)))).isTrue();
		assertThat(this.store.isRevoked(session("user_1", NOW.plusSeconds(121).plus(SKEW)))).isFalse();
	}

	@Test
	void isRevokedWhenCredentialRevokedWithoutCredentialClaimThenUsersEarlierTokensRefused() {
		this.store.revokeCredential("cred_1", "user_1", NOW, UNTIL);
		assertThat(this.store.isRevoked(session("user_1", NOW.minusSeconds(60), "sess_1"))).isTrue();
		assertThat(this.store.isRevoked(session("user_1", NOW.plusSeconds(25), "sess_1"))).isTrue();
		assertThat(this.store.isRevoked(session("user_1", NOW.plus(SKEW).plusSeconds(1)))).isFalse();
		assertThat(this.store.isRevoked(session("user_2", NOW.minusSeconds(60)))).isFalse();
	}

	@Test
	void isRevokedWhenCredentialClaimConfiguredThenOnlyThatCredentialsTokensRefused() {
		InMemoryRevocationStore custom = new InMemoryRevocationStore(this.clock, SKEW, List.of("cid"));
		custom.revokeCredential("cred_1", "user_1", NOW, UNTIL);
		assertThat(custom.isRevoked(session("user_1", NOW.minusSeconds(60), null, "cid", "cred_1"))).isTrue();
		assertThat(custom.isRevoked(session("user_1", NOW.minusSeconds(60), null, "cid", "cred_2"))).isFalse();
		assertThat(custom.isRevoked(session("user_1", NOW.minusSeconds(60)))).isTrue();
		assertThat(custom.isRevoked(session("user_1", NOW.plusSeconds(25)))).isTrue();
	}

	@Test
	void isRevokedWhenEntryExpiredThenAcceptedAndPurgedOnNextWrite() {
		this.store.revokeSession("sess_1", "user_1", NOW, NOW.plusSeconds(3600));
		this.store.revokeUser("user_2", NOW, NOW.plusSeconds(3600));
		TryMellonSession revoked = session("user_1", NOW.minusSeconds(60), "sess_1");
		TryMellonSession locked = session("user_2", NOW.minusSeconds(60));
		this.clock.advance(Duration.ofSeconds(3599));
		assertThat(this.store.isRevoked(revoked)).isTrue();
		assertThat(this.store.isRevoked(locked)).isTrue();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.store.isRevoked(revoked)).isFalse();
		assertThat(this.store.isRevoked(locked)).isFalse();
		assertThat(this.store.size()).isEqualTo(3);
		this.store.revokeUser("user_3", NOW, this.clock.instant().plusSeconds(60));
		assertThat(this.store.size()).isEqualTo(1);
	}

	@Test
	void manyWritesInOneSecondPurgeOnceSoThatABulkLoadIsLinear() {
		int revocations = 100_000;
		// Purging on every write made this quadratic: minutes, not milliseconds.
		assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
			for (int i = 0; i < revocations; i++) {
				this.store.revokeSession("sess_" + i, "user_" + i, NOW, UNTIL);
			}
		});
		assertThat(this.store.size()).isEqualTo(2 * revocations);
		// An entry expired less than a second after the last purge is purged by the
		// first write a second after it.
		this.store.revokeUser("user_short", NOW, NOW.plusMillis(500));
		this.clock.advance(Duration.ofMillis(600));
		this.store.revokeUser("user_a", NOW, UNTIL);
		assertThat(this.store.size()).isEqualTo(2 * revocations + 2);
		this.clock.advance(Duration.ofMillis(400));
		this.store.revokeUser("user_b", NOW, UNTIL);
		assertThat(this.store.size()).isEqualTo(2 * revocations + 2);
	}

	@Test
	void revokeWhenAlreadyExpiredThenNothingIsStored() {
		this.store.revokeUser("user_1", NOW.minusSeconds(7200), NOW.minusSeconds(1));
		assertThat(this.store.size()).isZero();
		assertThat(this.store.isRevoked(session("user_1", NOW.minusSeconds(8000)))).isFalse();
	}

	@Test
	void createWhenSkewNegativeThenRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new InMemoryRevocationStore(Clock.systemUTC(), Duration.ofSeconds(-1), List.of()))
			.withMessage("clockSkew cannot be negative");
	}

}
