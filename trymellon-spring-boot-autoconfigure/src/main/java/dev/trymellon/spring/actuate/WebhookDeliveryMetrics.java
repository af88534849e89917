package dev.trymellon.spring.actuate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import dev.trymellon.spring.webhook.DeliveryListener;
import dev.trymellon.spring.webhook.DeliveryResult;

/**
 * Micrometer meters for the webhook receiver: the {@code trymellon.webhook.deliveries}
 * counter, tags {@code outcome} ({@code accepted}, {@code duplicate}, {@code rejected},
 * {@code in_progress}, {@code failed}) and {@code reason} (see {@link DeliveryResult};
 * {@code none} for a plain success). One counter per result is registered up front, so
 * counting a delivery allocates nothing.
 *
 * @author TryMellon
 * @since 0.2.0
 */
public class WebhookDeliveryMetrics implements DeliveryListener, MeterBinder {

	private static final String METER_NAME = "trymellon.webhook.deliveries";

	private final @Nullable Counter[] counters = new Counter[DeliveryResult.values().length];

	@Override
	public void bindTo(MeterRegistry registry) {
		Assert.notNull(registry, "registry cannot be null");
		for (DeliveryResult result : DeliveryResult.values()) {
			this.counters[result.ordinal()] = Counter.builder(METER_NAME)
				.description("TryMellon webhook deliveries, by outcome and reason")
				.tag("outcome", result.outcome())
				.tag("reason", result.reason())
				.register(registry);
		}
	}

	@Override
	public void delivered(DeliveryResult result) {
		Counter counter = this.counters[result.ordinal()];
		if (counter != null) {
			counter.increment();
		}
	}

}
