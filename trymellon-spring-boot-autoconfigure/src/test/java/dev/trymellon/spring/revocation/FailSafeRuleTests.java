package dev.trymellon.spring.revocation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.testfixtures.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RevocationStore#isRevokedOnlyByFailSafe}: a refusal by the session fail-safe rule
 * alone, told apart from exact matches (what hybrid validation re-checks remotely).
 */
class FailSafeRuleTests {

	private final MutableClock clock = MutableClock.at("2026-12-01T12:00:00Z");

	private final InMemoryRevocationStore store = new InMemoryRevocationStore(this.clock, Duration.ofSeconds(30),
			List.of("cred"));

	private final Instant now = this.clock.instant();

	private final Instant until = this.now.plus(Duration.ofHours(25));

	private TryMellonSession session(String userId, String sessionId, Instant issuedAt) {
		return TryMellonSession.builder(userId).sessionId(sessionId).issuedAt(issuedAt)
			.expiresAt(issuedAt.plusSeconds(3600))
			.build();
	}

	@Test
	void tokenWithoutSessionIdCaughtByTheFallbackIsOnlyFailSafe() {
		this.store.revokeSession("sess_1", "user_1", this.now, this.until);
		TryMellonSession earlier = session("user_1", null, this.now.minusSeconds(60));
		assertThat(this.store.isRevoked(earlier)).isTrue();
		assertThat(this.store.isRevokedOnlyByFailSafe(earlier)).isTrue();
	}

	@Test
	void tokenWithTheRevokedSessionIdIsAnExactMatch() {
		this.store.revokeSession("sess_1", "user_1", this.now, this.until);
		TryMellonSession exact = session("user_1", "sess_1", this.now.minusSeconds(60));
		assertThat(this.store.isRevoked(exact)).isTrue();
		assertThat(this.store.isRevokedOnlyByFailSafe(exact)).isFalse();
	}

	@Test
	void lockedUserIsAnExactMatchEvenWithAFallback() {
		this.store.revokeSession("sess_1", "user_1", this.now, this.until);
		this.store.revokeUser("user_1", this.now, this.until);
		TryMellonSession earlier = session("user_1", null, this.now.minusSeconds(60));
		assertThat(this.store.isRevoked(earlier)).isTrue();
		assertThat(this.store.isRevokedOnlyByFailSafe(earlier)).isFalse();
	}

	@Test
	void revokedCredentialIsAnExactMatchEvenWithAFallback() {
		this.store.revokeSession("sess_1", "user_1", this.now, this.until);
		this.store.revokeCredential("cred_1", "user_1", this.now, this.until);
		TryMellonSession earlier = session("user_1", null, this.now.minusSeconds(60));
		assertThat(this.store.isRevokedOnlyByFailSafe(earlier)).isFalse();
	}

	@Test
	void laterTokenOrAnotherUserIsNotRefusedAtAll() {
		this.store.revokeSession("sess_1", "user_1", this.now, this.until);
		assertThat(this.store.isRevokedOnlyByFailSafe(session("user_1", null, this.now.plusSeconds(1)))).isFalse();
		assertThat(this.store.isRevokedOnlyByFailSafe(session("user_2", null, this.now.minusSeconds(60)))).isFalse();
	}

	@Test
	void customStoresAnswerNoByDefault() {
		RevocationStore custom = new RevocationStore() {
			@Override
			public void revoke(Revocation revocation) {
			}

			@Override
			public boolean isRevoked(TryMellonSession session) {
				return true;
			}
		};
		assertThat(custom.isRevokedOnlyByFailSafe(session("user_1", null, this.now))).isFalse();
	}

}
