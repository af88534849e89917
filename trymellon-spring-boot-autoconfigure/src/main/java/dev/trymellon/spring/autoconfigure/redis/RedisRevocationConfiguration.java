package dev.trymellon.spring.autoconfigure.redis;

import java.time.Clock;
import java.time.Duration;

import dev.trymellon.spring.autoconfigure.TryMellonProperties;
import dev.trymellon.spring.autoconfigure.revocation.InMemoryRevocationStores;
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
		InMemoryRevocationStore local = InMemoryRevocationStores.fromProperties(properties, time);
		RedisRevocationStore store = new RedisRevocationStore(connectionFactory, local, keyPrefix(properties), time);
		Duration resync = properties.getRedis().getResyncInterval();
		if (resync == null || resync.isNegative()) {
			throw new InvalidConfigurationPropertyValueException("trymellon.redis.resync-interval", resync,
					"Must not be negative (zero turns the re-read off)");
		}
		store.setResyncInterval(resync);
		return store;
	}

	static String keyPrefix(TryMellonProperties properties) {
		String prefix = properties.getRedis().getKeyPrefix();
		if (prefix == null || prefix.isBlank()) {
			throw new InvalidConfigurationPropertyValueException("trymellon.redis.key-prefix", prefix,
					"Must not be empty: it keeps TryMellon's keys apart from the application's");
		}
		return prefix;
	}

}
