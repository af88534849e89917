package dev.trymellon.spring.webhook;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The {@value #TYPE} webhook event. An identifier (email, wallet or custom) was unlinked
 * from a user.
 *
 * @param id the event id: the body's {@code id}, else the {@code tm-event-id} header
 * @param createdAt when TryMellon created the event ({@code created_at} or
 * {@code timestamp}), {@code null} when the payload has neither
 * @param tenantId the tenant id (top level or inside {@code data}), may be {@code null}
 * @param applicationId the application id (top level or inside {@code data}), may be
 * {@code null}
 * @param data the event's {@code data} object as received, read-only
 * @param userId the TryMellon user id ({@code user_id}), may be {@code null}
 * @param identifierId the identifier's id ({@code identifier_id}), may be {@code null}
 * @param identifierType {@code email}, {@code wallet} or {@code custom}
 * ({@code identifier_type}), may be {@code null}
 * @param identifierValue the identifier itself (personal data)
 * ({@code identifier_value}), may be {@code null}
 * @param unlinkedAt when it was unlinked ({@code unlinked_at}), may be {@code null}
 * @author TryMellon
 * @since 0.1.0
 */
public record IdentifierUnlinkedEvent(String id,
		@Nullable Instant createdAt,
		@Nullable String tenantId,
		@Nullable String applicationId,
		Map<String, Object> data,
		@Nullable String userId,
		@Nullable String identifierId,
		@Nullable String identifierType,
		@Nullable String identifierValue,
		@Nullable Instant unlinkedAt) implements TryMellonWebhookEvent {

	/**
	 * The event type.
	 */
	public static final String TYPE = "identifier.unlinked";

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
	 * @param identifierId the identifier's id ({@code identifier_id}), may be {@code null}
	 * @param identifierType {@code email}, {@code wallet} or {@code custom}
	 * ({@code identifier_type}), may be {@code null}
	 * @param identifierValue the identifier itself (personal data)
	 * ({@code identifier_value}), may be {@code null}
	 * @param unlinkedAt when it was unlinked ({@code unlinked_at}), may be {@code null}
	 */
	public IdentifierUnlinkedEvent {
		data = WebhookEventParser.requireEnvelope(id, data);
	}

	@Override
	public String type() {
		return TYPE;
	}

}
