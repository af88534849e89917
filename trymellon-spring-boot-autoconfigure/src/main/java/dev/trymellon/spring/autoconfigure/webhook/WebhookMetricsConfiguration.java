package dev.trymellon.spring.autoconfigure.webhook;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Counts webhook deliveries when Micrometer and a {@link MeterRegistry} are present.
 *
 * @author TryMellon
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(MeterRegistry.class)
class WebhookMetricsConfiguration {

	@Bean
	WebhookFilterCustomizer tryMellonWebhookMetricsCustomizer(ObjectProvider<MeterRegistry> meterRegistry) {
		return (builder) -> meterRegistry.ifUnique(builder::meterRegistry);
	}

}
