package dev.trymellon.spring.webhook;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The {@value #TYPE} webhook event. A user was locked out after repeated failed
 * authentication attempts.
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
 * @param lockedAt when the user was locked ({@code locked_at}), may be {@code null}
 * @param lockoutLevel {@code soft} or {@code hard} ({@code lockout_level}), may be
 * {@code null}
 * @param reason why the user was locked ({@code reason}), may be {@code null}
 * @author TryMellon
 * @since 0.1.0
 */
public record UserLockedEvent(String id,
		@Nullable Instant createdAt,
		@Nullable String tenantId,
		@Nullable String applicationId,
		Map<String, Object> data,
		@Nullable String userId,
		@Nullable String externalUserId,
		@Nullable Instant lockedAt,
		@Nullable String lockoutLevel,
		@Nullable String reason) implements TryMellonWebhookEvent {

	/**
	 * The event type.
	 */
	public static final String TYPE = "user.locked";

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
	 * @param lockedAt when the user was locked ({@code locked_at}), may be {@code null}
	 * @param lockoutLevel {@code soft} or {@code hard} ({@code lockout_level}), may be
	 * {@code null}
	 * @param reason why the user was locked ({@code reason}), may be {@code null}
	 */
	public UserLockedEvent {
		data = WebhookEventParser.requireEnvelope(id, data);
	}

	@Override
	public String type() {
		return TYPE;
	}

}
