package dev.trymellon.spring.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.testfixtures.MutableClock;

import static dev.trymellon.spring.revocation.InMemoryRevocationStoreTests.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The edges of the in-memory store's rules: the exact end of an entry, purging of every
 * kind of entry, the fail-safe question, and argument checks.
 */
class InMemoryRevocationStoreEdgeTests {

	private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

	private static final Instant UNTIL = NOW.plus(Duration.ofHours(24));

	private static final Duration SKEW = Duration.ofSeconds(30);

	private final MutableClock clock = new MutableClock(NOW);

	private final InMemoryRevocationStore store = new InMemoryRevocationStore(this.clock, SKEW, List.of());

	private final InMemoryRevocationStore credentialStore = new InMemoryRevocationStore(this.clock, SKEW,
			List.of(" cred_id "));

	@Test
	void revokeWhenUntilIsNowThenNothingIsStored() {
		this.store.revokeSession("sess_1", "user_1", NOW.minusSeconds(60), NOW);
		assertThat(this.store.size()).isZero();
		assertThat(this.store.isRevoked(session("user_1", NOW.minusSeconds(120), "sess_1"))).isFalse();
	}

	@Test
	void revokeWhenUntilOneMillisecondAheadThenStoredUntilExactlyThen() {
		this.store.revokeSession("sess_1", null, NOW, NOW.plusMillis(1));
		TryMellonSession token = session("user_1", NOW.minusSeconds(60), "sess_1");
		assertThat(this.store.size()).isOne();
		assertThat(this.store.isRevoked(token)).isTrue();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(this.store.isRevoked(token)).isFalse();
	}

	@Test
	void isRevokedWhenSessionRevokedWithoutUserThenItsTokensAreRefused() {
		this.store.revokeSession("sess_1", null, NOW, UNTIL);
		assertThat(this.store.size()).isOne();
		assertThat(this.store.isRevoked(session("user_1", NOW.minusSeconds(60), "sess_1"))).isTrue();
		assertThat(this.store.isRevoked(session("user_1", NOW.minusSeconds(60), "sess_2"))).isFalse();
	}

	@Test
	void isRevokedWhenCredentialRevokedWithoutUserThenTokensCarryingItAreRefused() {
		this.credentialStore.revokeCredential("cred_1", null, NOW, UNTIL);
		assertThat(this.credentialStore.size()).isOne();
		assertThat(this.credentialStore.isRevoked(session("user_1", NOW.minusSeconds(60), null, "cred_id", "cred_1")))
			.isTrue();
		assertThat(this.credentialStore.isRevoked(session("user_1", NOW.minusSeconds(60), null, "cred_id", "cred_2")))
			.isFalse();
		// no fail-safe mark without a user: a token without the claim is accepted
		assertThat(this.credentialStore.isRevoked(session("user_1", NOW.minusSeconds(60)))).isFalse();
	}

	@Test
	void isRevokedWhenCredentialEntryEndsThenTokensCarryingItAreAcceptedFromThatMillisecond() {
		this.credentialStore.revokeCredential("cred_1", null, NOW, NOW.plusSeconds(10));
		TryMellonSession token = session("user_1", NOW.minusSeconds(60), null, "cred_id", "cred_1");
		this.clock.advance(Duration.ofMillis(9_999));
		assertThat(this.credentialStore.isRevoked(token)).isTrue();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(this.credentialStore.isRevoked(token)).isFalse();
	}

	@Test
	void isRevokedWhenCredentialClaimEmptyThenTheFailSafeRuleApplies() {
		this.credentialStore.revokeCredential("cred_1", "user_1", NOW, UNTIL);
		assertThat(this.credentialStore.isRevoked(session("user_1", NOW.minusSeconds(60), null, "cred_id", "")))
			.isTrue();
		assertThat(this.credentialStore.isRevoked(session("user_1", NOW.plusSeconds(31), null, "cred_id", "")))
			.isFalse();
	}

	@Test
	void purgeWhenEveryKindOfEntryHasEndedThenAllAreDropped() {
		Instant end = NOW.plusSeconds(10);
		this.credentialStore.revokeSession("sess_1", "user_1", NOW, end);
		this.credentialStore.revokeCredential("cred_1", "user_2", NOW, end);
		this.credentialStore.revokeUser("user_3", NOW, end);
		this.credentialStore.revokeToken("token-1", "user_4", NOW, end);
		// session + its fail-safe mark, credential + its mark, user, token
		assertThat(this.credentialStore.size()).isEqualTo(6);
		assertThat(this.credentialStore).hasToString("InMemoryRevocationStore[6 entries]");
		this.clock.advance(Duration.ofSeconds(10));
		// exactly at their end: purged by the next write
		this.credentialStore.revokeUser("user_5", NOW, UNTIL);
		assertThat(this.credentialStore.size()).isOne();
		assertThat(this.credentialStore.status().size()).isOne();
	}

	@Test
	void purgeWhenEntriesEndOneMillisecondLaterThenTheyAreKept() {
		Instant end = NOW.plusSeconds(10).plusMillis(1);
		this.credentialStore.revokeSession("sess_1", "user_1", NOW, end);
		this.credentialStore.revokeCredential("cred_1", "user_2", NOW, end);
		this.credentialStore.revokeUser("user_3", NOW, end);
		this.credentialStore.revokeToken("token-1", "user_4", NOW, end);
		this.clock.advance(Duration.ofSeconds(10));
		this.credentialStore.revokeUser("user_5", NOW, UNTIL);
		assertThat(this.credentialStore.size()).isEqualTo(7);
	}

	@Test
	void sizeCountsEachKindOfEntry() {
		this.credentialStore.revokeToken("token-1", null, NOW, UNTIL);
		assertThat(this.credentialStore.size()).isOne();
		this.credentialStore.revokeCredential("cred_1", null, NOW, UNTIL);
		assertThat(this.credentialStore.size()).isEqualTo(2);
		this.credentialStore.revokeCredential("cred_2", "user_1", NOW, UNTIL);
		assertThat(this.credentialStore.size()).isEqualTo(4);
		this.credentialStore.revokeUser("user_2", NOW, UNTIL);
		assertThat(this.credentialStore.size()).isEqualTo(5);
		this.credentialStore.revokeSession("sess_1", null, NOW, UNTIL);
		assertThat(this.credentialStore.size()).isEqualTo(6);
		this.credentialStore.revokeSession("sess_2", "user_3", NOW, UNTIL);
		assertThat(this.credentialStore.size()).isEqualTo(8);
	}

	@Test
	void isRevokedOnlyByFailSafeWhenEmptyOrNoSessionMarkThenFalse() {
		TryMellonSession token = session("user_1", NOW.minusSeconds(60));
		assertThat(this.store.isRevokedOnlyByFailSafe(token)).isFalse();
		this.store.revokeUser("user_1", NOW, UNTIL);
		assertThat(this.store.isRevoked(token)).isTrue();
		assertThat(this.store.isRevokedOnlyByFailSafe(token)).isFalse();
	}

	@Test
	void isRevokedOnlyByFailSafeWhenTheSessionMarkAloneRefusesThenTrue() {
		this.store.revokeSession("sess_1", "user_1", NOW, UNTIL);
		TryMellonSession token = session("user_1", NOW.minusSeconds(60));
		assertThat(this.store.isRevoked(token)).isTrue();
		assertThat(this.store.isRevokedOnlyByFailSafe(token)).isTrue();
		// a token with a session id is never refused by the fail-safe rule
		assertThat(this.store.isRevokedOnlyByFailSafe(session("user_1", NOW.minusSeconds(60), "sess_2"))).isFalse();
		// nor one issued after the revocation
		assertThat(this.store.isRevokedOnlyByFailSafe(session("user_1", NOW.plusSeconds(1)))).isFalse();
	}

	@Test
	void isRevokedOnlyByFailSafeWhenTheUserRuleAlsoRefusesWithinTheSkewThenFalse() {
		this.store.revokeSession("sess_1", "user_1", NOW.plusSeconds(60), UNTIL);
		this.store.revokeUser("user_1", NOW, UNTIL);
		// issued 20 s after the lock: within the skew, so the user rule refuses it too
		TryMellonSession token = session("user_1", NOW.plusSeconds(20));
		assertThat(this.store.isRevokedOnlyByFailSafe(token)).isFalse();
		// issued 40 s after the lock: only the session's fail-safe mark refuses it
		assertThat(this.store.isRevokedOnlyByFailSafe(session("user_1", NOW.plusSeconds(40)))).isTrue();
	}

	@Test
	void isRevokedOnlyByFailSafeWhenTheCredentialRuleAlsoRefusesThenFalse() {
		this.store.revokeSession("sess_1", "user_1", NOW, UNTIL);
		this.store.revokeCredential("cred_1", "user_1", NOW, UNTIL);
		assertThat(this.store.isRevokedOnlyByFailSafe(session("user_1", NOW.minusSeconds(60)))).isFalse();
	}

	@Test
	void createWhenArgumentsInvalidThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new InMemoryRevocationStore(null, SKEW, List.of()))
			.withMessage("clock cannot be null");
		assertThatIllegalArgumentException().isThrownBy(() -> new InMemoryRevocationStore(Clock.systemUTC(), SKEW, null))
			.withMessage("credentialIdClaims cannot be null");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new InMemoryRevocationStore(Clock.systemUTC(), SKEW, Arrays.asList("cred_id", " ")))
			.withMessage("credentialIdClaims cannot contain an empty name");
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.revoke(null))
			.withMessage("revocation cannot be null");
	}

}
