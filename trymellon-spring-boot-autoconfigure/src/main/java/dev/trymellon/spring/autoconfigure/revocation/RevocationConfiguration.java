package dev.trymellon.spring.autoconfigure.revocation;

import java.time.Clock;
import java.time.Duration;

import dev.trymellon.spring.autoconfigure.TryMellonProperties;
import dev.trymellon.spring.revocation.RevocationStore;
import dev.trymellon.spring.revocation.RevocationWebhookListener;
import dev.trymellon.spring.session.offline.VerifiedTokenCache;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The revocation store and its webhook listener.
 *
 * @author TryMellon
 */
@Configuration(proxyBeanMethods = false)
class RevocationConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RevocationStore tryMellonRevocationStore(TryMellonProperties properties, ObjectProvider<Clock> clock) {
		return InMemoryRevocationStores.fromProperties(properties, clock.getIfUnique(Clock::systemUTC));
	}

	@Bean
	@ConditionalOnMissingBean
	RevocationWebhookListener tryMellonRevocationWebhookListener(TryMellonProperties properties,
			RevocationStore store, ObjectProvider<VerifiedTokenCache> cache, ObjectProvider<Clock> clock) {
		return new RevocationWebhookListener(store, cache.getIfUnique(), keep(properties),
				clock.getIfUnique(Clock::systemUTC));
	}

	/**
	 * How long an entry is kept after its revocation: the retention plus the clock skew,
	 * the longest a token issued before it can still be accepted.
	 */
	static Duration keep(TryMellonProperties properties) {
		Duration retention = properties.getRevocation().getRetention();
		if (retention == null || retention.isNegative() || retention.isZero()) {
			throw new InvalidConfigurationPropertyValueException("trymellon.revocation.retention", retention,
					"Must be positive: at least the longest session token lifetime");
		}
		return retention.plus(InMemoryRevocationStores.clockSkew(properties));
	}

}
