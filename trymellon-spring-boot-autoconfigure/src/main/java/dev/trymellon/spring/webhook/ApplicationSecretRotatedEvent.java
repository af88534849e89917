package dev.trymellon.spring.webhook;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The {@value #TYPE} webhook event. The application's {@code client_secret} was rotated,
 * manually or on schedule.
 *
 * @param envelope what every event carries: id, creation time, tenant, application and
 * the {@code data} object
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
public record ApplicationSecretRotatedEvent(WebhookEnvelope envelope,
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
	 * Creates the event.
	 * @param envelope what every event carries
	 * @param clientId see {@link #clientId()}
	 * @param rotatedBy see {@link #rotatedBy()}
	 * @param actorUserId see {@link #actorUserId()}
	 * @param rotatedAt see {@link #rotatedAt()}
	 * @param previousSecretExpiresAt see {@link #previousSecretExpiresAt()}
	 */
	public ApplicationSecretRotatedEvent {
		Assert.notNull(envelope, "envelope must not be null");
	}

	/**
	 * Creates the event from the parts of its envelope.
	 * @param id see {@link WebhookEnvelope#id()}
	 * @param createdAt see {@link WebhookEnvelope#createdAt()}
	 * @param tenantId see {@link WebhookEnvelope#tenantId()}
	 * @param applicationId see {@link WebhookEnvelope#applicationId()}
	 * @param data see {@link WebhookEnvelope#data()}
	 * @param clientId see {@link #clientId()}
	 * @param rotatedBy see {@link #rotatedBy()}
	 * @param actorUserId see {@link #actorUserId()}
	 * @param rotatedAt see {@link #rotatedAt()}
	 * @param previousSecretExpiresAt see {@link #previousSecretExpiresAt()}
	 * @deprecated since 0.2.0 for removal, in favor of
	 * {@link #ApplicationSecretRotatedEvent(WebhookEnvelope, String, String, String, Instant, Instant)}
	 */
	@Deprecated(since = "0.2.0", forRemoval = true)
	public ApplicationSecretRotatedEvent(String id, @Nullable Instant createdAt, @Nullable String tenantId,
			@Nullable String applicationId, Map<String, Object> data, @Nullable String clientId,
			@Nullable String rotatedBy, @Nullable String actorUserId, @Nullable Instant rotatedAt,
			@Nullable Instant previousSecretExpiresAt) {
		this(new WebhookEnvelope(id, createdAt, tenantId, applicationId, data), clientId, rotatedBy, actorUserId,
				rotatedAt, previousSecretExpiresAt);
	}

	@Override
	public String type() {
		return TYPE;
	}

}
