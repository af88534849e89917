package dev.trymellon.spring.autoconfigure.actuate;

import io.micrometer.observation.ObservationRegistry;

import dev.trymellon.spring.actuate.AuthenticationErrorCodeObservationFilter;
import dev.trymellon.spring.actuate.JwksFetchObservations;
import dev.trymellon.spring.actuate.RevocationSyncObservations;
import dev.trymellon.spring.actuate.WebhookDeliveryObservations;
import dev.trymellon.spring.redis.RevocationSyncObserver;
import dev.trymellon.spring.session.offline.JwksFetchObserver;
import dev.trymellon.spring.webhook.DeliveryObserver;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of TryMellon's Micrometer observations (metrics and traces) when an
 * {@link ObservationRegistry} is present: the JWKS fetch ({@code trymellon.jwks.fetch}),
 * the webhook delivery ({@code trymellon.webhook.delivery}), the Redis revocation publish
 * and resync ({@code trymellon.revocation.publish}, {@code trymellon.revocation.resync}),
 * and the TryMellon error code on Spring Security's authentication observation. Each is
 * given to the starter's components through a neutral hook, so that only this layer
 * knows Micrometer; none is on the verified-token cache-hit path. Switch them off the
 * Boot way, {@code management.observations.enable.trymellon=false}.
 *
 * @author TryMellon
 * @since 0.2.0
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean(ObservationRegistry.class)
public final class TryMellonObservationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(JwksFetchObserver.class)
	JwksFetchObservations tryMellonJwksFetchObservations(ObservationRegistry registry) {
		return new JwksFetchObservations(registry);
	}

	@Bean
	@ConditionalOnMissingBean(DeliveryObserver.class)
	WebhookDeliveryObservations tryMellonWebhookDeliveryObservations(ObservationRegistry registry) {
		return new WebhookDeliveryObservations(registry);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.data.redis.connection.RedisConnectionFactory")
	static class RevocationSyncObservationConfiguration {

		@Bean
		@ConditionalOnMissingBean(RevocationSyncObserver.class)
		RevocationSyncObservations tryMellonRevocationSyncObservations(ObservationRegistry registry) {
			return new RevocationSyncObservations(registry);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.security.authentication.AuthenticationObservationContext")
	static class AuthenticationObservationConfiguration {

		@Bean
		AuthenticationErrorCodeObservationFilter tryMellonAuthenticationErrorCodeObservationFilter() {
			return new AuthenticationErrorCodeObservationFilter();
		}

	}

}
