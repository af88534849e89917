package dev.trymellon.spring.autoconfigure.actuate;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.trymellon.spring.actuate.WebhookDeliveryMetrics;
import dev.trymellon.spring.autoconfigure.webhook.TryMellonWebhookAutoConfiguration;
import dev.trymellon.spring.webhook.TryMellonWebhookReceiver;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the webhook delivery meters ({@link WebhookDeliveryMetrics})
 * when Micrometer, a {@link MeterRegistry} and the webhook receiver are present. Spring
 * Boot binds the {@link io.micrometer.core.instrument.binder.MeterBinder} to the
 * registry, and the receiver tells it how each delivery ended.
 *
 * @author TryMellon
 * @since 0.2.0
 */
@AutoConfiguration(after = TryMellonWebhookAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, TryMellonWebhookReceiver.class })
public final class TryMellonWebhookMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WebhookDeliveryMetrics tryMellonWebhookDeliveryMetrics() {
		return new WebhookDeliveryMetrics();
	}

}
