package dev.trymellon.spring.webhook;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The {@value #TYPE} webhook event. A session was revoked: by an administrator, by a
 * security trigger, or through {@code DELETE /v1/sessions/:id}.
 *
 * @param envelope what every event carries: id, creation time, tenant, application and
 * the {@code data} object
 * @param userId the TryMellon user id ({@code user_id}), may be {@code null}
 * @param sessionId the revoked session ({@code session_id}), may be {@code null}
 * @param externalUserId the application's own user id, if linked
 * ({@code external_user_id}), may be {@code null}
 * @param revokedBy who revoked the session ({@code revoked_by}), may be {@code null}
 * @param reason why the session was revoked ({@code reason}), may be {@code null}
 * @param revokedAt when the session was revoked ({@code revoked_at}), may be {@code null}
 * @author TryMellon
 * @since 0.1.0
 */
public record SessionRevokedEvent(WebhookEnvelope envelope,
		@Nullable String userId,
		@Nullable String sessionId,
		@Nullable String externalUserId,
		@Nullable String revokedBy,
		@Nullable String reason,
		@Nullable Instant revokedAt) implements TryMellonWebhookEvent {

	/**
	 * The event type.
	 */
	public static final String TYPE = "session.revoked";

	/**
	 * Creates the event.
	 * @param envelope what every event carries
	 * @param userId see {@link #userId()}
	 * @param sessionId see {@link #sessionId()}
	 * @param externalUserId see {@link #externalUserId()}
	 * @param revokedBy see {@link #revokedBy()}
	 * @param reason see {@link #reason()}
	 * @param revokedAt see {@link #revokedAt()}
	 */
	public SessionRevokedEvent {
		Assert.notNull(envelope, "envelope must not be null");
	}

	/**
	 * Creates the event from the parts of its envelope.
	 * @param id see {@link WebhookEnvelope#id()}
	 * @param createdAt see {@link WebhookEnvelope#createdAt()}
	 * @param tenantId see {@link WebhookEnvelope#tenantId()}
	 * @param applicationId see {@link WebhookEnvelope#applicationId()}
	 * @param data see {@link WebhookEnvelope#data()}
	 * @param userId see {@link #userId()}
	 * @param sessionId see {@link #sessionId()}
	 * @param externalUserId see {@link #externalUserId()}
	 * @param revokedBy see {@link #revokedBy()}
	 * @param reason see {@link #reason()}
	 * @param revokedAt see {@link #revokedAt()}
	 * @deprecated since 0.2.0 for removal, in favor of
	 * {@link #SessionRevokedEvent(WebhookEnvelope, String, String, String, String, String, Instant)}
	 */
	@Deprecated(since = "0.2.0", forRemoval = true)
	public SessionRevokedEvent(String id, @Nullable Instant createdAt, @Nullable String tenantId,
			@Nullable String applicationId, Map<String, Object> data, @Nullable String userId,
			@Nullable String sessionId, @Nullable String externalUserId, @Nullable String revokedBy,
			@Nullable String reason, @Nullable Instant revokedAt) {
		this(new WebhookEnvelope(id, createdAt, tenantId, applicationId, data), userId, sessionId, externalUserId,
				revokedBy, reason, revokedAt);
	}

	@Override
	public String type() {
		return TYPE;
	}

}
