package dev.trymellon.spring.actuate;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.revocation.RevocationStore;
import dev.trymellon.spring.revocation.RevocationStoreStatus;
import dev.trymellon.spring.session.offline.JwksKeySource;
import dev.trymellon.spring.webhook.TryMellonWebhookReceiver;
import dev.trymellon.spring.webhook.WebhookReceiverStatus;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.util.Assert;

/**
 * Health of TryMellon session-token checking: the signing keys, and, when set, the
 * revocation store and the webhook receiver.
 * <ul>
 * <li>{@code UP}: usable keys are held. When the latest refresh failed but the cached
 * keys are still within max-stale, the status stays {@code UP} (tokens are still
 * checked) and the details say {@code lastFetchFailed: true}.</li>
 * <li>{@code DOWN}: no usable keys; every token is answered 503 until keys arrive. Also
 * {@code DOWN} while a shared revocation store (Redis) is unreachable, but only when
 * {@link #setDownWhenSharedStoreUnreachable(boolean) asked to}: tokens are still
 * checked against this replica's view of the revocations, so by default the store's
 * state is reported in the details and leaves the status alone.</li>
 * <li>{@code UNKNOWN}: the first fetch has not finished yet.</li>
 * </ul>
 * Details: {@code keys} (count), {@code lastRefresh}, {@code lastFetchFailed} with
 * {@code lastFailure} (why, in a few words: HTTP status, timeout, unknown host, parse
 * error), and the JWKS {@code source} URL (no secrets); {@code revocations} ({@code kind}
 * {@code memory} or {@code redis}, {@code size} held in memory, and for a shared store
 * {@code reachable}, {@code lastResync} and {@code lastFailure}); {@code webhook}
 * ({@code path}, {@code lastAccepted}, and {@code rejections} since the start by reason,
 * the {@code reason} tag of {@code trymellon.webhook.deliveries}). The webhook never
 * changes the status: a sender's bad deliveries are not this application's failure.
 * Everything is read from the snapshots the key source, the store and the receiver keep
 * ({@link JwksKeySource#status()}, {@link RevocationStore#status()},
 * {@link TryMellonWebhookReceiver#status()}): the health call does no network I/O.
 * Rejection reasons tell a forger why a delivery failed: show details only to
 * operators ({@code management.endpoint.health.show-details=when-authorized}).
 *
 * @author TryMellon
 * @since 0.1.0
 */
public class TryMellonJwksHealthIndicator extends AbstractHealthIndicator {

	private final JwksKeySource keys;

	private @Nullable RevocationStore revocationStore;

	private @Nullable TryMellonWebhookReceiver webhookReceiver;

	private boolean downWhenSharedStoreUnreachable;

	/**
	 * Creates an indicator for the given key source.
	 * @param keys the key source
	 */
	public TryMellonJwksHealthIndicator(JwksKeySource keys) {
		super("TryMellon JWKS health check failed");
		Assert.notNull(keys, "keys cannot be null");
		this.keys = keys;
	}

	/**
	 * Sets the revocation store to report on (default none).
	 * @param revocationStore the store, or {@code null}
	 * @since 0.2.0
	 */
	public void setRevocationStore(@Nullable RevocationStore revocationStore) {
		this.revocationStore = revocationStore;
	}

	/**
	 * Sets the webhook receiver to report on (default none).
	 * @param webhookReceiver the receiver, or {@code null}
	 * @since 0.2.0
	 */
	public void setWebhookReceiver(@Nullable TryMellonWebhookReceiver webhookReceiver) {
		this.webhookReceiver = webhookReceiver;
	}

	/**
	 * Sets whether the status is {@code DOWN} while the shared revocation store's latest
	 * call to its backend failed (default {@code false}: reported in the details only).
	 * @param downWhenSharedStoreUnreachable whether an unreachable shared store is
	 * {@code DOWN}
	 * @since 0.2.0
	 */
	public void setDownWhenSharedStoreUnreachable(boolean downWhenSharedStoreUnreachable) {
		this.downWhenSharedStoreUnreachable = downWhenSharedStoreUnreachable;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		JwksKeySource.Status status = this.keys.status();
		if (status.usable()) {
			builder.up();
		}
		else if (status.fetches() == 0 && !status.isStatic()) {
			builder.unknown();
		}
		else {
			builder.down();
		}
		builder.withDetail("keys", status.keys());
		builder.withDetail("source", status.isStatic() ? "static" : String.valueOf(status.uri()));
		Instant lastRefresh = status.lastRefresh();
		if (lastRefresh != null) {
			builder.withDetail("lastRefresh", lastRefresh.toString());
		}
		if (!status.isStatic()) {
			builder.withDetail("lastFetchFailed", status.lastFetchFailed());
			String lastFailure = status.lastFailure();
			if (lastFailure != null) {
				builder.withDetail("lastFailure", lastFailure);
			}
		}
		RevocationStore store = this.revocationStore;
		if (store != null) {
			revocations(builder, store);
		}
		TryMellonWebhookReceiver receiver = this.webhookReceiver;
		if (receiver != null) {
			webhook(builder, receiver);
		}
	}

	private void revocations(Health.Builder builder, RevocationStore store) {
		RevocationStoreStatus status = store.status();
		Map<String, Object> details = new LinkedHashMap<>();
		if (status == null) {
			details.put("kind", store.getClass().getSimpleName());
			builder.withDetail("revocations", details);
			return;
		}
		details.put("kind", status.kind());
		details.put("size", status.size());
		if (status.shared()) {
			Boolean reachable = status.reachable();
			details.put("reachable", (reachable != null) ? reachable : "unknown");
			Instant lastResync = status.lastResync();
			if (lastResync != null) {
				details.put("lastResync", lastResync.toString());
			}
			String lastFailure = status.lastFailure();
			if (lastFailure != null) {
				details.put("lastFailure", lastFailure);
			}
			if (Boolean.FALSE.equals(reachable) && this.downWhenSharedStoreUnreachable) {
				builder.down();
			}
		}
		builder.withDetail("revocations", details);
	}

	private static void webhook(Health.Builder builder, TryMellonWebhookReceiver receiver) {
		WebhookReceiverStatus status = receiver.status();
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("path", receiver.getPath());
		Instant lastAccepted = status.lastAccepted();
		details.put("lastAccepted", (lastAccepted != null) ? lastAccepted.toString() : "never");
		details.put("rejections", status.rejections());
		builder.withDetail("webhook", details);
	}

}
