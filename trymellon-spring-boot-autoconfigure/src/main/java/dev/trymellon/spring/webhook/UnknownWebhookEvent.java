package dev.trymellon.spring.webhook;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A correctly signed webhook event of a type this version does not know. It is published
 * like the others (and answered with {@code 200}), so an application can handle new
 * TryMellon event types before the starter has a record for them.
 *
 * @param id the event id: the body's {@code id}, else the {@code tm-event-id} header
 * @param type the event type as received
 * @param createdAt when TryMellon created the event ({@code created_at} or
 * {@code timestamp}), {@code null} when the payload has neither
 * @param tenantId the tenant id (top level or inside {@code data}), may be {@code null}
 * @param applicationId the application id (top level or inside {@code data}), may be
 * {@code null}
 * @param data the event's {@code data} object as received, read-only
 * @author TryMellon
 * @since 0.1.0
 */
public record UnknownWebhookEvent(String id, String type, @Nullable Instant createdAt, @Nullable String tenantId,
		@Nullable String applicationId, Map<String, Object> data) implements TryMellonWebhookEvent {

	/**
	 * Creates the event; {@code data} is copied read-only.
	 * @param id the event id: the body's {@code id}, else the {@code tm-event-id} header
	 * @param type the event type as received
	 * @param createdAt when TryMellon created the event ({@code created_at} or
	 * {@code timestamp}), {@code null} when the payload has neither
	 * @param tenantId the tenant id (top level or inside {@code data}), may be {@code null}
	 * @param applicationId the application id (top level or inside {@code data}), may be
	 * {@code null}
	 * @param data the event's {@code data} object as received, read-only
	 */
	public UnknownWebhookEvent {
		data = WebhookEventParser.requireEnvelope(id, data);
		if (type == null || type.isBlank()) {
			throw new IllegalArgumentException("type must not be empty");
		}
	}

}
