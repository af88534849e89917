package dev.trymellon.spring.revocation;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.testfixtures.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryRevocationStoreTests {

	private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

	private static final Instant UNTIL = NOW.plus(Duration.ofHours(24));

	private final MutableClock clock = new MutableClock(NOW);

	private final InMemoryRevocationStore store = new InMemoryRevocationStore(this.clock,
			InMemoryRevocationStore.DEFAULT_SESSION_ID_CLAIMS, List.of());

	static TryMellonSession session(String userId, Instant issuedAt, String... claims) {
		Map<String, Object> raw = new LinkedHashMap<>();
		raw.put("sub", userId);
		for (int i = 0; i < claims.length; i += 2) {
			raw.put(claims[i], claims[i + 1]);
		}
		return TryMellonSession.builder(userId)
			.issuedAt(issuedAt)
			.expiresAt(issuedAt.plusSeconds(3600))
			.claims(raw)
			.build();
	}

	@Test
	void isRevokedWhenEmptyThenFalse() {
		assertThat(this.store.isRevoked(session("user_1", NOW, "sid", "sess_1"))).isFalse();
		assertThat(this.store.size()).isZero();
	}

	@Test
	void isRevokedWhenSessionRevokedThenTokenCarryingItInAnyDefaultClaimIsRefused() {
		this.store.revokeSession("sess_1", "user_1", NOW, UNTIL);
		assertThat(this.store.isRevoked(session("user_1", NOW.minusSeconds(60), "sid", "sess_1"))).isTrue();
		assertThat(this.store.isRevoked(session("user_1", NOW.minusSeconds(60), "session_id", "sess_1"))).isTrue();
		assertThat(this.store.isRevoked(session("user_1", NOW.minusSeconds(60), "jti", "sess_1"))).isTrue();
	}

	@Test
	void isRevokedWhenOtherSessionOfSameUserThenAccepted() {
		this.store.revokeSession("sess_1", "user_1", NOW, UNTIL);
		assertThat(this.store.isRevoked(session("user_1", NOW.minusSeconds(60), "sid", "sess_2"))).isFalse();
	}

	@Test
	void isRevokedWhenTokenCarriesNoSessionClaimThenUsersEarlierTokensAreRefused() {
		this.store.revokeSession("sess_1", "user_1", NOW, UNTIL);
		assertThat(this.store.isRevoked(session("user_1", NOW.minusSeconds(60)))).isTrue();
		assertThat(this.store.isRevoked(session("user_1", NOW))).isTrue();
		assertThat(this.store.isRevoked(session("user_1", NOW.plusSeconds(1)))).isFalse();
		assertThat(this.store.isRevoked(session("user_2", NOW.minusSeconds(60)))).isFalse();
	}

	@Test
	void isRevokedWhenSessionRevokedWithoutUserThenTokensWithoutClaimAreAccepted() {
		this.store.revokeSession("sess_1", UNTIL);
		assertThat(this.store.isRevoked(session("user_1", NOW.minusSeconds(60)))).isFalse();
		assertThat(this.store.isRevoked(session("user_1", NOW.minusSeconds(60), "sid", "sess_1"))).isTrue();
	}

	@Test
	void isRevokedWhenCustomSessionClaimsThenOnlyThoseAreRead() {
		InMemoryRevocationStore custom = new InMemoryRevocationStore(this.clock, List.of("tm_sid"), List.of());
		custom.revokeSession("sess_1", "user_1", NOW, UNTIL);
		assertThat(custom.isRevoked(session("user_1", NOW.minusSeconds(60), "tm_sid", "sess_1"))).isTrue();
		assertThat(custom.isRevoked(session("user_1", NOW.minusSeconds(60), "tm_sid", "sess_2"))).isFalse();
		// 'sid' is not a session claim here, so this token carries none: fail-safe rule.
		assertThat(custom.isRevoked(session("user_1", NOW.minusSeconds(60), "sid", "sess_2"))).isTrue();
	}

	@Test
	void isRevokedWhenUserLockedThenOlderTokensRefusedAndNewerAccepted() {
		this.store.revokeUser("user_1", NOW, UNTIL);
		assertThat(this.store.isRevoked(session("user_1", NOW.minusSeconds(3599), "sid", "sess_9"))).isTrue();
		assertThat(this.store.isRevoked(session("user_1", NOW))).isTrue();
		assertThat(this.store.isRevoked(session("user_1", NOW.plusSeconds(1), "sid", "sess_9"))).isFalse();
		assertThat(this.store.isRevoked(session("user_2", NOW.minusSeconds(60)))).isFalse();
	}

	@Test
	void isRevokedWhenUserLockedTwiceThenLaterLockWins() {
		this.store.revokeUser("user_1", NOW.plusSeconds(120), UNTIL);
		this.store.revokeUser("user_1", NOW, UNTIL);
		assertThat(this.store.isRevoked(session("user_1", NOW.plusSeconds(60)))).isTrue();
		assertThat(this.store.isRevoked(session("user_1", NOW.plusSeconds(121)))).isFalse();
	}

	@Test
	void isRevokedWhenCredentialRevokedWithoutCredentialClaimThenUsersEarlierTokensRefused() {
		this.store.revokeCredential("cred_1", "user_1", NOW, UNTIL);
		assertThat(this.store.isRevoked(session("user_1", NOW.minusSeconds(60), "sid", "sess_1"))).isTrue();
		assertThat(this.store.isRevoked(session("user_1", NOW.plusSeconds(1)))).isFalse();
		assertThat(this.store.isRevoked(session("user_2", NOW.minusSeconds(60)))).isFalse();
	}

	@Test
	void isRevokedWhenCredentialClaimConfiguredThenOnlyThatCredentialsTokensRefused() {
		InMemoryRevocationStore custom = new InMemoryRevocationStore(this.clock, List.of("sid"), List.of("cid"));
		custom.revokeCredential("cred_1", "user_1", NOW, UNTIL);
		assertThat(custom.isRevoked(session("user_1", NOW.minusSeconds(60), "cid", "cred_1"))).isTrue();
		assertThat(custom.isRevoked(session("user_1", NOW.minusSeconds(60), "cid", "cred_2"))).isFalse();
		assertThat(custom.isRevoked(session("user_1", NOW.minusSeconds(60)))).isTrue();
	}

	@Test
	void isRevokedWhenEntryExpiredThenAcceptedAndPurgedOnNextWrite() {
		this.store.revokeSession("sess_1", "user_1", NOW, NOW.plusSeconds(3600));
		this.store.revokeUser("user_2", NOW, NOW.plusSeconds(3600));
		TryMellonSession revoked = session("user_1", NOW.minusSeconds(60), "sid", "sess_1");
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
	void revokeWhenAlreadyExpiredThenNothingIsStored() {
		this.store.revokeUser("user_1", NOW.minusSeconds(7200), NOW.minusSeconds(1));
		assertThat(this.store.size()).isZero();
		assertThat(this.store.isRevoked(session("user_1", NOW.minusSeconds(8000)))).isFalse();
	}

}
