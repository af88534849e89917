package dev.trymellon.spring.webhook;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The {@value #TYPE} webhook event. A user authenticated successfully (sent by the SDK's
 * webhook payloads; not in the documented catalog).
 *
 * @param envelope what every event carries: id, creation time, tenant, application and
 * the {@code data} object
 * @param userId the TryMellon user id ({@code user_id}), may be {@code null}
 * @param externalUserId the application's own user id, if linked
 * ({@code external_user_id}), may be {@code null}
 * @param credentialId the credential used ({@code credential_id}), may be {@code null}
 * @param timestamp when the user authenticated ({@code timestamp}), may be {@code null}
 * @author TryMellon
 * @since 0.1.0
 */
public record AuthSuccessEvent(WebhookEnvelope envelope,
		@Nullable String userId,
		@Nullable String externalUserId,
		@Nullable String credentialId,
		@Nullable Instant timestamp) implements TryMellonWebhookEvent {

	/**
	 * The event type.
	 */
	public static final String TYPE = "auth.success";

	/**
	 * Creates the event.
	 * @param envelope what every event carries
	 * @param userId see {@link #userId()}
	 * @param externalUserId see {@link #externalUserId()}
	 * @param credentialId see {@link #credentialId()}
	 * @param timestamp see {@link #timestamp()}
	 */
	public AuthSuccessEvent {
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
	 * @param credentialId see {@link #credentialId()}
	 * @param timestamp see {@link #timestamp()}
	 * @deprecated since 0.2.0 for removal, in favor of
	 * {@link #AuthSuccessEvent(WebhookEnvelope, String, String, String, Instant)}
	 */
	@Deprecated(since = "0.2.0", forRemoval = true)
	public AuthSuccessEvent(String id, @Nullable Instant createdAt, @Nullable String tenantId,
			@Nullable String applicationId, Map<String, Object> data, @Nullable String userId,
			@Nullable String externalUserId, @Nullable String credentialId, @Nullable Instant timestamp) {
		this(new WebhookEnvelope(id, createdAt, tenantId, applicationId, data), userId, externalUserId, credentialId,
				timestamp);
	}

	@Override
	public String type() {
		return TYPE;
	}

}
