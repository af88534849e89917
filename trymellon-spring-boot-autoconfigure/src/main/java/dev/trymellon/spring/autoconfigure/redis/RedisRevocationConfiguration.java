package dev.trymellon.spring.autoconfigure.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.autoconfigure.PropertyChecks;
import dev.trymellon.spring.autoconfigure.TryMellonProperties;
import dev.trymellon.spring.autoconfigure.revocation.InMemoryRevocationStores;
import dev.trymellon.spring.redis.RedisRevocationStore;
import dev.trymellon.spring.redis.RevocationSyncObserver;
import dev.trymellon.spring.revocation.InMemoryRevocationStore;
import dev.trymellon.spring.revocation.RevocationStore;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.scheduling.TaskScheduler;

import static dev.trymellon.spring.autoconfigure.PropertyChecks.checked;

/**
 * The shared revocation store, unless revocation is off or the application has its own.
 * It is a {@link org.springframework.context.SmartLifecycle}: the context starts it
 * (subscription, then the first load) before the web server. Its periodic re-read runs
 * on the application's {@link TaskScheduler} when there is one, found the way
 * {@code @EnableScheduling} finds it (the unique one, else the one named
 * {@value #TASK_SCHEDULER_BEAN_NAME}; Boot auto-configures it with
 * {@code @EnableScheduling}); otherwise on a scheduler of the store's own, never
 * registered as a bean so that it does not become the application's. Threads the store
 * creates are virtual when {@code spring.threads.virtual.enabled} is true (Java 21+).
 *
 * @author TryMellon
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "trymellon.revocation.enabled", matchIfMissing = true)
class RedisRevocationConfiguration {

	static final String TASK_SCHEDULER_BEAN_NAME = "taskScheduler";

	@Bean
	@ConditionalOnMissingBean(RevocationStore.class)
	RedisRevocationStore tryMellonRevocationStore(TryMellonProperties properties,
			RedisConnectionFactory connectionFactory, ObjectProvider<Clock> clock,
			ObjectProvider<TaskScheduler> taskScheduler, BeanFactory beanFactory, Environment environment,
			ObjectProvider<RevocationSyncObserver> observer) {
		Clock time = clock.getIfUnique(Clock::systemUTC);
		InMemoryRevocationStore local = InMemoryRevocationStores.fromProperties(properties, time);
		RedisRevocationStore store = new RedisRevocationStore(connectionFactory, local,
				PropertyChecks.redisKeyPrefix(properties), time);
		Duration resync = Objects.requireNonNullElse(properties.getRedis().getResyncInterval(),
				RedisRevocationStore.DEFAULT_RESYNC_INTERVAL);
		checked("trymellon.redis.resync-interval", "Must not be negative (zero turns the re-read off)",
				store::setResyncInterval)
			.accept(resync);
		if (!resync.isZero()) {
			store.setTaskScheduler(applicationTaskScheduler(taskScheduler, beanFactory));
		}
		store.setVirtualThreads(Threading.VIRTUAL.isActive(environment));
		observer.ifUnique(store::setObserver);
		return store;
	}

	private static @Nullable TaskScheduler applicationTaskScheduler(ObjectProvider<TaskScheduler> taskScheduler,
			BeanFactory beanFactory) {
		TaskScheduler unique = taskScheduler.getIfUnique();
		if (unique != null) {
			return unique;
		}
		if (beanFactory.containsBean(TASK_SCHEDULER_BEAN_NAME)
				&& beanFactory.isTypeMatch(TASK_SCHEDULER_BEAN_NAME, TaskScheduler.class)) {
			return beanFactory.getBean(TASK_SCHEDULER_BEAN_NAME, TaskScheduler.class);
		}
		return null;
	}

}
