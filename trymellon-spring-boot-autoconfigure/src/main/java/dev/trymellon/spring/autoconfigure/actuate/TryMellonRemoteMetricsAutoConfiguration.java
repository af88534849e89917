package dev.trymellon.spring.autoconfigure.actuate;

import io.micrometer.core.instrument.MeterRegistry;

import dev.trymellon.spring.actuate.RemoteCallMetrics;
import dev.trymellon.spring.autoconfigure.remote.TryMellonRemoteAutoConfiguration;
import dev.trymellon.spring.remote.TryMellonApiClient;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the meters of TryMellon's API calls ({@link RemoteCallMetrics})
 * when Micrometer, a {@link MeterRegistry} and the API client are present. The client
 * and the remote-result checker report to it as a
 * {@link dev.trymellon.spring.remote.RemoteCallListener}.
 *
 * @author TryMellon
 * @since 0.2.0
 */
@AutoConfiguration(after = TryMellonRemoteAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, TryMellonApiClient.class })
public final class TryMellonRemoteMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RemoteCallMetrics tryMellonRemoteCallMetrics() {
		return new RemoteCallMetrics();
	}

}
