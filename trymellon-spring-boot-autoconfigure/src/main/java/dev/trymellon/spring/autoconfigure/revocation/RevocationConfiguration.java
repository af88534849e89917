package dev.trymellon.spring.autoconfigure.revocation;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import dev.trymellon.spring.autoconfigure.TryMellonProperties;
import dev.trymellon.spring.revocation.InMemoryRevocationStore;
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
		TryMellonProperties.Revocation revocation = properties.getRevocation();
		return new InMemoryRevocationStore(clock.getIfUnique(Clock::systemUTC),
				claims("trymellon.revocation.session-id-claims", revocation.getSessionIdClaims()),
				claims("trymellon.revocation.credential-id-claims", revocation.getCredentialIdClaims()));
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
		Duration skew = properties.getToken().getClockSkew();
		return (skew != null && !skew.isNegative()) ? retention.plus(skew) : retention;
	}

	static List<String> claims(String property, List<String> names) {
		for (String name : names) {
			if (name == null || name.isBlank()) {
				throw new InvalidConfigurationPropertyValueException(property, names,
						"Claim names must not be empty");
			}
		}
		return names;
	}

}
