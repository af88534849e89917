package dev.trymellon.spring.redis;

import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.fail;

/**
 * The real Redis at 127.0.0.1:6379. When it cannot be reached the calling test fails if
 * {@code TRYMELLON_REDIS_REQUIRED=true}, and is skipped otherwise.
 */
public final class RedisTestSupport {

	public static final String HOST = "127.0.0.1";

	public static final int PORT = 6379;

	private RedisTestSupport() {
	}

	/** A started connection factory to the local Redis, or the test fails or is skipped. */
	public static LettuceConnectionFactory connect() {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(HOST, PORT));
		factory.afterPropertiesSet();
		factory.start();
		try (RedisConnection connection = factory.getConnection()) {
			connection.ping();
			return factory;
		}
		catch (RuntimeException ex) {
			factory.destroy();
			unreachable(ex);
			throw ex;
		}
	}

	/** Fails or skips the running test because Redis cannot be reached. */
	public static void unreachable(Throwable cause) {
		String reason = "Redis at " + HOST + ":" + PORT + " is unreachable: " + cause;
		if ("true".equalsIgnoreCase(System.getenv("TRYMELLON_REDIS_REQUIRED"))) {
			fail(reason + " (TRYMELLON_REDIS_REQUIRED=true)", cause);
		}
		Assumptions.abort(reason);
	}

	/** A key prefix no other run uses. */
	public static String uniquePrefix() {
		return "trymellon-test:" + UUID.randomUUID() + ":";
	}

	/** Deletes every key under the prefix. */
	public static void deleteKeys(LettuceConnectionFactory factory, String prefix) {
		StringRedisTemplate redis = new StringRedisTemplate(factory);
		try (Cursor<String> keys = redis.scan(ScanOptions.scanOptions().match(prefix + "*").count(500).build())) {
			Set<String> all = new java.util.HashSet<>();
			keys.forEachRemaining(all::add);
			if (!all.isEmpty()) {
				redis.delete(all);
			}
		}
	}

}
