package dev.trymellon.spring.webhook;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The {@value #TYPE} webhook event. A user logged out: the SDK's {@code logout()} or
 * {@code POST /v1/sessions/:id/logout}.
 *
 * @param envelope what every event carries: id, creation time, tenant, application and
 * the {@code data} object
 * @param userId the TryMellon user id ({@code user_id}), may be {@code null}
 * @param sessionId the ended session ({@code session_id}), may be {@code null}
 * @param externalUserId the application's own user id, if linked
 * ({@code external_user_id}), may be {@code null}
 * @param loggedOutAt when the user logged out ({@code logged_out_at}), may be
 * {@code null}
 * @author TryMellon
 * @since 0.1.0
 */
public record SessionLogoutEvent(WebhookEnvelope envelope,
		@Nullable String userId,
		@Nullable String sessionId,
		@Nullable String externalUserId,
		@Nullable Instant loggedOutAt) implements TryMellonWebhookEvent {

	/**
	 * The event type.
	 */
	public static final String TYPE = "session.logout";

	/**
	 * Creates the event.
	 * @param envelope what every event carries
	 * @param userId see {@link #userId()}
	 * @param sessionId see {@link #sessionId()}
	 * @param externalUserId see {@link #externalUserId()}
	 * @param loggedOutAt see {@link #loggedOutAt()}
	 */
	public SessionLogoutEvent {
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
	 * @param sessionId see {@link #sessionId()}
	 * @param externalUserId see {@link #externalUserId()}
	 * @param loggedOutAt see {@link #loggedOutAt()}
	 * @deprecated since 0.2.0 for removal, in favor of
	 * {@link #SessionLogoutEvent(WebhookEnvelope, String, String, String, Instant)}
	 */
	@Deprecated(since = "0.2.0", forRemoval = true)
	public SessionLogoutEvent(String id, @Nullable Instant createdAt, @Nullable String tenantId,
			@Nullable String applicationId, Map<String, Object> data, @Nullable String userId,
			@Nullable String sessionId, @Nullable String externalUserId, @Nullable Instant loggedOutAt) {
		this(new WebhookEnvelope(id, createdAt, tenantId, applicationId, data), userId, sessionId, externalUserId,
				loggedOutAt);
	}

	@Override
	public String type() {
		return TYPE;
	}

}
