package dev.trymellon.spring.test;

import java.util.Map;
import java.util.UUID;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * What {@link AutoConfigureTryMellon#redis()} does to a test context: without Redis
 * (the default) {@code trymellon.redis.enabled=false}, so the context keeps revocations
 * and processed webhook events in memory; with Redis, a key prefix of the context's own,
 * {@code <the application's prefix>test:<random UUID>:}, whose keys are deleted when
 * the context closes.
 *
 * @author TryMellon
 */
final class TryMellonRedisIsolation {

	static final String ENABLED = "trymellon.redis.enabled";

	static final String KEY_PREFIX = "trymellon.redis.key-prefix";

	private static final String DEFAULT_KEY_PREFIX = "trymellon:";

	private static final boolean SPRING_DATA_REDIS_PRESENT = ClassUtils.isPresent(
			"org.springframework.data.redis.connection.RedisConnectionFactory",
			TryMellonRedisIsolation.class.getClassLoader());

	private TryMellonRedisIsolation() {
	}

	/**
	 * Adds the isolating properties for the context and, with Redis, registers the
	 * deletion of its keys on close.
	 * @param context the test context, not refreshed yet
	 * @param redis whether the test asked for the Redis stores
	 * @param properties the properties the customizer adds ahead of the application's
	 */
	static void apply(ConfigurableApplicationContext context, boolean redis, Map<String, Object> properties) {
		if (!redis) {
			properties.put(ENABLED, "false");
			return;
		}
		String configured = context.getEnvironment().getProperty(KEY_PREFIX);
		String base = StringUtils.hasText(configured) ? configured.trim() : DEFAULT_KEY_PREFIX;
		String prefix = base + "test:" + UUID.randomUUID() + ":";
		properties.put(KEY_PREFIX, prefix);
		if (SPRING_DATA_REDIS_PRESENT) {
			context.addApplicationListener(new RedisTestKeys(context, prefix));
		}
	}

}
