package dev.trymellon.spring.remote;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.webhook.ApplicationSecretRotatedEvent;
import dev.trymellon.spring.webhook.CredentialRevokedEvent;
import dev.trymellon.spring.webhook.RecoveryEnrollmentCompletedEvent;
import dev.trymellon.spring.webhook.SessionLogoutEvent;
import dev.trymellon.spring.webhook.SessionRevokedEvent;
import dev.trymellon.spring.webhook.UserLockedEvent;

import org.springframework.context.event.EventListener;
import org.springframework.util.Assert;

/**
 * Keeps the {@link RemoteSessionChecker}'s cache in step with TryMellon's webhooks: a
 * revocation evicts the cached answers about the user's tokens (every answer when the
 * event names no user), so the next request asks the API again. The checker also
 * refuses to use an answer that a revocation received later refuses, on every replica;
 * the eviction frees the memory at once. An {@code application.secret_rotated} event is
 * logged as a reminder to roll {@code trymellon.client-secret} before the previous
 * secret expires.
 *
 * @author TryMellon
 * @since 0.2.0
 */
public final class RemoteWebhookListener {

	private static final Log logger = LogFactory.getLog(RemoteWebhookListener.class);

	private final RemoteSessionChecker checker;

	/**
	 * Creates a listener.
	 * @param checker the checker whose cache to evict from
	 */
	public RemoteWebhookListener(RemoteSessionChecker checker) {
		Assert.notNull(checker, "checker cannot be null");
		this.checker = checker;
	}

	/**
	 * Evicts the user's cached answers.
	 * @param event the event
	 */
	@EventListener
	public void onSessionRevoked(SessionRevokedEvent event) {
		evict(event.userId());
	}

	/**
	 * Evicts the user's cached answers.
	 * @param event the event
	 */
	@EventListener
	public void onSessionLogout(SessionLogoutEvent event) {
		evict(event.userId());
	}

	/**
	 * Evicts the user's cached answers.
	 * @param event the event
	 */
	@EventListener
	public void onUserLocked(UserLockedEvent event) {
		evict(event.userId());
	}

	/**
	 * Evicts the user's cached answers.
	 * @param event the event
	 */
	@EventListener
	public void onCredentialRevoked(CredentialRevokedEvent event) {
		evict(event.userId());
	}

	/**
	 * Evicts the user's cached answers.
	 * @param event the event
	 */
	@EventListener
	public void onRecoveryEnrollmentCompleted(RecoveryEnrollmentCompletedEvent event) {
		evict(event.userId());
	}

	/**
	 * Reminds to roll the client secret when introspection uses it.
	 * @param event the event
	 */
	@EventListener
	public void onSecretRotated(ApplicationSecretRotatedEvent event) {
		if (this.checker.getClient().canIntrospect()) {
			logger.warn("TryMellon rotated the application's client secret (event " + event.id()
					+ "); the previous one stops working at " + event.previousSecretExpiresAt()
					+ ": set the new one first in 'trymellon.client-secret' before then");
		}
	}

	private void evict(@Nullable String userId) {
		this.checker.evict((userId != null && !userId.isEmpty()) ? userId : null);
	}

}
