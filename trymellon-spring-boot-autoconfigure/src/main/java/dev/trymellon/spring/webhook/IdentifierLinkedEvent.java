package dev.trymellon.spring.webhook;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The {@value #TYPE} webhook event. An identifier (email, wallet or custom) was linked to
 * a user.
 *
 * @param envelope what every event carries: id, creation time, tenant, application and
 * the {@code data} object
 * @param userId the TryMellon user id ({@code user_id}), may be {@code null}
 * @param identifierId the identifier's id ({@code identifier_id}), may be {@code null}
 * @param identifierType {@code email}, {@code wallet} or {@code custom}
 * ({@code identifier_type}), may be {@code null}
 * @param identifierValue the identifier itself (personal data)
 * ({@code identifier_value}), may be {@code null}
 * @param linkedAt when it was linked ({@code linked_at}), may be {@code null}
 * @author TryMellon
 * @since 0.1.0
 */
public record IdentifierLinkedEvent(WebhookEnvelope envelope,
		@Nullable String userId,
		@Nullable String identifierId,
		@Nullable String identifierType,
		@Nullable String identifierValue,
		@Nullable Instant linkedAt) implements TryMellonWebhookEvent {

	/**
	 * The event type.
	 */
	public static final String TYPE = "identifier.linked";

	/**
	 * Creates the event.
	 * @param envelope what every event carries
	 * @param userId see {@link #userId()}
	 * @param identifierId see {@link #identifierId()}
	 * @param identifierType see {@link #identifierType()}
	 * @param identifierValue see {@link #identifierValue()}
	 * @param linkedAt see {@link #linkedAt()}
	 */
	public IdentifierLinkedEvent {
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
	 * @param identifierId see {@link #identifierId()}
	 * @param identifierType see {@link #identifierType()}
	 * @param identifierValue see {@link #identifierValue()}
	 * @param linkedAt see {@link #linkedAt()}
	 * @deprecated since 0.2.0 for removal, in favor of
	 * {@link #IdentifierLinkedEvent(WebhookEnvelope, String, String, String, String, Instant)}
	 */
	@Deprecated(since = "0.2.0", forRemoval = true)
	public IdentifierLinkedEvent(String id, @Nullable Instant createdAt, @Nullable String tenantId,
			@Nullable String applicationId, Map<String, Object> data, @Nullable String userId,
			@Nullable String identifierId, @Nullable String identifierType, @Nullable String identifierValue,
			@Nullable Instant linkedAt) {
		this(new WebhookEnvelope(id, createdAt, tenantId, applicationId, data), userId, identifierId, identifierType,
				identifierValue, linkedAt);
	}

	@Override
	public String type() {
		return TYPE;
	}

}
