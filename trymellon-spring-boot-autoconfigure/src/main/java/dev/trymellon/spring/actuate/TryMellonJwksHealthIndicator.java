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
 * Details: {@code keys} (count), {@code lastRefresh}, {@code lastFetchFailed}, and the
 * JWKS {@code uri} (no secrets).
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
		boolean usable = this.keys.hasUsableKeys();
		if (usable) {
			builder.up();
		}
		else if (this.keys.getFetchCount() == 0 && !this.keys.isStatic()) {
			builder.unknown();
		}
		else {
			builder.down();
		}
		builder.withDetail("keys", this.keys.getKeyCount());
		builder.withDetail("source", this.keys.isStatic() ? "static" : String.valueOf(this.keys.getUri()));
		Instant lastRefresh = this.keys.getLastRefresh();
		if (lastRefresh != null) {
			builder.withDetail("lastRefresh", lastRefresh.toString());
		}
		if (!this.keys.isStatic()) {
			builder.withDetail("lastFetchFailed", this.keys.isLastFetchFailed());
		}
	}

}
