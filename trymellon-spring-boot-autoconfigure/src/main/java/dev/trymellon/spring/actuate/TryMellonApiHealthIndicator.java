package dev.trymellon.spring.actuate;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.remote.TryMellonApiClient;
import dev.trymellon.spring.remote.TryMellonApiStatus;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.util.Assert;

/**
 * Health of TryMellon's API as the {@link TryMellonApiClient} last saw it; never calls
 * the API. {@code UNKNOWN} before the first call; {@code UP} while the last call got an
 * answer; after a call that got none (unreachable, {@code 5xx}, {@code 429}, an answer
 * that cannot be trusted) {@code DOWN} when every request depends on the API (remote
 * mode), else {@code UP} with the failure in the details, since only hybrid re-checks
 * and online checks are affected. Details: {@code lastOutcome}, {@code lastCallAt},
 * {@code lastAnswerAt}, {@code consecutiveFailures}, {@code rateLimitedUntil}.
 *
 * @author TryMellon
 * @since 0.2.0
 */
public class TryMellonApiHealthIndicator extends AbstractHealthIndicator {

	private final TryMellonApiClient client;

	private final boolean critical;

	/**
	 * Creates an indicator.
	 * @param client the client whose last calls to report
	 * @param critical whether every request depends on the API (remote mode): a failing
	 * API is then {@code DOWN}
	 */
	public TryMellonApiHealthIndicator(TryMellonApiClient client, boolean critical) {
		super("TryMellon API health check failed");
		Assert.notNull(client, "client cannot be null");
		this.client = client;
		this.critical = critical;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		TryMellonApiStatus status = this.client.getStatus();
		if (status.lastOutcome() == null) {
			builder.unknown().withDetail("calls", 0);
			return;
		}
		if (status.isAnswering() || !this.critical) {
			builder.up();
		}
		else {
			builder.down();
		}
		builder.withDetail("calls", status.calls());
		builder.withDetail("lastOutcome", status.lastOutcome().name());
		detail(builder, "lastCallAt", status.lastCallAt());
		detail(builder, "lastAnswerAt", status.lastAnswerAt());
		builder.withDetail("consecutiveFailures", status.consecutiveFailures());
		detail(builder, "rateLimitedUntil", status.rateLimitedUntil());
	}

	private static void detail(Health.Builder builder, String name, @Nullable Instant at) {
		if (at != null) {
			builder.withDetail(name, at.toString());
		}
	}

}
