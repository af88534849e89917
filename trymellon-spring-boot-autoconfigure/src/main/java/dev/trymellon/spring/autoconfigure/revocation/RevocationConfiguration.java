package dev.trymellon.spring.autoconfigure.revocation;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import dev.trymellon.spring.autoconfigure.PropertyChecks;
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
	 * How long an entry is kept after its revocation: the retention, checked to be at
	 * least the longest token lifetime plus twice the clock skew. A token issued up to
	 * the skew after a revocation is refused by it, lives at most the maximum lifetime
	 * and is accepted up to the skew after its expiry: once the entry is forgotten, no
	 * token it refused can come back.
	 */
	static Duration keep(TryMellonProperties properties) {
		Duration retention = Objects.requireNonNullElse(properties.getRevocation().getRetention(),
				RevocationWebhookListener.DEFAULT_RETENTION);
		if (retention.isNegative() || retention.isZero()) {
			throw new InvalidConfigurationPropertyValueException("trymellon.revocation.retention", retention,
					"Must be positive: at least 'trymellon.token.max-lifetime' plus twice "
							+ "'trymellon.token.clock-skew'");
		}
		Duration skew = PropertyChecks.clockSkew(properties);
		Duration maxLifetime = PropertyChecks.maxLifetime(properties);
		Duration minimum = maxLifetime.plus(skew.multipliedBy(2));
		if (retention.compareTo(minimum) < 0) {
			throw new InvalidConfigurationPropertyValueException("trymellon.revocation.retention", retention,
					"Must be at least 'trymellon.token.max-lifetime' (" + maxLifetime + ") plus twice "
							+ "'trymellon.token.clock-skew' (" + skew + "), that is " + minimum
							+ ", or a revoked token could be accepted again once its revocation is forgotten. "
							+ "Set 'trymellon.revocation.retention' to " + minimum
							+ " or more, or lower 'trymellon.token.max-lifetime'");
		}
		return retention;
	}

}
