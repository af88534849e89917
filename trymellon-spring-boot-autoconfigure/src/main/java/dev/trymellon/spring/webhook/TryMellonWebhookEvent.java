package dev.trymellon.spring.webhook;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A verified TryMellon webhook event, published to the application as a Spring
 * application event once its signature, timestamp and uniqueness have been checked.
 * <p>
 * Every documented event type has its own record with typed accessors for the fields of
 * its {@code data}, bound strictly (strings must be JSON strings, times RFC 3339 strings
 * with an offset); types this version does not know arrive as
 * {@link UnknownWebhookEvent}. What every event carries is its {@link #envelope()}.
 * Listen with ordinary event listeners:
 * <pre class="code">
 * &#64;EventListener
 * void onRevoked(SessionRevokedEvent event) {
 *     sessions.revoke(event.sessionId());
 * }
 * </pre>
 * A listener that throws makes the receiver answer {@code 500}, so TryMellon delivers
 * the event again.
 *
 * @author TryMellon
 * @since 0.1.0
 */
public sealed interface TryMellonWebhookEvent
		permits ApplicationSecretRotatedEvent, SessionRevokedEvent, SessionLogoutEvent, UserLockedEvent,
		CredentialRevokedEvent, IdentifierLinkedEvent, IdentifierUnlinkedEvent, RecoveryEnrollmentIssuedEvent,
		RecoveryEnrollmentCompletedEvent, AuthSuccessEvent, UnknownWebhookEvent {

	/**
	 * What the event carries besides its type and its type-specific fields: id,
	 * creation time, tenant, application and the {@code data} object, read from either
	 * envelope shape.
	 * @return the envelope
	 * @since 0.2.0
	 */
	WebhookEnvelope envelope();

	/**
	 * The event type, for example {@code session.revoked} (the body's {@code type}, or
	 * {@code event} in the SDK's envelope).
	 * @return the event type
	 */
	String type();

	/**
	 * The event id.
	 * @return the event id
	 * @see WebhookEnvelope#id()
	 */
	default String id() {
		return envelope().id();
	}

	/**
	 * When TryMellon created the event.
	 * @return the creation time, or {@code null} when the payload carries none
	 * @see WebhookEnvelope#createdAt()
	 */
	default @Nullable Instant createdAt() {
		return envelope().createdAt();
	}

	/**
	 * The tenant id.
	 * @return the tenant id, or {@code null}
	 * @see WebhookEnvelope#tenantId()
	 */
	default @Nullable String tenantId() {
		return envelope().tenantId();
	}

	/**
	 * The application id.
	 * @return the application id, or {@code null}
	 * @see WebhookEnvelope#applicationId()
	 */
	default @Nullable String applicationId() {
		return envelope().applicationId();
	}

	/**
	 * The event's {@code data} object as received (read-only).
	 * @return the data, empty when the payload has none
	 * @see WebhookEnvelope#data()
	 */
	default Map<String, Object> data() {
		return envelope().data();
	}

}
