package dev.trymellon.spring.autoconfigure.actuate;

import dev.trymellon.spring.actuate.TryMellonJwksHealthIndicator;
import dev.trymellon.spring.autoconfigure.TryMellonAutoConfiguration;
import dev.trymellon.spring.session.offline.JwksKeySource;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the {@code trymellon} health indicator (signing keys), when
 * Spring Boot's health support is present. Turn it off with
 * {@code management.health.trymellon.enabled=false}.
 *
 * @author TryMellon
 * @since 0.1.0
 */
@AutoConfiguration(after = TryMellonAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(JwksKeySource.class)
@ConditionalOnEnabledHealthIndicator("trymellon")
public final class TryMellonHealthContributorAutoConfiguration {

	// The bean name, less Boot's "HealthIndicator" suffix, is the contributor's name:
	// "trymellon", as in /actuator/health/trymellon and management.health.trymellon.*.
	@Bean
	@ConditionalOnMissingBean(name = "trymellonHealthIndicator")
	TryMellonJwksHealthIndicator trymellonHealthIndicator(JwksKeySource keys) {
		return new TryMellonJwksHealthIndicator(keys);
	}

}
