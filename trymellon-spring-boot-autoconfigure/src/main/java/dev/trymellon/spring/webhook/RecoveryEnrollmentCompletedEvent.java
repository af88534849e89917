package dev.trymellon.spring.webhook;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The {@value #TYPE} webhook event. A recovery enrollment completed; every earlier
 * credential of the user was revoked at the same time.
 *
 * @param envelope what every event carries: id, creation time, tenant, application and
 * the {@code data} object
 * @param userId the TryMellon user id ({@code user_id}), may be {@code null}
 * @param ticketId the enrollment ticket ({@code ticket_id}), may be {@code null}
 * @param credentialId the newly enrolled credential ({@code credential_id}), may be
 * {@code null}
 * @param reason for example {@code b2b_enrollment} ({@code reason}), may be {@code null}
 * @param completedAt when the enrollment completed ({@code completed_at}), may be
 * {@code null}
 * @author TryMellon
 * @since 0.1.0
 */
public record RecoveryEnrollmentCompletedEvent(WebhookEnvelope envelope,
		@Nullable String userId,
		@Nullable String ticketId,
		@Nullable String credentialId,
		@Nullable String reason,
		@Nullable Instant completedAt) implements TryMellonWebhookEvent {

	/**
	 * The event type.
	 */
	public static final String TYPE = "recovery.enrollment.completed";

	/**
	 * Creates the event.
	 * @param envelope what every event carries
	 * @param userId see {@link #userId()}
	 * @param ticketId see {@link #ticketId()}
	 * @param credentialId see {@link #credentialId()}
	 * @param reason see {@link #reason()}
	 * @param completedAt see {@link #completedAt()}
	 */
	public RecoveryEnrollmentCompletedEvent {
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
	 * @param ticketId see {@link #ticketId()}
	 * @param credentialId see {@link #credentialId()}
	 * @param reason see {@link #reason()}
	 * @param completedAt see {@link #completedAt()}
	 * @deprecated since 0.2.0 for removal, in favor of
	 * {@link #RecoveryEnrollmentCompletedEvent(WebhookEnvelope, String, String, String, String, Instant)}
	 */
	@Deprecated(since = "0.2.0", forRemoval = true)
	public RecoveryEnrollmentCompletedEvent(String id, @Nullable Instant createdAt, @Nullable String tenantId,
			@Nullable String applicationId, Map<String, Object> data, @Nullable String userId,
			@Nullable String ticketId, @Nullable String credentialId, @Nullable String reason,
			@Nullable Instant completedAt) {
		this(new WebhookEnvelope(id, createdAt, tenantId, applicationId, data), userId, ticketId, credentialId, reason,
				completedAt);
	}

	@Override
	public String type() {
		return TYPE;
	}

}
