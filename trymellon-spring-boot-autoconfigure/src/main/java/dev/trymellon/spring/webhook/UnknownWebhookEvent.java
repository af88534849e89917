package dev.trymellon.spring.webhook;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A correctly signed webhook event of a type this version does not know. It is published
 * like the others (and answered with {@code 200}), so an application can handle new
 * TryMellon event types before the starter has a record for them.
 *
 * @param envelope what every event carries: id, creation time, tenant, application and
 * the {@code data} object
 * @param type the event type as received
 * @author TryMellon
 * @since 0.1.0
 */
public record UnknownWebhookEvent(WebhookEnvelope envelope, String type) implements TryMellonWebhookEvent {

	/**
	 * Creates the event.
	 * @param envelope what every event carries
	 * @param type the event type as received, not blank
	 */
	public UnknownWebhookEvent {
		Assert.notNull(envelope, "envelope must not be null");
		Assert.hasText(type, "type must not be empty");
	}

	/**
	 * Creates the event from the parts of its envelope.
	 * @param id see {@link WebhookEnvelope#id()}
	 * @param type the event type as received, not blank
	 * @param createdAt see {@link WebhookEnvelope#createdAt()}
	 * @param tenantId see {@link WebhookEnvelope#tenantId()}
	 * @param applicationId see {@link WebhookEnvelope#applicationId()}
	 * @param data see {@link WebhookEnvelope#data()}
	 * @deprecated since 0.2.0 for removal, in favor of
	 * {@link #UnknownWebhookEvent(WebhookEnvelope, String)}
	 */
	@Deprecated(since = "0.2.0", forRemoval = true)
	public UnknownWebhookEvent(String id, String type, @Nullable Instant createdAt, @Nullable String tenantId,
			@Nullable String applicationId, Map<String, Object> data) {
		this(new WebhookEnvelope(id, createdAt, tenantId, applicationId, data), type);
	}

}
