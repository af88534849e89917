package dev.trymellon.spring.webhook;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A verified TryMellon webhook event, published to the application as a Spring
 * application event once its signature, timestamp and uniqueness have been checked.
 * <p>
 * Every documented event type has its own record with typed accessors for its fields;
 * types this version does not know arrive as {@link UnknownWebhookEvent}. Listen with
 * ordinary event listeners:
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
	 * The event id: the body's {@code id} when present, else the {@code tm-event-id}
	 * header.
	 * @return the event id
	 */
	String id();

	/**
	 * The event type, for example {@code session.revoked} (the body's {@code type}, or
	 * {@code event} in the SDK's envelope).
	 * @return the event type
	 */
	String type();

	/**
	 * When TryMellon created the event (the body's {@code created_at}, or
	 * {@code timestamp} in the SDK's envelope).
	 * @return the creation time, or {@code null} when the payload carries none
	 */
	@Nullable Instant createdAt();

	/**
	 * The tenant id, read at the top level of the payload or inside {@code data}.
	 * @return the tenant id, or {@code null}
	 */
	@Nullable String tenantId();

	/**
	 * The application id, read at the top level of the payload or inside {@code data}.
	 * @return the application id, or {@code null}
	 */
	@Nullable String applicationId();

	/**
	 * The event's {@code data} object as received (read-only; JSON {@code null} members
	 * are left out), including fields this version has no accessor for.
	 * @return the data, empty when the payload has none
	 */
	Map<String, Object> data();

}
