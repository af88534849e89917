package dev.trymellon.spring.webhook;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The {@value #TYPE} webhook event. The application's {@code client_secret} was rotated,
 * manually or on schedule.
 *
 * @param id the event id: the body's {@code id}, else the {@code tm-event-id} header
 * @param createdAt when TryMellon created the event ({@code created_at} or
 * {@code timestamp}), {@code null} when the payload has neither
 * @param tenantId the tenant id (top level or inside {@code data}), may be {@code null}
 * @param applicationId the application id (top level or inside {@code data}), may be
 * {@code null}
 * @param data the event's {@code data} object as received, read-only
 * @param clientId the client id whose secret was rotated ({@code client_id}), may be
 * {@code null}
 * @param rotatedBy who rotated it (documented catalog) ({@code rotated_by}), may be
 * {@code null}
 * @param actorUserId the user who rotated it (SDK payload) ({@code actor_user_id}), may
 * be {@code null}
 * @param rotatedAt when the secret was rotated ({@code rotated_at}), may be {@code null}
 * @param previousSecretExpiresAt when the previous secret stops working, {@code null}
 * when it already has ({@code previous_secret_expires_at}), may be {@code null}
 * @author TryMellon
 * @since 0.1.0
 */
public record ApplicationSecretRotatedEvent(String id,
		@Nullable Instant createdAt,
		@Nullable String tenantId,
		@Nullable String applicationId,
		Map<String, Object> data,
		@Nullable String clientId,
		@Nullable String rotatedBy,
		@Nullable String actorUserId,
		@Nullable Instant rotatedAt,
		@Nullable Instant previousSecretExpiresAt) implements TryMellonWebhookEvent {

	/**
	 * The event type.
	 */
	public static final String TYPE = "application.secret_rotated";

	/**
	 * Creates the event; {@code data} is copied read-only.
	 * @param id the event id: the body's {@code id}, else the {@code tm-event-id} header
	 * @param createdAt when TryMellon created the event ({@code created_at} or
	 * {@code timestamp}), {@code null} when the payload has neither
	 * @param tenantId the tenant id (top level or inside {@code data}), may be {@code null}
	 * @param applicationId the application id (top level or inside {@code data}), may be
	 * {@code null}
	 * @param data the event's {@code data} object as received, read-only
	 * @param clientId the client id whose secret was rotated ({@code client_id}), may be
	 * {@code null}
	 * @param rotatedBy who rotated it (documented catalog) ({@code rotated_by}), may be
	 * {@code null}
	 * @param actorUserId the user who rotated it (SDK payload) ({@code actor_user_id}), may
	 * be {@code null}
	 * @param rotatedAt when the secret was rotated ({@code rotated_at}), may be {@code null}
	 * @param previousSecretExpiresAt when the previous secret stops working, {@code null}
	 * when it already has ({@code previous_secret_expires_at}), may be {@code null}
	 */
	public ApplicationSecretRotatedEvent {
		data = WebhookEventParser.requireEnvelope(id, data);
	}

	@Override
	public String type() {
		return TYPE;
	}

}
