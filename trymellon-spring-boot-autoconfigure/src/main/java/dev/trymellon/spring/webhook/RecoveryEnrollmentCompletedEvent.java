package dev.trymellon.spring.webhook;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The {@value #TYPE} webhook event. A recovery enrollment completed; every earlier
 * credential of the user was revoked at the same time.
 *
 * @param id the event id: the body's {@code id}, else the {@code tm-event-id} header
 * @param createdAt when TryMellon created the event ({@code created_at} or
 * {@code timestamp}), {@code null} when the payload has neither
 * @param tenantId the tenant id (top level or inside {@code data}), may be {@code null}
 * @param applicationId the application id (top level or inside {@code data}), may be
 * {@code null}
 * @param data the event's {@code data} object as received, read-only
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
public record RecoveryEnrollmentCompletedEvent(String id,
		@Nullable Instant createdAt,
		@Nullable String tenantId,
		@Nullable String applicationId,
		Map<String, Object> data,
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
	 * Creates the event; {@code data} is copied read-only.
	 * @param id the event id: the body's {@code id}, else the {@code tm-event-id} header
	 * @param createdAt when TryMellon created the event ({@code created_at} or
	 * {@code timestamp}), {@code null} when the payload has neither
	 * @param tenantId the tenant id (top level or inside {@code data}), may be {@code null}
	 * @param applicationId the application id (top level or inside {@code data}), may be
	 * {@code null}
	 * @param data the event's {@code data} object as received, read-only
	 * @param userId the TryMellon user id ({@code user_id}), may be {@code null}
	 * @param ticketId the enrollment ticket ({@code ticket_id}), may be {@code null}
	 * @param credentialId the newly enrolled credential ({@code credential_id}), may be
	 * {@code null}
	 * @param reason for example {@code b2b_enrollment} ({@code reason}), may be {@code null}
	 * @param completedAt when the enrollment completed ({@code completed_at}), may be
	 * {@code null}
	 */
	public RecoveryEnrollmentCompletedEvent {
		data = WebhookEventParser.requireEnvelope(id, data);
	}

	@Override
	public String type() {
		return TYPE;
	}

}
