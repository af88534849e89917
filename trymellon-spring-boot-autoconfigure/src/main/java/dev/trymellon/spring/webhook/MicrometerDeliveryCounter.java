package dev.trymellon.spring.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts deliveries in the {@code trymellon.webhook.deliveries} counter, tagged with
 * {@code outcome} and {@code reason}.
 *
 * @author TryMellon
 */
final class MicrometerDeliveryCounter implements DeliveryCounter {

	static final String METER_NAME = "trymellon.webhook.deliveries";

	private final MeterRegistry registry;

	MicrometerDeliveryCounter(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void count(DeliveryResult result) {
		Counter.builder(METER_NAME)
			.description("TryMellon webhook deliveries, by outcome and reason")
			.tag("outcome", result.outcome())
			.tag("reason", result.reason())
			.register(this.registry)
			.increment();
	}

}
