package dev.trymellon.spring.redis;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * The subscription of a {@link RedisRevocationStore} to the revocations other replicas
 * publish: one {@link RedisMessageListenerContainer} per start, destroyed at stop.
 */
final class RevocationSubscription {

	private static final Log logger = LogFactory.getLog(RevocationSubscription.class);

	private RevocationSubscription() {
	}

	/**
	 * Subscribes the listener to the channel and waits until the subscription is made.
	 * @param virtualThreads whether the messages are delivered on virtual threads
	 * @return the started container
	 */
	static RedisMessageListenerContainer open(RedisConnectionFactory connectionFactory, String channel,
			boolean virtualThreads, MessageListener listener) {
		RedisMessageListenerContainer container = new RedisMessageListenerContainer();
		container.setConnectionFactory(connectionFactory);
		if (virtualThreads) {
			SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("trymellon-redis-");
			executor.setVirtualThreads(true);
			container.setTaskExecutor(executor);
		}
		container.addMessageListener(listener, new ChannelTopic(channel));
		container.afterPropertiesSet();
		try {
			container.start();
		}
		catch (RuntimeException ex) {
			close(container);
			throw ex;
		}
		return container;
	}

	/**
	 * Unsubscribes and releases the container's connection; a failure is only logged.
	 */
	static void close(RedisMessageListenerContainer container) {
		try {
			container.destroy();
		}
		catch (Exception ex) {
			logger.debug("Error stopping the TryMellon revocation listener", ex);
		}
	}

}
