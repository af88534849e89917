package dev.trymellon.spring.autoconfigure.redis;

import dev.trymellon.spring.autoconfigure.TryMellonProperties;
import dev.trymellon.spring.autoconfigure.revocation.TryMellonRevocationAutoConfiguration;
import dev.trymellon.spring.autoconfigure.webhook.TryMellonWebhookAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * of the Redis stores: with Spring Data Redis on the classpath and a
 * {@link RedisConnectionFactory} bean, revocations are shared by every replica
 * ({@link dev.trymellon.spring.redis.RedisRevocationStore}) and webhook deliveries are
 * de-duplicated across replicas
 * ({@link dev.trymellon.spring.redis.RedisProcessedEventStore}). Each store backs off
 * when the application declares a bean of its type; everything backs off with
 * {@code trymellon.redis.enabled=false}.
 *
 * @author TryMellon
 * @since 0.1.0
 */
@AutoConfiguration(afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
		before = { TryMellonRevocationAutoConfiguration.class, TryMellonWebhookAutoConfiguration.class })
@ConditionalOnClass(RedisConnectionFactory.class)
@ConditionalOnBean(RedisConnectionFactory.class)
@ConditionalOnBooleanProperty(name = "trymellon.redis.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TryMellonProperties.class)
@Import({ RedisRevocationConfiguration.class, RedisProcessedEventConfiguration.class })
public final class TryMellonRedisAutoConfiguration {

}
