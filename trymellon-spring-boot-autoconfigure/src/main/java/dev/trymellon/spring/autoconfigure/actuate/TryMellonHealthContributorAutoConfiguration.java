package dev.trymellon.spring.autoconfigure.actuate;

import dev.trymellon.spring.actuate.TryMellonJwksHealthIndicator;
import dev.trymellon.spring.autoconfigure.TryMellonAutoConfiguration;
import dev.trymellon.spring.autoconfigure.redis.TryMellonRedisAutoConfiguration;
import dev.trymellon.spring.autoconfigure.revocation.TryMellonRevocationAutoConfiguration;
import dev.trymellon.spring.autoconfigure.webhook.TryMellonWebhookAutoConfiguration;
import dev.trymellon.spring.revocation.RevocationStore;
import dev.trymellon.spring.session.offline.JwksKeySource;
import dev.trymellon.spring.webhook.TryMellonWebhookReceiver;

import org.springframework.beans.factory.ObjectProvider;
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
 * Auto-configuration} of the {@code trymellon} health indicator (signing keys,
 * revocation store, webhook receiver), when Spring Boot's health support is present.
 * Turn it off with {@code management.health.trymellon.enabled=false}; make an
 * unreachable shared revocation store {@code DOWN} with
 * {@code trymellon.health.down-when-redis-unreachable=true}.
 *
 * @author TryMellon
 * @since 0.1.0
 */
@AutoConfiguration(after = { TryMellonAutoConfiguration.class, TryMellonRevocationAutoConfiguration.class,
		TryMellonRedisAutoConfiguration.class, TryMellonWebhookAutoConfiguration.class })
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(JwksKeySource.class)
@ConditionalOnEnabledHealthIndicator("trymellon")
@EnableConfigurationProperties(TryMellonHealthProperties.class)
public final class TryMellonHealthContributorAutoConfiguration {

	// The bean name, less Boot's "HealthIndicator" suffix, is the contributor's name:
	// "trymellon", as in /actuator/health/trymellon and management.health.trymellon.*.
	@Bean
	@ConditionalOnMissingBean(name = "trymellonHealthIndicator")
	TryMellonJwksHealthIndicator trymellonHealthIndicator(JwksKeySource keys,
			ObjectProvider<RevocationStore> revocationStore, ObjectProvider<TryMellonWebhookReceiver> webhookReceiver,
			TryMellonHealthProperties properties) {
		TryMellonJwksHealthIndicator indicator = new TryMellonJwksHealthIndicator(keys);
		indicator.setRevocationStore(revocationStore.getIfUnique());
		indicator.setWebhookReceiver(webhookReceiver.getIfUnique());
		indicator.setDownWhenSharedStoreUnreachable(properties.isDownWhenRedisUnreachable());
		return indicator;
	}

}
