package dev.trymellon.spring.autoconfigure.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import dev.trymellon.spring.autoconfigure.TryMellonAutoConfiguration;
import dev.trymellon.spring.autoconfigure.revocation.TryMellonRevocationAutoConfiguration;
import dev.trymellon.spring.redis.RedisRevocationStore;
import dev.trymellon.spring.redis.RedisTestSupport;
import dev.trymellon.spring.revocation.RevocationStore;
import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.testfixtures.StaticKeysConfiguration;
import dev.trymellon.spring.testfixtures.TestTokens;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shared revocation store in a context: started before the web server, its resync
 * on the application's scheduler when there is one, on its own thread otherwise.
 */
class RedisRevocationLifecycleAutoConfigurationTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private static final String OWN_THREAD = "trymellon-redis-resync-";

	private LettuceConnectionFactory admin;

	private String prefix;

	private ApplicationContextRunner runner;

	@BeforeEach
	void connect() {
		this.admin = RedisTestSupport.connect();
		this.prefix = RedisTestSupport.uniquePrefix();
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TryMellonAutoConfiguration.class,
					TryMellonRevocationAutoConfiguration.class, TryMellonRedisAutoConfiguration.class,
					DataRedisAutoConfiguration.class))
			.withUserConfiguration(StaticKeysConfiguration.class)
			.withPropertyValues("trymellon.client-id=" + TestTokens.CLIENT_ID,
					"spring.data.redis.host=" + RedisTestSupport.HOST,
					"spring.data.redis.port=" + RedisTestSupport.PORT, "trymellon.redis.key-prefix=" + this.prefix,
					"trymellon.redis.resync-interval=100ms",
					// Platform threads unless a test asks, whatever the build's environment says.
					"spring.threads.virtual.enabled=false");
	}

	@AfterEach
	void cleanUp() {
		if (this.admin != null) {
			RedisTestSupport.deleteKeys(this.admin, this.prefix);
			this.admin.destroy();
		}
	}

	/** Stores a session revocation in Redis without publishing it, as if its message was lost. */
	private void writeMissed(String sessionId) {
		long now = System.currentTimeMillis();
		String userId = "user_1";
		new StringRedisTemplate(this.admin).opsForValue()
			.set(this.prefix + "revocation:session:" + sessionId, "SESSION:" + now + ":" + (now + 600_000) + ":"
					+ userId.length() + ":" + userId + sessionId, Duration.ofMinutes(10));
	}

	private static TryMellonSession session(String sessionId) {
		Instant issuedAt = Instant.now().minusSeconds(60);
		return TryMellonSession.builder("user_9")
			.issuedAt(issuedAt)
			.expiresAt(issuedAt.plusSeconds(3600))
			.sessionId(sessionId)
			.build();
	}

	private static boolean isRevoked(ApplicationContext context, String sessionId) {
		return context.getBean(RevocationStore.class).isRevoked(session(sessionId));
	}

	private static boolean ownThreadAlive() {
		return Thread.getAllStackTraces().keySet().stream().anyMatch((t) -> t.getName().startsWith(OWN_THREAD));
	}

	@Test
	void loadsBeforeTheWebServerPhaseStartsAndStopsAfterIt() {
		writeMissed("sess_before_start");
		this.runner.withUserConfiguration(WebServerPhaseConfiguration.class).run((context) -> {
			List<String> seen = context.getBean(WebServerPhase.class).seen;
			assertThat(seen).containsExactly("start: running, revoked");
			context.stop();
			assertThat(seen).containsExactly("start: running, revoked", "stop: running");
			assertThat(context.getBean(RedisRevocationStore.class).isRunning()).isFalse();
		});
	}

	@Test
	void noApplicationSchedulerThenTheStoreRunsItsOwnThreadForTheContextsLifetime() {
		this.runner.run((context) -> {
			writeMissed("sess_missed");
			await().atMost(WAIT).until(() -> isRevoked(context, "sess_missed"));
			assertThat(ownThreadAlive()).isTrue();
		});
		await().atMost(WAIT).until(() -> !ownThreadAlive());
	}

	@Test
	void applicationSchedulerThenTheResyncRunsOnIt() {
		this.runner.withUserConfiguration(ApplicationScheduler.class).run((context) -> {
			writeMissed("sess_missed");
			await().atMost(WAIT).until(() -> isRevoked(context, "sess_missed"));
			assertThat(context.getBean(RecordingScheduler.class).ranOn).isNotEmpty()
				.allMatch((thread) -> thread.startsWith("app-scheduler-"));
			assertThat(ownThreadAlive()).isFalse();
		});
	}

	@Test
	void bootsSchedulerOfEnableSchedulingThenTheResyncRunsOnIt() {
		// A long interval, so that the task is queued (not running) whenever looked at.
		this.runner.withConfiguration(AutoConfigurations.of(TaskSchedulingAutoConfiguration.class))
			.withUserConfiguration(SchedulingEnabled.class)
			.withPropertyValues("trymellon.redis.resync-interval=1m")
			.run((context) -> {
				ThreadPoolTaskScheduler scheduler = context.getBean("taskScheduler", ThreadPoolTaskScheduler.class);
				assertThat(scheduler.getThreadNamePrefix()).isEqualTo("scheduling-");
				assertThat(queued(scheduler)).isOne();
				assertThat(ownThreadAlive()).isFalse();
			});
	}

	@Test
	void severalSchedulersThenTheOneNamedTaskScheduler() {
		this.runner.withUserConfiguration(TwoSchedulers.class)
			.withPropertyValues("trymellon.redis.resync-interval=1m")
			.run((context) -> {
				assertThat(queued(context.getBean("taskScheduler", ThreadPoolTaskScheduler.class))).isOne();
				assertThat(queued(context.getBean("otherScheduler", ThreadPoolTaskScheduler.class))).isZero();
				assertThat(ownThreadAlive()).isFalse();
			});
	}

	@Test
	void resyncOffThenNothingIsScheduled() {
		this.runner.withUserConfiguration(ApplicationScheduler.class)
			.withPropertyValues("trymellon.redis.resync-interval=0")
			.run((context) -> {
				assertThat(context.getBean(RedisRevocationStore.class).isRunning()).isTrue();
				assertThat(queued(context.getBean(ThreadPoolTaskScheduler.class))).isZero();
				assertThat(ownThreadAlive()).isFalse();
			});
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void virtualThreadsEnabledThenTheStoresOwnSchedulerRunsOnVirtualThreads() {
		this.runner.withPropertyValues("spring.threads.virtual.enabled=true").run((context) -> {
			writeMissed("sess_missed");
			await().atMost(WAIT).until(() -> isRevoked(context, "sess_missed"));
			// Virtual threads are not among the platform threads listed here.
			assertThat(ownThreadAlive()).isFalse();
		});
	}

	private static int queued(ThreadPoolTaskScheduler scheduler) {
		return scheduler.getScheduledThreadPoolExecutor().getQueue().size();
	}

	/**
	 * Stands for the web server: its phase, and what it sees of the store, reached
	 * through a provider so that no bean dependency orders the two.
	 */
	static final class WebServerPhase implements SmartLifecycle {

		final List<String> seen = new CopyOnWriteArrayList<>();

		private final ObjectProvider<RedisRevocationStore> store;

		private volatile boolean running;

		WebServerPhase(ObjectProvider<RedisRevocationStore> store) {
			this.store = store;
		}

		@Override
		public void start() {
			RedisRevocationStore store = this.store.getObject();
			this.seen.add("start: " + (store.isRunning() ? "running" : "stopped") + ", "
					+ (store.isRevoked(session("sess_before_start")) ? "revoked" : "not revoked"));
			this.running = true;
		}

		@Override
		public void stop() {
			this.seen.add("stop: " + (this.store.getObject().isRunning() ? "running" : "stopped"));
			this.running = false;
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

		@Override
		public int getPhase() {
			return WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class WebServerPhaseConfiguration {

		@Bean
		WebServerPhase webServerPhase(ObjectProvider<RedisRevocationStore> store) {
			return new WebServerPhase(store);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ApplicationScheduler {

		@Bean
		RecordingScheduler applicationScheduler() {
			return new RecordingScheduler();
		}

	}

	/** An application's scheduler, recording the threads its fixed-delay tasks run on. */
	static final class RecordingScheduler extends ThreadPoolTaskScheduler {

		final List<String> ranOn = new CopyOnWriteArrayList<>();

		RecordingScheduler() {
			setThreadNamePrefix("app-scheduler-");
		}

		@Override
		public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Instant startTime, Duration delay) {
			return super.scheduleWithFixedDelay(() -> {
				this.ranOn.add(Thread.currentThread().getName());
				task.run();
			}, startTime, delay);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class SchedulingEnabled {

	}

	@Configuration(proxyBeanMethods = false)
	static class TwoSchedulers {

		@Bean
		ThreadPoolTaskScheduler taskScheduler() {
			return new ThreadPoolTaskScheduler();
		}

		@Bean
		ThreadPoolTaskScheduler otherScheduler() {
			return new ThreadPoolTaskScheduler();
		}

	}

}
