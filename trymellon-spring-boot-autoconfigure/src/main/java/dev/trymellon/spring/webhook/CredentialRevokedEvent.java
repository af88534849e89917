package dev.trymellon.spring.webhook;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The {@value #TYPE} webhook event. A passkey was revoked by its user or by an
 * administrator.
 *
 * @param envelope what every event carries: id, creation time, tenant, application and
 * the {@code data} object
 * @param userId the TryMellon user id ({@code user_id}), may be {@code null}
 * @param credentialId the revoked credential ({@code credential_id}), may be {@code null}
 * @param revokedAt when the credential was revoked ({@code revoked_at}), may be
 * {@code null}
 * @param reason why the credential was revoked ({@code reason}), may be {@code null}
 * @author TryMellon
 * @since 0.1.0
 */
public record CredentialRevokedEvent(WebhookEnvelope envelope,
		@Nullable String userId,
		@Nullable String credentialId,
		@Nullable Instant revokedAt,
		@Nullable String reason) implements TryMellonWebhookEvent {

	/**
	 * The event type.
	 */
	public static final String TYPE = "credential.revoked";

	/**
	 * Creates the event.
	 * @param envelope what every event carries
	 * @param userId see {@link #userId()}
	 * @param credentialId see {@link #credentialId()}
	 * @param revokedAt see {@link #revokedAt()}
	 * @param reason see {@link #reason()}
	 */
	public CredentialRevokedEvent {
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
	 * @param credentialId see {@link #credentialId()}
	 * @param revokedAt see {@link #revokedAt()}
	 * @param reason see {@link #reason()}
	 * @deprecated since 0.2.0 for removal, in favor of
	 * {@link #CredentialRevokedEvent(WebhookEnvelope, String, String, Instant, String)}
	 */
	@Deprecated(since = "0.2.0", forRemoval = true)
	public CredentialRevokedEvent(String id, @Nullable Instant createdAt, @Nullable String tenantId,
			@Nullable String applicationId, Map<String, Object> data, @Nullable String userId,
			@Nullable String credentialId, @Nullable Instant revokedAt, @Nullable String reason) {
		this(new WebhookEnvelope(id, createdAt, tenantId, applicationId, data), userId, credentialId, revokedAt,
				reason);
	}

	@Override
	public String type() {
		return TYPE;
	}

}
