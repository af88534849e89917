package dev.trymellon.spring.revocation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import org.junit.jupiter.api.Test;

import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.session.offline.JwksKeySource;
import dev.trymellon.spring.session.offline.OfflineSessionTokenVerifier;
import dev.trymellon.spring.session.offline.VerifiedTokenCache;
import dev.trymellon.spring.testfixtures.MutableClock;
import dev.trymellon.spring.testfixtures.TestTokens;
import dev.trymellon.spring.webhook.CredentialRevokedEvent;
import dev.trymellon.spring.webhook.RecoveryEnrollmentCompletedEvent;
import dev.trymellon.spring.webhook.SessionLogoutEvent;
import dev.trymellon.spring.webhook.SessionRevokedEvent;
import dev.trymellon.spring.webhook.UnknownWebhookEvent;
import dev.trymellon.spring.webhook.UserLockedEvent;

import static dev.trymellon.spring.testfixtures.TestTokens.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Webhook events through the listener into the store, checked by a real verifier with a
 * verified-token cache.
 */
class RevocationWebhookListenerTests {

	private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

	private final MutableClock clock = new MutableClock(NOW);

	private static final Duration SKEW = Duration.ofSeconds(30);

	private final InMemoryRevocationStore store = new InMemoryRevocationStore(this.clock, SKEW, List.of());

	private final VerifiedTokenCache cache = new VerifiedTokenCache(100);

	private final RevocationWebhookListener listener = new RevocationWebhookListener(this.store, this.cache,
			Duration.ofHours(24), this.clock);

	private final OfflineSessionTokenVerifier verifier = OfflineSessionTokenVerifier
		.withKeys(JwksKeySource.fromJwkSet(TestTokens.publicJwkSet(KEY), Set.of(JWSAlgorithm.RS256)))
		.issuer(TestTokens.ISSUER)
		.audiences(List.of(TestTokens.CLIENT_ID))
		.clock(this.clock)
		.clockSkew(SKEW)
		.cache(this.cache)
		.revocationCheck(this.store::isRevoked)
		.build();

	private void assertRevoked(String token) {
		assertThatExceptionOfType(SessionTokenException.class).isThrownBy(() -> this.verifier.verify(token))
			.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(TryMellonErrorCode.SESSION_REVOKED));
	}

	private static SessionRevokedEvent revoked(String userId, String sessionId, Instant revokedAt) {
		return new SessionRevokedEvent("evt_1", revokedAt, null, null, Map.of(), userId, sessionId, null, "admin",
				"admin", revokedAt);
	}

	@Test
	void sessionRevokedThenCachedTokenOfThatSessionIsEvictedAndRefused() {
		String token = TestTokens.token(NOW.minusSeconds(60), (claims) -> claims.claim("sid", "sess_1"));
		String other = TestTokens.token(NOW.minusSeconds(60), (claims) -> claims.claim("sid", "sess_2"));
		this.verifier.verify(token);
		this.verifier.verify(other);
		assertThat(this.cache.size()).isEqualTo(2);
		this.listener.onSessionRevoked(revoked("user_123", "sess_1", NOW));
		assertThat(this.cache.size()).isEqualTo(1);
		assertRevoked(token);
		assertThat(this.verifier.verify(other).getClaim("sid")).isEqualTo("sess_2");
	}

	@Test
	void asStoreOutageHandlerItAppliesRevocationsAndIgnoresOtherEvents() {
		String revokedSession = TestTokens.token(NOW.minusSeconds(60), (claims) -> claims.claim("sid", "sess_1"));
		String otherSession = TestTokens.token(NOW.minusSeconds(60), (claims) -> claims.claim("sid", "sess_2"));
		this.verifier.verify(revokedSession);
		this.listener.handle(new UnknownWebhookEvent("evt_0", "billing.upgraded", NOW, null, null, Map.of()));
		assertThat(this.store.size()).isZero();
		this.listener.handle(revoked("user_123", "sess_1", NOW));
		int entries = this.store.size();
		assertThat(entries).isPositive();
		// handed over again by the retry: nothing more is stored
		this.listener.handle(revoked("user_123", "sess_1", NOW));
		assertThat(this.store.size()).isEqualTo(entries);
		assertThat(this.cache.size()).isZero();
		assertRevoked(revokedSession);
		assertThat(this.verifier.verify(otherSession).getClaim("sid")).isEqualTo("sess_2");
		this.listener.handle(new UserLockedEvent("evt_3", NOW, null, null, Map.of(), "user_123", null, NOW, "hard",
				null));
		assertRevoked(otherSession);
	}

	@Test
	void sessionLogoutWhenTokensCarryNoSessionClaimThenUsersEarlierTokensRefused() {
		String before = TestTokens.token(NOW.minusSeconds(60));
		this.verifier.verify(before);
		this.listener.onSessionLogout(new SessionLogoutEvent("evt_2", NOW, null, null, Map.of(), "user_123",
				"sess_1", null, NOW));
		assertRevoked(before);
		this.clock.advance(Duration.ofSeconds(5));
		String after = TestTokens.token(this.clock.instant());
		assertThat(this.verifier.verify(after).getUserId()).isEqualTo("user_123");
	}

	@Test
	void sessionRevokedThenTokenCarryingOnlyAJtiIsRefused() {
		String token = TestTokens.token(NOW.minusSeconds(60), (claims) -> claims.jwtID("tok_1"));
		this.verifier.verify(token);
		this.listener.onSessionRevoked(revoked("user_123", "sess_1", NOW));
		assertRevoked(token);
	}

	@Test
	void sessionLogoutThenSignInRightAfterIsAcceptedAndOneInTheSameSecondIsRefused() {
		Instant loggedOutAt = NOW.plusMillis(700);
		this.clock.advance(Duration.ofSeconds(1));
		this.listener.onSessionLogout(new SessionLogoutEvent("evt_2b", loggedOutAt, null, null, Map.of(), "user_123",
				"sess_1", null, loggedOutAt));
		// Signed in again 200 ms after the logout: 'iat' is the same second, refused.
		assertRevoked(TestTokens.token(NOW));
		// Signed in again in the next second: accepted, though within the clock skew.
		assertThat(this.verifier.verify(TestTokens.token(NOW.plusSeconds(1))).getUserId()).isEqualTo("user_123");
	}

	@Test
	void userLockedThenOlderTokensRefusedAndTokensIssuedAfterAccepted() {
		String before = TestTokens.token(NOW.minusSeconds(600), (claims) -> claims.claim("sid", "sess_1"));
		this.verifier.verify(before);
		this.listener.onUserLocked(new UserLockedEvent("evt_3", NOW, null, null, Map.of(), "user_123", null,
				NOW.minusSeconds(1), "hard", null));
		assertRevoked(before);
		this.clock.advance(SKEW);
		String after = TestTokens.token(this.clock.instant(), (claims) -> claims.claim("sid", "sess_2"));
		assertThat(this.verifier.verify(after).getClaim("sid")).isEqualTo("sess_2");
	}

	@Test
	void userLockedThenTokenStampedByATryMellonNodeAheadWithinTheSkewIsRefused() {
		this.listener.onUserLocked(new UserLockedEvent("evt_3b", NOW, null, null, Map.of(), "user_123", null, NOW,
				"hard", null));
		// Issued just before the lock by a node whose clock is 25 s ahead: 'iat' is
		// within the verifier's skew, so only the revocation can refuse it.
		assertRevoked(TestTokens.token(NOW.plusSeconds(25), (claims) -> claims.claim("sid", "sess_1")));
	}

	@Test
	void userLockedWithoutLockTimeThenCreatedAtIsUsed() {
		// Locked at created_at, 60 s ago: with the 30 s skew, tokens issued up to 30 s
		// ago are refused (with 'now' as the lock time, the second one would be too).
		this.listener.onUserLocked(new UserLockedEvent("evt_4", NOW.minusSeconds(60), null, null, Map.of(),
				"user_123", null, null, "soft", null));
		assertRevoked(TestTokens.token(NOW.minusSeconds(31)));
		assertThat(this.verifier.verify(TestTokens.token(NOW.minusSeconds(29))).getUserId()).isEqualTo("user_123");
	}

	@Test
	void credentialRevokedWithoutCredentialClaimThenUsersEarlierTokensRefused() {
		String before = TestTokens.token(NOW.minusSeconds(60), (claims) -> claims.claim("sid", "sess_1"));
		this.listener.onCredentialRevoked(new CredentialRevokedEvent("evt_5", NOW, null, null, Map.of(), "user_123",
				"cred_1", NOW, "user"));
		assertRevoked(before);
		assertRevoked(TestTokens.token(NOW.plusSeconds(25)));
		this.clock.advance(SKEW.plusSeconds(1));
		assertThat(this.verifier.verify(TestTokens.token(this.clock.instant())).getUserId()).isEqualTo("user_123");
	}

	@Test
	void recoveryEnrollmentCompletedThenUsersEarlierTokensRefused() {
		String before = TestTokens.token(NOW.minusSeconds(60), (claims) -> claims.claim("sid", "sess_1"));
		this.listener.onRecoveryEnrollmentCompleted(new RecoveryEnrollmentCompletedEvent("evt_6", NOW, null, null,
				Map.of(), "user_123", "tkt_1", "cred_new", "b2b_enrollment", NOW));
		assertRevoked(before);
	}

	@Test
	void revocationIsForgottenAfterTheRetention() {
		this.listener.onUserLocked(new UserLockedEvent("evt_7", NOW, null, null, Map.of(), "user_123", null, NOW,
				"hard", null));
		assertRevoked(TestTokens.token(NOW.minusSeconds(60)));
		this.clock.advance(SKEW.plusSeconds(1));
		assertThat(this.store.isRevoked(this.verifier.verify(TestTokens.token(this.clock.instant())))).isFalse();
		this.clock.advance(Duration.ofHours(24).minus(SKEW.plusSeconds(1)));
		assertThat(this.store.size()).isEqualTo(1);
		this.listener.onUserLocked(new UserLockedEvent("evt_8", this.clock.instant(), null, null, Map.of(),
				"user_other", null, this.clock.instant(), "hard", null));
		assertThat(this.store.size()).isEqualTo(1);
	}

	@Test
	void eventNamingNobodyThenNothingIsStored() {
		this.listener.onSessionRevoked(revoked(null, null, NOW));
		assertThat(this.store.size()).isZero();
	}

}
