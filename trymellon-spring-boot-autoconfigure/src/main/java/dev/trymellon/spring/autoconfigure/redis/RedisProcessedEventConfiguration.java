package dev.trymellon.spring.autoconfigure.redis;

import dev.trymellon.spring.autoconfigure.PropertyChecks;
import dev.trymellon.spring.autoconfigure.TryMellonProperties;
import dev.trymellon.spring.redis.RedisProcessedEventStore;
import dev.trymellon.spring.webhook.ProcessedEventStore;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * The shared processed-event store of the webhook receiver, unless the application has
 * its own.
 *
 * @author TryMellon
 */
@Configuration(proxyBeanMethods = false)
class RedisProcessedEventConfiguration {

	@Bean
	@ConditionalOnMissingBean(ProcessedEventStore.class)
	RedisProcessedEventStore tryMellonProcessedEventStore(TryMellonProperties properties,
			RedisConnectionFactory connectionFactory) {
		return new RedisProcessedEventStore(connectionFactory, PropertyChecks.redisKeyPrefix(properties));
	}

}
