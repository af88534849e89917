package dev.trymellon.spring.redis;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.trymellon.spring.revocation.InMemoryRevocationStore;
import dev.trymellon.spring.revocation.Revocation;
import dev.trymellon.spring.session.TryMellonSession;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Against the real Redis: the store's lifecycle (start, stop, restart, failure) and the
 * cost of a resync in Redis commands.
 */
class RedisRevocationStoreLifecycleTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private static final String RESYNC_THREAD = "trymellon-redis-resync-";

	private LettuceConnectionFactory factory;

	private String prefix;

	private final List<RedisRevocationStore> stores = new ArrayList<>();

	private final List<LettuceConnectionFactory> factories = new ArrayList<>();

	@BeforeEach
	void connect() {
		this.factory = RedisTestSupport.connect();
		this.prefix = RedisTestSupport.uniquePrefix();
	}

	@AfterEach
	void cleanUp() {
		this.stores.forEach(RedisRevocationStore::stop);
		for (LettuceConnectionFactory other : this.factories) {
			RedisTestSupport.deleteKeys(other, this.prefix);
			other.destroy();
		}
		if (this.factory != null) {
			RedisTestSupport.deleteKeys(this.factory, this.prefix);
			this.factory.destroy();
		}
	}

	private RedisRevocationStore store(LettuceConnectionFactory connections, Duration resyncInterval) {
		RedisRevocationStore store = new RedisRevocationStore(connections,
				new InMemoryRevocationStore(Clock.systemUTC(), Duration.ofSeconds(30), List.of()), this.prefix,
				Clock.systemUTC());
		store.setResyncInterval(resyncInterval);
		this.stores.add(store);
		return store;
	}

	private static TryMellonSession session(String userId, String sessionId) {
		Instant issuedAt = Instant.now().minusSeconds(60);
		return TryMellonSession.builder(userId)
			.issuedAt(issuedAt)
			.expiresAt(issuedAt.plusSeconds(3600))
			.sessionId(sessionId)
			.build();
	}

	/** Stores a revocation in Redis without publishing it, as if its message was lost. */
	private void writeMissed(String sessionId) {
		Instant now = Instant.now();
		new StringRedisTemplate(this.factory).opsForValue()
			.set(this.prefix + "revocation:session:" + sessionId,
					RevocationKeyspace.encode(Revocation.session(sessionId, "user_1", now, now.plusSeconds(600))),
					Duration.ofMinutes(10));
	}

	private static boolean resyncThreadAlive() {
		return Thread.getAllStackTraces().keySet().stream().anyMatch((t) -> t.getName().startsWith(RESYNC_THREAD));
	}

	@Test
	void phaseIsAfterTheConnectionFactoryAndBeforeTheWebServer() {
		RedisRevocationStore store = store(this.factory, Duration.ZERO);
		assertThat(store.getPhase()).isEqualTo(RedisRevocationStore.DEFAULT_PHASE)
			.isGreaterThan(new LettuceConnectionFactory().getPhase())
			// WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE
			.isLessThan(Integer.MAX_VALUE - 2048);
		assertThat(store.isAutoStartup()).isTrue();
	}

	@Test
	void startLoadsSynchronouslyAndStopCancelsTheResync() {
		writeMissed("sess_before");
		RedisRevocationStore store = store(this.factory, Duration.ofMillis(100));
		assertThat(store.isRunning()).isFalse();
		store.start();
		// Loaded before start() returned: no waiting.
		assertThat(store.isRunning()).isTrue();
		assertThat(store.isRevoked(session("user_1", "sess_before"))).isTrue();
		await().atMost(WAIT).until(RedisRevocationStoreLifecycleTests::resyncThreadAlive);
		store.stop();
		assertThat(store.isRunning()).isFalse();
		await().atMost(WAIT).until(() -> !resyncThreadAlive());
		// Neither the resync nor a message reaches a stopped store...
		writeMissed("sess_stopped");
		RedisRevocationStore other = store(this.factory, Duration.ZERO);
		other.start();
		other.revokeSession("sess_published", Instant.now().plusSeconds(600));
		await().during(Duration.ofMillis(500))
			.atMost(WAIT)
			.until(() -> !store.isRevoked(session("user_9", "sess_stopped"))
					&& !store.isRevoked(session("user_9", "sess_published")));
		// ...and a restart loads both before it returns, and resumes the resync.
		store.start();
		assertThat(store.isRevoked(session("user_9", "sess_stopped"))).isTrue();
		assertThat(store.isRevoked(session("user_9", "sess_published"))).isTrue();
		writeMissed("sess_after_restart");
		await().atMost(WAIT).until(() -> store.isRevoked(session("user_9", "sess_after_restart")));
	}

	@Test
	void resyncRunsOnTheGivenTaskScheduler() {
		RecordingTaskScheduler scheduler = new RecordingTaskScheduler();
		scheduler.initialize();
		try {
			RedisRevocationStore store = store(this.factory, Duration.ofMillis(100));
			store.setTaskScheduler(scheduler);
			store.start();
			writeMissed("sess_missed");
			await().atMost(WAIT).until(() -> store.isRevoked(session("user_1", "sess_missed")));
			assertThat(scheduler.scheduled.get()).isEqualTo(1);
			assertThat(scheduler.ranOn.get()).startsWith("app-scheduler-");
			assertThat(resyncThreadAlive()).isFalse();
			ScheduledFuture<?> future = scheduler.future.get();
			store.stop();
			assertThat(future.isCancelled()).isTrue();
			// The application's scheduler is not the store's to shut down.
			assertThat(scheduler.getScheduledExecutor().isShutdown()).isFalse();
		}
		finally {
			scheduler.shutdown();
		}
	}

	@Test
	void resyncIntervalWhenNotSetThenTheDefaultIsScheduled() {
		RecordingTaskScheduler scheduler = new RecordingTaskScheduler();
		scheduler.initialize();
		try {
			RedisRevocationStore store = new RedisRevocationStore(this.factory, new InMemoryRevocationStore(),
					this.prefix, Clock.systemUTC());
			this.stores.add(store);
			store.setTaskScheduler(scheduler);
			store.start();
			assertThat(scheduler.scheduled.get()).isEqualTo(1);
			assertThat(scheduler.delay.get()).isEqualTo(RedisRevocationStore.DEFAULT_RESYNC_INTERVAL)
				.isEqualTo(Duration.ofMinutes(1));
		}
		finally {
			scheduler.shutdown();
		}
	}

	@Test
	void withoutResyncIntervalNothingIsScheduled() {
		RecordingTaskScheduler scheduler = new RecordingTaskScheduler();
		scheduler.initialize();
		try {
			RedisRevocationStore store = store(this.factory, Duration.ZERO);
			store.setTaskScheduler(scheduler);
			store.start();
			assertThat(scheduler.scheduled.get()).isZero();
		}
		finally {
			scheduler.shutdown();
		}
	}

	@Test
	void startWhenRedisIsUnreachableFailsAndLeavesNothingRunning() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		LettuceConnectionFactory unreachable = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(RedisTestSupport.HOST, closedPort));
		unreachable.afterPropertiesSet();
		try {
			RedisRevocationStore store = new RedisRevocationStore(unreachable, new InMemoryRevocationStore(),
					this.prefix, Clock.systemUTC());
			store.setResyncInterval(Duration.ofMillis(100));
			assertThatExceptionOfType(RedisRevocationsUnavailableException.class).isThrownBy(store::start)
				.withMessageContaining("trymellon.redis.enabled=false");
			assertThat(store.isRunning()).isFalse();
			assertThat(resyncThreadAlive()).isFalse();
		}
		finally {
			unreachable.destroy();
		}
	}

	@Test
	void resyncOfManyRevocationsSendsCommandsPerBatchNotPerKey() {
		// A database of its own, so that SCAN walks only this test's keys.
		RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration(RedisTestSupport.HOST,
				RedisTestSupport.PORT);
		configuration.setDatabase(13);
		LettuceConnectionFactory counted = new LettuceConnectionFactory(configuration);
		counted.afterPropertiesSet();
		this.factories.add(counted);
		CommandCounter commands = new CommandCounter();
		counted.getRequiredNativeClient().addListener(commands);
		int revocations = 4500;
		Instant now = Instant.now();
		new StringRedisTemplate(counted).executePipelined((RedisConnection connection) -> {
			for (int i = 0; i < revocations; i++) {
				Revocation revocation = Revocation.session("sess_" + i, "user_" + i, now, now.plusSeconds(600));
				connection.stringCommands()
					.pSetEx(bytes(this.prefix + "revocation:session:sess_" + i), 600_000,
							bytes(RevocationKeyspace.encode(revocation)));
			}
			return null;
		});
		long keysInDatabase;
		try (RedisConnection connection = counted.getConnection()) {
			keysInDatabase = connection.serverCommands().dbSize();
		}
		RedisRevocationStore store = store(counted, Duration.ZERO);
		store.start();
		assertThat(store.isRevoked(session("user_x", "sess_" + (revocations - 1)))).isTrue();
		commands.reset();
		assertThat(store.load()).isEqualTo(revocations);
		int batches = (revocations + RevocationKeyspace.BATCH_SIZE - 1) / RevocationKeyspace.BATCH_SIZE;
		assertThat(commands.count("GET")).isZero();
		assertThat(commands.count("MGET")).isEqualTo(batches);
		// SCAN returns at least COUNT keys per call while keys remain: one more call ends it.
		assertThat(commands.count("SCAN")).isBetween(1L, keysInDatabase / RevocationKeyspace.BATCH_SIZE + 2);
		assertThat(commands.total()).isEqualTo(commands.count("MGET") + commands.count("SCAN"))
			.isLessThan(revocations / 100);
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	/** Counts the commands a Lettuce client sends, by type. */
	static final class CommandCounter implements CommandListener {

		private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

		@Override
		public void commandStarted(CommandStartedEvent event) {
			this.counts.computeIfAbsent(event.getCommand().getType().toString(), (type) -> new LongAdder())
				.increment();
		}

		long count(String type) {
			LongAdder count = this.counts.get(type);
			return (count != null) ? count.sum() : 0;
		}

		long total() {
			return this.counts.values().stream().mapToLong(LongAdder::sum).sum();
		}

		void reset() {
			this.counts.clear();
		}

	}

	/** An application's scheduler, recording what is scheduled on it. */
	static final class RecordingTaskScheduler extends ThreadPoolTaskScheduler {

		final AtomicInteger scheduled = new AtomicInteger();

		final AtomicReference<@Nullable String> ranOn = new AtomicReference<>();

		final AtomicReference<ScheduledFuture<?>> future = new AtomicReference<>();

		final AtomicReference<@Nullable Duration> delay = new AtomicReference<>();

		RecordingTaskScheduler() {
			setThreadNamePrefix("app-scheduler-");
		}

		@Override
		public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Instant startTime, Duration delay) {
			this.scheduled.incrementAndGet();
			this.delay.set(delay);
			ScheduledFuture<?> scheduled = super.scheduleWithFixedDelay(() -> {
				this.ranOn.set(Thread.currentThread().getName());
				task.run();
			}, startTime, delay);
			this.future.set(scheduled);
			return scheduled;
		}

	}

}
