package dev.trymellon.spring.webhook;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The {@value #TYPE} webhook event. A passkey was revoked by its user or by an
 * administrator.
 *
 * @param id the event id: the body's {@code id}, else the {@code tm-event-id} header
 * @param createdAt when TryMellon created the event ({@code created_at} or
 * {@code timestamp}), {@code null} when the payload has neither
 * @param tenantId the tenant id (top level or inside {@code data}), may be {@code null}
 * @param applicationId the application id (top level or inside {@code data}), may be
 * {@code null}
 * @param data the event's {@code data} object as received, read-only
 * @param userId the TryMellon user id ({@code user_id}), may be {@code null}
 * @param credentialId the revoked credential ({@code credential_id}), may be {@code null}
 * @param revokedAt when the credential was revoked ({@code revoked_at}), may be
 * {@code null}
 * @param reason why the credential was revoked ({@code reason}), may be {@code null}
 * @author TryMellon
 * @since 0.1.0
 */
public record CredentialRevokedEvent(String id,
		@Nullable Instant createdAt,
		@Nullable String tenantId,
		@Nullable String applicationId,
		Map<String, Object> data,
		@Nullable String userId,
		@Nullable String credentialId,
		@Nullable Instant revokedAt,
		@Nullable String reason) implements TryMellonWebhookEvent {

	/**
	 * The event type.
	 */
	public static final String TYPE = "credential.revoked";

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
	 * @param credentialId the revoked credential ({@code credential_id}), may be {@code null}
	 * @param revokedAt when the credential was revoked ({@code revoked_at}), may be
	 * {@code null}
	 * @param reason why the credential was revoked ({@code reason}), may be {@code null}
	 */
	public CredentialRevokedEvent {
		data = WebhookEventParser.requireEnvelope(id, data);
	}

	@Override
	public String type() {
		return TYPE;
	}

}
