package dev.trymellon.spring.autoconfigure.actuate;

import dev.trymellon.spring.actuate.TryMellonApiHealthIndicator;
import dev.trymellon.spring.autoconfigure.TryMellonProperties;
import dev.trymellon.spring.autoconfigure.TryMellonProperties.Validation.Mode;
import dev.trymellon.spring.autoconfigure.remote.TryMellonRemoteAutoConfiguration;
import dev.trymellon.spring.remote.TryMellonApiClient;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the {@code trymellonApi} health indicator (TryMellon's API as
 * last seen, never called for it). Turn it off with
 * {@code management.health.trymellon-api.enabled=false}.
 *
 * @author TryMellon
 * @since 0.2.0
 */
@AutoConfiguration(after = TryMellonRemoteAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(TryMellonApiClient.class)
@ConditionalOnEnabledHealthIndicator("trymellon-api")
@EnableConfigurationProperties(TryMellonProperties.class)
public final class TryMellonApiHealthContributorAutoConfiguration {

	// "trymellonApi", as in /actuator/health/trymellonApi
	@Bean
	@ConditionalOnMissingBean(name = "trymellonApiHealthIndicator")
	TryMellonApiHealthIndicator trymellonApiHealthIndicator(TryMellonApiClient client,
			TryMellonProperties properties) {
		return new TryMellonApiHealthIndicator(client, properties.getValidation().getMode() == Mode.REMOTE);
	}

}
