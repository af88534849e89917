package dev.trymellon.spring.autoconfigure.redis;

import java.time.Clock;
import java.util.List;

import dev.trymellon.spring.autoconfigure.TryMellonProperties;
import dev.trymellon.spring.redis.RedisRevocationStore;
import dev.trymellon.spring.revocation.InMemoryRevocationStore;
import dev.trymellon.spring.revocation.RevocationStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * The shared revocation store, unless revocation is off or the application has its own.
 *
 * @author TryMellon
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "trymellon.revocation.enabled", matchIfMissing = true)
class RedisRevocationConfiguration {

	@Bean
	@ConditionalOnMissingBean(RevocationStore.class)
	RedisRevocationStore tryMellonRevocationStore(TryMellonProperties properties,
			RedisConnectionFactory connectionFactory, ObjectProvider<Clock> clock) {
		Clock time = clock.getIfUnique(Clock::systemUTC);
		TryMellonProperties.Revocation revocation = properties.getRevocation();
		InMemoryRevocationStore local = new InMemoryRevocationStore(time,
				claims("trymellon.revocation.session-id-claims", revocation.getSessionIdClaims()),
				claims("trymellon.revocation.credential-id-claims", revocation.getCredentialIdClaims()));
		return new RedisRevocationStore(connectionFactory, local, keyPrefix(properties), time);
	}

	static String keyPrefix(TryMellonProperties properties) {
		String prefix = properties.getRedis().getKeyPrefix();
		if (prefix == null || prefix.isBlank()) {
			throw new InvalidConfigurationPropertyValueException("trymellon.redis.key-prefix", prefix,
					"Must not be empty: it keeps TryMellon's keys apart from the application's");
		}
		return prefix;
	}

	private static List<String> claims(String property, List<String> names) {
		for (String name : names) {
			if (name == null || name.isBlank()) {
				throw new InvalidConfigurationPropertyValueException(property, names,
						"Claim names must not be empty");
			}
		}
		return names;
	}

}
