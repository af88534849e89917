package dev.trymellon.spring.webhook;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The {@value #TYPE} webhook event. A recovery enrollment ticket was issued for a user.
 * It deliberately carries no enrollment URL.
 *
 * @param envelope what every event carries: id, creation time, tenant, application and
 * the {@code data} object
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
public record RecoveryEnrollmentIssuedEvent(WebhookEnvelope envelope,
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
	 * Creates the event.
	 * @param envelope what every event carries
	 * @param userId see {@link #userId()}
	 * @param externalUserId see {@link #externalUserId()}
	 * @param ticketId see {@link #ticketId()}
	 * @param contextHash see {@link #contextHash()}
	 * @param expiresAt see {@link #expiresAt()}
	 * @param issuedAt see {@link #issuedAt()}
	 */
	public RecoveryEnrollmentIssuedEvent {
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
	 * @param ticketId see {@link #ticketId()}
	 * @param contextHash see {@link #contextHash()}
	 * @param expiresAt see {@link #expiresAt()}
	 * @param issuedAt see {@link #issuedAt()}
	 * @deprecated since 0.2.0 for removal, in favor of
	 * {@link #RecoveryEnrollmentIssuedEvent(WebhookEnvelope, String, String, String, String, Instant, Instant)}
	 */
	@Deprecated(since = "0.2.0", forRemoval = true)
	public RecoveryEnrollmentIssuedEvent(String id, @Nullable Instant createdAt, @Nullable String tenantId,
			@Nullable String applicationId, Map<String, Object> data, @Nullable String userId,
			@Nullable String externalUserId, @Nullable String ticketId, @Nullable String contextHash,
			@Nullable Instant expiresAt, @Nullable Instant issuedAt) {
		this(new WebhookEnvelope(id, createdAt, tenantId, applicationId, data), userId, externalUserId, ticketId,
				contextHash, expiresAt, issuedAt);
	}

	@Override
	public String type() {
		return TYPE;
	}

}
