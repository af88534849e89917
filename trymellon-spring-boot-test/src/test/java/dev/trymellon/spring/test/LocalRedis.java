package dev.trymellon.spring.test;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.fail;

/**
 * Runs the annotated tests only when the local Redis (127.0.0.1:6379) answers; when it
 * does not they fail if {@code TRYMELLON_REDIS_REQUIRED=true}, and are skipped otherwise.
 */
final class LocalRedis implements ExecutionCondition {

	static final String HOST = "127.0.0.1";

	static final int PORT = 6379;

	/** A started connection factory to the local Redis; the caller destroys it. */
	static LettuceConnectionFactory connect() {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(HOST, PORT));
		factory.afterPropertiesSet();
		return factory;
	}

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		LettuceConnectionFactory factory = connect();
		try (RedisConnection connection = factory.getConnection()) {
			connection.ping();
			return ConditionEvaluationResult.enabled("Redis at " + HOST + ":" + PORT + " answers");
		}
		catch (RuntimeException ex) {
			String reason = "Redis at " + HOST + ":" + PORT + " is unreachable: " + ex;
			if ("true".equalsIgnoreCase(System.getenv("TRYMELLON_REDIS_REQUIRED"))) {
				fail(reason + " (TRYMELLON_REDIS_REQUIRED=true)", ex);
			}
			return ConditionEvaluationResult.disabled(reason);
		}
		finally {
			factory.destroy();
		}
	}

}
