package dev.trymellon.spring.webhook;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The {@value #TYPE} webhook event. A recovery enrollment ticket was issued for a user.
 * It deliberately carries no enrollment URL.
 *
 * @param id the event id: the body's {@code id}, else the {@code tm-event-id} header
 * @param createdAt when TryMellon created the event ({@code created_at} or
 * {@code timestamp}), {@code null} when the payload has neither
 * @param tenantId the tenant id (top level or inside {@code data}), may be {@code null}
 * @param applicationId the application id (top level or inside {@code data}), may be
 * {@code null}
 * @param data the event's {@code data} object as received, read-only
 * @param userId the TryMellon user id ({@code user_id}), may be {@code null}
 * @param externalUserId the application's own user id, if linked
 * ({@code external_user_id}), may be {@code null}
 * @param ticketId the enrollment ticket ({@code ticket_id}), may be {@code null}
 * @param contextHash the hash binding the ticket to its context ({@code context_hash}),
 * may be {@code null}
 * @param expiresAt when the ticket expires ({@code expires_at}), may be {@code null}
 * @param issuedAt when the ticket was issued ({@code issued_at}), may be {@code null}
 * @author TryMellon
 * @since 0.1.0
 */
public record RecoveryEnrollmentIssuedEvent(String id,
		@Nullable Instant createdAt,
		@Nullable String tenantId,
		@Nullable String applicationId,
		Map<String, Object> data,
		@Nullable String userId,
		@Nullable String externalUserId,
		@Nullable String ticketId,
		@Nullable String contextHash,
		@Nullable Instant expiresAt,
		@Nullable Instant issuedAt) implements TryMellonWebhookEvent {

	/**
	 * The event type.
	 */
	public static final String TYPE = "recovery.enrollment.issued";

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
	 * @param externalUserId the application's own user id, if linked
	 * ({@code external_user_id}), may be {@code null}
	 * @param ticketId the enrollment ticket ({@code ticket_id}), may be {@code null}
	 * @param contextHash the hash binding the ticket to its context ({@code context_hash}),
	 * may be {@code null}
	 * @param expiresAt when the ticket expires ({@code expires_at}), may be {@code null}
	 * @param issuedAt when the ticket was issued ({@code issued_at}), may be {@code null}
	 */
	public RecoveryEnrollmentIssuedEvent {
		data = WebhookEventParser.requireEnvelope(id, data);
	}

	@Override
	public String type() {
		return TYPE;
	}

}
