package dev.trymellon.spring.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.trymellon.spring.revocation.Revocation.Kind;
import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.testfixtures.MutableClock;
import dev.trymellon.spring.webhook.CredentialRevokedEvent;
import dev.trymellon.spring.webhook.RecoveryEnrollmentCompletedEvent;
import dev.trymellon.spring.webhook.SessionLogoutEvent;
import dev.trymellon.spring.webhook.SessionRevokedEvent;
import dev.trymellon.spring.webhook.UserLockedEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The exact revocation each event becomes, handed over as a store-outage handler or
 * delivered to its listener method: kind, id, user, time and retention.
 */
class RevocationWebhookListenerMappingTests {

	private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

	private static final Instant AT = NOW.minusSeconds(90);

	private static final Instant CREATED = NOW.minusSeconds(30);

	private static final Duration KEEP = Duration.ofHours(24);

	private final MutableClock clock = new MutableClock(NOW);

	private final RecordingStore store = new RecordingStore();

	private final RevocationWebhookListener listener = new RevocationWebhookListener(this.store, null, KEEP,
			this.clock);

	@Test
	void sessionLogoutHandedOverThenTheSessionIsRevokedAtTheLogoutTime() {
		this.listener.handle(new SessionLogoutEvent("evt_1", CREATED, null, null, Map.of(), "user_1", "sess_1", null,
				AT));
		assertThat(this.store.revocations).containsExactly(Revocation.session("sess_1", "user_1", AT, AT.plus(KEEP)));
	}

	@Test
	void credentialRevokedHandedOverThenTheCredentialIsRevoked() {
		this.listener.handle(new CredentialRevokedEvent("evt_1", CREATED, null, null, Map.of(), "user_1", "cred_1",
				AT, "user"));
		assertThat(this.store.revocations)
			.containsExactly(Revocation.credential("cred_1", "user_1", AT, AT.plus(KEEP)));
	}

	@Test
	void credentialRevokedWithoutOrWithEmptyCredentialIdThenTheUserIsRevoked() {
		this.listener.handle(new CredentialRevokedEvent("evt_1", CREATED, null, null, Map.of(), "user_1", null, AT,
				"user"));
		this.listener.onCredentialRevoked(new CredentialRevokedEvent("evt_2", CREATED, null, null, Map.of(), "user_2",
				"", AT, "user"));
		assertThat(this.store.revocations).containsExactly(Revocation.user("user_1", AT, AT.plus(KEEP)),
				Revocation.user("user_2", AT, AT.plus(KEEP)));
	}

	@Test
	void recoveryEnrollmentCompletedHandedOverThenTheUserIsRevokedAtItsCompletion() {
		this.listener.handle(new RecoveryEnrollmentCompletedEvent("evt_1", CREATED, null, null, Map.of(), "user_1",
				"tkt_1", "cred_new", "b2b_enrollment", AT));
		assertThat(this.store.revocations).containsExactly(Revocation.user("user_1", AT, AT.plus(KEEP)));
	}

	@Test
	void sessionEventWithoutOrWithEmptySessionIdThenTheUserIsRevoked() {
		this.listener.onSessionRevoked(new SessionRevokedEvent("evt_1", CREATED, null, null, Map.of(), "user_1", null,
				null, "admin", "admin", AT));
		this.listener.onSessionLogout(new SessionLogoutEvent("evt_2", CREATED, null, null, Map.of(), "user_2", "",
				null, AT));
		assertThat(this.store.revocations).containsExactly(Revocation.user("user_1", AT, AT.plus(KEEP)),
				Revocation.user("user_2", AT, AT.plus(KEEP)));
	}

	@Test
	void eventWithoutItsOwnTimeThenCreationTimeThenTheClock() {
		this.listener.onUserLocked(new UserLockedEvent("evt_1", CREATED, null, null, Map.of(), "user_1", null, null,
				"hard", null));
		this.listener.onUserLocked(new UserLockedEvent("evt_2", null, null, null, Map.of(), "user_2", null, null,
				"hard", null));
		assertThat(this.store.revocations).containsExactly(Revocation.user("user_1", CREATED, CREATED.plus(KEEP)),
				Revocation.user("user_2", NOW, NOW.plus(KEEP)));
	}

	@Test
	void eventNamingNoUserSessionOrCredentialThenNothingIsRevoked() {
		this.listener.handle(new SessionLogoutEvent("evt_1", CREATED, null, null, Map.of(), null, null, null, AT));
		this.listener.handle(new CredentialRevokedEvent("evt_2", CREATED, null, null, Map.of(), "", null, AT, "user"));
		assertThat(this.store.revocations).isEmpty();
	}

	@Test
	void createWhenArgumentsInvalidThenRefused() {
		Clock utc = Clock.systemUTC();
		assertThatIllegalArgumentException().isThrownBy(() -> new RevocationWebhookListener(null, null, KEEP, utc))
			.withMessage("store cannot be null");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RevocationWebhookListener(this.store, null, Duration.ZERO, utc))
			.withMessage("retention must be positive");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RevocationWebhookListener(this.store, null, Duration.ofSeconds(-1), utc))
			.withMessage("retention must be positive");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RevocationWebhookListener(this.store, null, null, utc))
			.withMessage("retention must be positive");
		assertThatIllegalArgumentException().isThrownBy(() -> new RevocationWebhookListener(this.store, null, KEEP, null))
			.withMessage("clock cannot be null");
	}

	@Test
	void revocationArgumentsWhenMissingThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Revocation(null, "id", null, AT, NOW))
			.withMessage("kind cannot be null");
		assertThatIllegalArgumentException().isThrownBy(() -> new Revocation(Kind.SESSION, "", null, AT, NOW))
			.withMessage("id cannot be empty");
		assertThatIllegalArgumentException().isThrownBy(() -> new Revocation(Kind.SESSION, "id", null, null, NOW))
			.withMessage("revokedAt cannot be null");
		assertThatIllegalArgumentException().isThrownBy(() -> new Revocation(Kind.SESSION, "id", null, AT, null))
			.withMessage("until cannot be null");
		assertThatIllegalArgumentException().isThrownBy(() -> Revocation.token("", null, AT, NOW))
			.withMessage("token cannot be empty");
		assertThatIllegalArgumentException().isThrownBy(() -> Revocation.tokenHash(null))
			.withMessage("token cannot be null");
	}

	@Test
	void revocationUserIdWhenEmptyThenNoneAndForAUserTheId() {
		assertThat(Revocation.session("sess_1", "", AT, NOW).userId()).isNull();
		assertThat(new Revocation(Kind.USER, "user_1", "user_2", AT, NOW).userId()).isEqualTo("user_1");
		assertThat(Revocation.tokenHash("abc")).isEqualTo("ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0");
	}

	private static final class RecordingStore implements RevocationStore {

		final List<Revocation> revocations = new ArrayList<>();

		@Override
		public void revoke(Revocation revocation) {
			this.revocations.add(revocation);
		}

		@Override
		public boolean isRevoked(TryMellonSession session) {
			return false;
		}

	}

}
