package dev.trymellon.spring.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.session.offline.VerifiedTokenCache;
import dev.trymellon.spring.webhook.CredentialRevokedEvent;
import dev.trymellon.spring.webhook.RecoveryEnrollmentCompletedEvent;
import dev.trymellon.spring.webhook.SessionLogoutEvent;
import dev.trymellon.spring.webhook.SessionRevokedEvent;
import dev.trymellon.spring.webhook.StoreOutageHandler;
import dev.trymellon.spring.webhook.TryMellonWebhookEvent;
import dev.trymellon.spring.webhook.UserLockedEvent;

import org.springframework.context.event.EventListener;
import org.springframework.util.Assert;

/**
 * Feeds a {@link RevocationStore} from TryMellon's webhook events, then evicts the
 * tokens it now refuses from the {@link VerifiedTokenCache}:
 * <ul>
 * <li>{@code session.revoked}, {@code session.logout}: the session
 * ({@link Revocation.Kind#SESSION}, with the fail-safe rule for tokens that carry no
 * session id); an event naming no session refuses the user's earlier tokens;</li>
 * <li>{@code user.locked} (soft or hard): the user's tokens issued at or before the
 * lock;</li>
 * <li>{@code credential.revoked}: the credential ({@link Revocation.Kind#CREDENTIAL});
 * unless a credential-id claim is configured this refuses the user's tokens issued at
 * or before the revocation;</li>
 * <li>{@code recovery.enrollment.completed}: TryMellon revokes every earlier credential,
 * so the user's tokens issued at or before the completion.</li>
 * </ul>
 * The revocation time is the one in the event's data, else its {@code created_at}, else
 * now; an entry is kept for the retention after it (at least the longest token lifetime
 * plus twice the clock skew). A store that throws fails the listener, so the webhook is answered with
 * an error and retried.
 * <p>
 * It is also a {@link StoreOutageHandler}: when the processed-event store is down, the
 * receiver cannot de-duplicate, publishes nothing and answers {@code 500}, but hands the
 * event here, so that a revocation is in force on this replica at once rather than after
 * the retry (revoking is idempotent: the store keeps the later of two revocations).
 *
 * @author TryMellon
 * @since 0.1.0
 */
public final class RevocationWebhookListener implements StoreOutageHandler {

	/**
	 * The retention unless another is set: 25 hours, the longest token lifetime
	 * TryMellon issues (24 hours) plus a margin above twice the default clock skew.
	 * @since 0.2.0
	 */
	public static final Duration DEFAULT_RETENTION = Duration.ofHours(25);

	private static final Log logger = LogFactory.getLog(RevocationWebhookListener.class);

	private final RevocationStore store;

	private final @Nullable VerifiedTokenCache cache;

	private final Duration keep;

	private final Clock clock;

	/**
	 * Creates a listener.
	 * @param store the store to feed
	 * @param cache the verified-token cache to evict from, or {@code null}
	 * @param retention how long after a revocation its entry is kept: at least the longest
	 * token lifetime plus twice the clock skew, after which no token it matches can still
	 * be accepted
	 * @param clock the clock used when an event carries no time
	 */
	public RevocationWebhookListener(RevocationStore store, @Nullable VerifiedTokenCache cache, Duration retention,
			Clock clock) {
		Assert.notNull(store, "store cannot be null");
		Assert.isTrue(retention != null && !retention.isNegative() && !retention.isZero(),
				"retention must be positive");
		Assert.notNull(clock, "clock cannot be null");
		this.store = store;
		this.cache = cache;
		this.keep = retention;
		this.clock = clock;
	}

	/**
	 * Revokes the session.
	 * @param event the event
	 */
	@EventListener
	public void onSessionRevoked(SessionRevokedEvent event) {
		session(event, event.sessionId(), event.userId(), event.revokedAt());
	}

	/**
	 * Revokes the session.
	 * @param event the event
	 */
	@EventListener
	public void onSessionLogout(SessionLogoutEvent event) {
		session(event, event.sessionId(), event.userId(), event.loggedOutAt());
	}

	/**
	 * Refuses the user's earlier tokens.
	 * @param event the event
	 */
	@EventListener
	public void onUserLocked(UserLockedEvent event) {
		user(event, event.userId(), event.lockedAt());
	}

	/**
	 * Revokes the credential.
	 * @param event the event
	 */
	@EventListener
	public void onCredentialRevoked(CredentialRevokedEvent event) {
		String credentialId = event.credentialId();
		if (credentialId == null || credentialId.isEmpty()) {
			user(event, event.userId(), event.revokedAt());
			return;
		}
		Instant revokedAt = time(event, event.revokedAt());
		apply(Revocation.credential(credentialId, event.userId(), revokedAt, revokedAt.plus(this.keep)), event);
	}

	/**
	 * Refuses the user's earlier tokens: completing a recovery enrollment revokes every
	 * earlier credential.
	 * @param event the event
	 */
	@EventListener
	public void onRecoveryEnrollmentCompleted(RecoveryEnrollmentCompletedEvent event) {
		user(event, event.userId(), event.completedAt());
	}

	/**
	 * Applies the revocation an event carries, when the processed-event store could not
	 * claim it: the same as the event's listener method; other events are ignored.
	 * @param event the event
	 */
	@Override
	public void handle(TryMellonWebhookEvent event) {
		if (event instanceof SessionRevokedEvent revoked) {
			onSessionRevoked(revoked);
		}
		else if (event instanceof SessionLogoutEvent logout) {
			onSessionLogout(logout);
		}
		else if (event instanceof UserLockedEvent locked) {
			onUserLocked(locked);
		}
		else if (event instanceof CredentialRevokedEvent credential) {
			onCredentialRevoked(credential);
		}
		else if (event instanceof RecoveryEnrollmentCompletedEvent completed) {
			onRecoveryEnrollmentCompleted(completed);
		}
	}

	private void session(TryMellonWebhookEvent event, @Nullable String sessionId, @Nullable String userId,
			@Nullable Instant at) {
		if (sessionId == null || sessionId.isEmpty()) {
			user(event, userId, at);
			return;
		}
		Instant revokedAt = time(event, at);
		apply(Revocation.session(sessionId, userId, revokedAt, revokedAt.plus(this.keep)), event);
	}

	private void user(TryMellonWebhookEvent event, @Nullable String userId, @Nullable Instant at) {
		if (userId == null || userId.isEmpty()) {
			logger.warn("TryMellon webhook event " + event.type() + " (" + event.id()
					+ ") names no user, session or credential; nothing to revoke");
			return;
		}
		Instant revokedAt = time(event, at);
		apply(Revocation.user(userId, revokedAt, revokedAt.plus(this.keep)), event);
	}

	private Instant time(TryMellonWebhookEvent event, @Nullable Instant at) {
		if (at != null) {
			return at;
		}
		return (event.createdAt() != null) ? event.createdAt() : this.clock.instant();
	}

	private void apply(Revocation revocation, TryMellonWebhookEvent event) {
		this.store.revoke(revocation);
		VerifiedTokenCache verified = this.cache;
		int evicted = (verified != null) ? verified.invalidate(this.store::isRevoked) : 0;
		if (logger.isDebugEnabled()) {
			logger.debug("Revoked " + revocation.kind() + " from TryMellon webhook event " + event.type() + " ("
					+ event.id() + "); " + evicted + " cached token(s) evicted");
		}
	}

}
