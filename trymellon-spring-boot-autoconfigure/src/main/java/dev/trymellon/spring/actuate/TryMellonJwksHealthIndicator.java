package dev.trymellon.spring.actuate;

import java.time.Instant;

import dev.trymellon.spring.session.offline.JwksKeySource;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.util.Assert;

/**
 * Health of the signing keys session tokens are checked with.
 * <ul>
 * <li>{@code UP}: usable keys are held. When the latest refresh failed but the cached
 * keys are still within max-stale, the status stays {@code UP} (tokens are still
 * checked) and the details say {@code lastFetchFailed: true}.</li>
 * <li>{@code DOWN}: no usable keys; every token is answered 503 until keys arrive.</li>
 * <li>{@code UNKNOWN}: the first fetch has not finished yet.</li>
 * </ul>
 * Details: {@code keys} (count), {@code lastRefresh}, {@code lastFetchFailed} with
 * {@code lastFailure} (why, in a few words: HTTP status, timeout, unknown host, parse
 * error), and the JWKS {@code source} URL (no secrets). Everything is read from
 * {@link JwksKeySource#status()}: the health call does no network I/O.
 *
 * @author TryMellon
 * @since 0.1.0
 */
public class TryMellonJwksHealthIndicator extends AbstractHealthIndicator {

	private final JwksKeySource keys;

	/**
	 * Creates an indicator for the given key source.
	 * @param keys the key source
	 */
	public TryMellonJwksHealthIndicator(JwksKeySource keys) {
		super("TryMellon JWKS health check failed");
		Assert.notNull(keys, "keys cannot be null");
		this.keys = keys;
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
	}

}
