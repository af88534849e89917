package dev.trymellon.spring.autoconfigure.security;

import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.authority.LookupSessionAuthoritiesMapper;
import dev.trymellon.spring.webhook.CredentialRevokedEvent;
import dev.trymellon.spring.webhook.RecoveryEnrollmentCompletedEvent;
import dev.trymellon.spring.webhook.SessionLogoutEvent;
import dev.trymellon.spring.webhook.SessionRevokedEvent;
import dev.trymellon.spring.webhook.TryMellonWebhookEvent;
import dev.trymellon.spring.webhook.UserLockedEvent;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;

/**
 * Evicts a user's cached looked-up authorities when a revocation webhook names the
 * user, so that a locked or signed-out user's authorities are looked up afresh.
 */
final class UserAuthoritiesEvictionListener {

	private final ObjectProvider<LookupSessionAuthoritiesMapper> mappers;

	UserAuthoritiesEvictionListener(ObjectProvider<LookupSessionAuthoritiesMapper> mappers) {
		this.mappers = mappers;
	}

	@EventListener
	void onWebhookEvent(TryMellonWebhookEvent event) {
		String userId = userId(event);
		if (userId != null && !userId.isEmpty()) {
			this.mappers.forEach((mapper) -> mapper.evict(userId));
		}
	}

	private static @Nullable String userId(TryMellonWebhookEvent event) {
		if (event instanceof UserLockedEvent locked) {
			return locked.userId();
		}
		if (event instanceof SessionRevokedEvent revoked) {
			return revoked.userId();
		}
		if (event instanceof SessionLogoutEvent logout) {
			return logout.userId();
		}
		if (event instanceof CredentialRevokedEvent credential) {
			return credential.userId();
		}
		if (event instanceof RecoveryEnrollmentCompletedEvent recovery) {
			return recovery.userId();
		}
		return null;
	}

}
