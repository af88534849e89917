package dev.trymellon.spring.actuate;

import java.lang.management.ManagementFactory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.trymellon.spring.webhook.DeliveryResult;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookDeliveryMetricsTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final WebhookDeliveryMetrics metrics = new WebhookDeliveryMetrics();

	@Test
	void everyOutcomeAndReasonIsRegisteredUpFront() {
		this.metrics.bindTo(this.registry);
		assertThat(this.registry.find("trymellon.webhook.deliveries").counters()).hasSize(DeliveryResult.values().length);
		for (DeliveryResult result : DeliveryResult.values()) {
			Counter counter = counter(result.outcome(), result.reason());
			assertThat(counter.count()).isZero();
			assertThat(counter.getId().getDescription()).isEqualTo("TryMellon webhook deliveries, by outcome and reason");
		}
		assertThat(counter("accepted", "none")).isNotNull();
		assertThat(counter("rejected", "signature_invalid")).isNotNull();
		assertThat(counter("failed", "store_unavailable")).isNotNull();
	}

	@Test
	void eachDeliveryIncrementsItsCounter() {
		this.metrics.bindTo(this.registry);
		this.metrics.delivered(DeliveryResult.ACCEPTED);
		this.metrics.delivered(DeliveryResult.SIGNATURE_INVALID);
		this.metrics.delivered(DeliveryResult.SIGNATURE_INVALID);
		assertThat(counter("accepted", "none").count()).isEqualTo(1);
		assertThat(counter("rejected", "signature_invalid").count()).isEqualTo(2);
		assertThat(counter("duplicate", "already_processed").count()).isZero();
	}

	@Test
	void beforeBindingNothingIsCountedAndNothingFails() {
		this.metrics.delivered(DeliveryResult.ACCEPTED);
		assertThat(this.registry.getMeters()).isEmpty();
	}

	@Test
	void countingAllocatesNothing() {
		this.metrics.bindTo(this.registry);
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
			.getThreadMXBean();
		long thread = Thread.currentThread().getId();
		for (int i = 0; i < 100_000; i++) {
			this.metrics.delivered(DeliveryResult.ACCEPTED);
		}
		long before = threads.getThreadAllocatedBytes(thread);
		for (int i = 0; i < 100_000; i++) {
			this.metrics.delivered(DeliveryResult.SIGNATURE_INVALID);
		}
		long allocated = threads.getThreadAllocatedBytes(thread) - before;
		// one allocation per delivery would be at least 1.6 MB
		assertThat(allocated).isLessThan(16 * 1024);
		assertThat(counter("rejected", "signature_invalid").count()).isEqualTo(100_000);
	}

	private Counter counter(String outcome, String reason) {
		return this.registry.get("trymellon.webhook.deliveries").tag("outcome", outcome).tag("reason", reason).counter();
	}

}
