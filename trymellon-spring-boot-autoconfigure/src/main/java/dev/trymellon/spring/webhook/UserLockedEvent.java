package dev.trymellon.spring.webhook;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The {@value #TYPE} webhook event. A user was locked out after repeated failed
 * authentication attempts.
 *
 * @param envelope what every event carries: id, creation time, tenant, application and
 * the {@code data} object
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
public record UserLockedEvent(WebhookEnvelope envelope,
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
	 * Creates the event.
	 * @param envelope what every event carries
	 * @param userId see {@link #userId()}
	 * @param externalUserId see {@link #externalUserId()}
	 * @param lockedAt see {@link #lockedAt()}
	 * @param lockoutLevel see {@link #lockoutLevel()}
	 * @param reason see {@link #reason()}
	 */
	public UserLockedEvent {
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
	 * @param externalUserId see {@link #externalUserId()}
	 * @param lockedAt see {@link #lockedAt()}
	 * @param lockoutLevel see {@link #lockoutLevel()}
	 * @param reason see {@link #reason()}
	 * @deprecated since 0.2.0 for removal, in favor of
	 * {@link #UserLockedEvent(WebhookEnvelope, String, String, Instant, String, String)}
	 */
	@Deprecated(since = "0.2.0", forRemoval = true)
	public UserLockedEvent(String id, @Nullable Instant createdAt, @Nullable String tenantId,
			@Nullable String applicationId, Map<String, Object> data, @Nullable String userId,
			@Nullable String externalUserId, @Nullable Instant lockedAt, @Nullable String lockoutLevel,
			@Nullable String reason) {
		this(new WebhookEnvelope(id, createdAt, tenantId, applicationId, data), userId, externalUserId, lockedAt,
				lockoutLevel, reason);
	}

	@Override
	public String type() {
		return TYPE;
	}

}
