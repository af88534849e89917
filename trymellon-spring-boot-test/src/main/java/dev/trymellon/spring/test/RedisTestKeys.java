package dev.trymellon.spring.test;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Deletes a test context's TryMellon keys from Redis when that context closes, while
 * its connection factory is still open. Loaded only with Spring Data Redis present.
 *
 * @author TryMellon
 */
final class RedisTestKeys implements ApplicationListener<ContextClosedEvent> {

	private static final Log logger = LogFactory.getLog(RedisTestKeys.class);

	private static final int BATCH_SIZE = 1000;

	private final ApplicationContext context;

	private final String prefix;

	RedisTestKeys(ApplicationContext context, String prefix) {
		this.context = context;
		this.prefix = prefix;
	}

	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		if (event.getApplicationContext() != this.context) {
			return;
		}
		RedisConnectionFactory connectionFactory = this.context.getBeanProvider(RedisConnectionFactory.class)
			.getIfUnique();
		if (connectionFactory == null) {
			return;
		}
		try {
			int deleted = delete(new StringRedisTemplate(connectionFactory));
			if (logger.isDebugEnabled()) {
				logger.debug("Deleted " + deleted + " TryMellon test key(s) under " + this.prefix);
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Could not delete the TryMellon test keys under " + this.prefix, ex);
		}
	}

	private int delete(StringRedisTemplate redis) {
		int deleted = 0;
		List<String> batch = new ArrayList<>(BATCH_SIZE);
		// Unescaped: a glob character in the application's part changes what the pattern
		// matches, but every key it can match still carries this context's random UUID.
		ScanOptions options = ScanOptions.scanOptions().match(this.prefix + "*").count(BATCH_SIZE).build();
		try (Cursor<String> keys = redis.scan(options)) {
			while (keys.hasNext()) {
				batch.add(keys.next());
				if (batch.size() == BATCH_SIZE) {
					deleted += delete(redis, batch);
				}
			}
		}
		return deleted + delete(redis, batch);
	}

	private static int delete(StringRedisTemplate redis, List<String> keys) {
		if (keys.isEmpty()) {
			return 0;
		}
		Long deleted = redis.delete(keys);
		keys.clear();
		return (deleted != null) ? deleted.intValue() : 0;
	}

}
