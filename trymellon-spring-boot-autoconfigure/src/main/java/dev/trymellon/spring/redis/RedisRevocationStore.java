package dev.trymellon.spring.redis;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.revocation.InMemoryRevocationStore;
import dev.trymellon.spring.revocation.Revocation;
import dev.trymellon.spring.revocation.RevocationStore;
import dev.trymellon.spring.revocation.RevocationStoreStatus;
import dev.trymellon.spring.session.TryMellonSession;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.RedisConnectionCommands;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;
import org.springframework.util.Assert;

/**
 * A {@link RevocationStore} shared by every replica through Redis.
 * <p>
 * {@link #revoke(Revocation)} applies the revocation to this replica's local
 * {@link InMemoryRevocationStore}, merges it atomically (one Lua script) into the one
 * stored in Redis under {@code <prefix>revocation:<kind>:<id>}, keeping the later
 * {@code revokedAt} and the later {@code until} as the in-memory store does, with a TTL
 * that ends at that {@code until}, and publishes the merged revocation on the channel
 * {@code <prefix>revocations}. Every replica subscribes to that channel and applies what
 * it receives to its own local view. {@link #isRevoked(TryMellonSession)} and
 * {@link #isTokenRevoked(String)} only ever read the local view: no network I/O on the
 * request path. A {@link Revocation.Kind#TOKEN token revocation} is stored like the others,
 * under {@code <prefix>revocation:token:<hash>}: Redis never holds the token itself.
 * <p>
 * The store is a {@link SmartLifecycle}: {@link #start()} subscribes first, then loads
 * every revocation still in Redis, synchronously, in phase {@link #DEFAULT_PHASE} (after
 * the connection factory, before the web server takes requests), and only then
 * schedules the periodic re-read on the {@link #setTaskScheduler(TaskScheduler) task
 * scheduler}; {@link #stop()} cancels it and unsubscribes. Reads are in bulk: one
 * {@code SCAN} per 1,000 keys of the database and one {@code MGET} per 1,000
 * revocations. No monitor is held across a Redis call, so virtual threads are never
 * pinned by one.
 * <p>
 * A revocation that cannot be written to Redis throws, so the webhook delivery that
 * carried it is answered with an error and retried; it is already in force on this
 * replica. A replica that cannot load the current revocations at start fails to start
 * ({@link RedisRevocationsUnavailableException}) rather than accept revoked tokens.
 *
 * @author TryMellon
 * @since 0.1.0
 */
public final class RedisRevocationStore implements RevocationStore, SmartLifecycle {

	/**
	 * The default {@link #getPhase() phase}: after the Redis connection factory's (0) and
	 * before the web server's start ({@code SmartLifecycle.DEFAULT_PHASE - 2048}) and
	 * message listener containers, so that no request is served before the first load,
	 * and revocations keep arriving until the web server has stopped.
	 * @since 0.2.0
	 */
	public static final int DEFAULT_PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	/**
	 * The prefix of every key and channel name the auto-configured stores use unless
	 * another is set.
	 * @since 0.2.0
	 */
	public static final String DEFAULT_KEY_PREFIX = "trymellon:";

	/**
	 * The {@link #setResyncInterval(Duration) resync interval} unless another is set.
	 * @since 0.2.0
	 */
	public static final Duration DEFAULT_RESYNC_INTERVAL = Duration.ofMinutes(1);

	private static final Log logger = LogFactory.getLog(RedisRevocationStore.class);

	private final InMemoryRevocationStore local;

	private final RedisConnectionFactory connectionFactory;

	private final StringRedisTemplate redis;

	private final String keyPrefix;

	private final String channel;

	private final Clock clock;

	private final RevocationSync sync;

	private Duration resyncInterval = DEFAULT_RESYNC_INTERVAL;

	private @Nullable TaskScheduler taskScheduler;

	private boolean virtualThreads;

	private int phase = DEFAULT_PHASE;

	/** Guards start and stop; a lock, not a monitor: it is held across Redis calls. */
	private final Lock lifecycle = new ReentrantLock();

	private @Nullable RedisMessageListenerContainer container;

	private final ResyncSchedule resyncSchedule = new ResyncSchedule();

	private volatile boolean running;

	/**
	 * Creates a store; call {@link #start()} (done by the container for a bean) before use.
	 * @param connectionFactory the Redis connections
	 * @param local this replica's view, which {@link #isRevoked(TryMellonSession)} reads
	 * @param keyPrefix the prefix of every key and of the channel name
	 * @param clock the clock TTLs are computed with
	 */
	public RedisRevocationStore(RedisConnectionFactory connectionFactory, InMemoryRevocationStore local,
			String keyPrefix, Clock clock) {
		Assert.notNull(connectionFactory, "connectionFactory cannot be null");
		Assert.notNull(local, "local cannot be null");
		Assert.notNull(keyPrefix, "keyPrefix cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		this.local = local;
		this.connectionFactory = connectionFactory;
		this.redis = new StringRedisTemplate(connectionFactory);
		this.keyPrefix = keyPrefix + "revocation:";
		this.channel = keyPrefix + "revocations";
		this.clock = clock;
		this.sync = new RevocationSync(clock);
	}

	/**
	 * Sets what is told about each publication and read, for example observations.
	 * @param observer the observer, {@link RevocationSyncObserver#NONE} by default
	 * @since 0.2.0
	 */
	public void setObserver(RevocationSyncObserver observer) {
		this.sync.setObserver(observer);
	}

	/**
	 * Sets how often every revocation is read again from Redis, to catch up with messages
	 * missed while the pub/sub connection was down: {@link #DEFAULT_RESYNC_INTERVAL} (one
	 * minute) unless set; zero never does. Takes effect on the next {@link #start()}.
	 * @param resyncInterval the interval
	 */
	public void setResyncInterval(Duration resyncInterval) {
		Assert.isTrue(resyncInterval != null && !resyncInterval.isNegative(), "resyncInterval cannot be negative");
		this.resyncInterval = resyncInterval;
	}

	/**
	 * Sets the scheduler of the periodic re-read, typically the application's. When none
	 * is set (the default) the store runs a {@link SimpleAsyncTaskScheduler} of its own
	 * while started, on one daemon thread named {@code trymellon-redis-resync-}.
	 * @param taskScheduler the scheduler, or {@code null} for the store's own
	 * @since 0.2.0
	 */
	public void setTaskScheduler(@Nullable TaskScheduler taskScheduler) {
		this.taskScheduler = taskScheduler;
	}

	/**
	 * Sets whether the threads the store creates (its own scheduler's, when no
	 * {@link #setTaskScheduler(TaskScheduler) scheduler} is set, and those delivering
	 * pub/sub messages) are virtual threads. Requires Java 21 or later.
	 * @param virtualThreads whether to use virtual threads
	 * @since 0.2.0
	 */
	public void setVirtualThreads(boolean virtualThreads) {
		this.virtualThreads = virtualThreads;
	}

	/**
	 * Sets the lifecycle phase, {@link #DEFAULT_PHASE} by default.
	 * @param phase the phase
	 * @since 0.2.0
	 */
	public void setPhase(int phase) {
		this.phase = phase;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

	/**
	 * Subscribes to the channel, then loads the revocations stored in Redis, then
	 * schedules the periodic re-read when an interval is set. Does nothing when already
	 * running.
	 * @throws RedisRevocationsUnavailableException when the subscription or the load fails
	 */
	@Override
	public void start() {
		this.lifecycle.lock();
		try {
			if (this.running) {
				return;
			}
			try {
				// The connection first: an unreachable Redis then fails with its own cause,
				// not as a subscription that timed out.
				this.redis.execute(RedisConnectionCommands::ping, true);
				this.container = RevocationSubscription.open(this.connectionFactory, this.channel,
						this.virtualThreads, this::onMessage);
				int loaded = load();
				if (logger.isDebugEnabled()) {
					logger.debug("Loaded " + loaded + " TryMellon revocation(s) from Redis");
				}
			}
			catch (RuntimeException ex) {
				release();
				throw new RedisRevocationsUnavailableException("Cannot load the TryMellon revocations from Redis; "
						+ "refusing to start without them (set 'trymellon.redis.enabled=false' to keep revocations "
						+ "in memory only)", ex);
			}
			this.running = true;
			this.resyncSchedule.start(this.taskScheduler, this.resyncInterval, this.virtualThreads, this::resync);
		}
		finally {
			this.lifecycle.unlock();
		}
	}

	private void resync() {
		if (!this.running) {
			return;
		}
		try {
			load();
		}
		catch (RuntimeException ex) {
			if (this.running) {
				logger.warn("Cannot re-read the TryMellon revocations from Redis; keeping the local view (" + ex + ")");
			}
		}
	}

	/**
	 * Cancels the periodic re-read and stops listening to other replicas; the local view
	 * is kept. Does nothing when not running.
	 */
	@Override
	public void stop() {
		this.lifecycle.lock();
		try {
			this.running = false;
			release();
		}
		finally {
			this.lifecycle.unlock();
		}
	}

	private void release() {
		this.resyncSchedule.cancel();
		RedisMessageListenerContainer container = this.container;
		this.container = null;
		if (container != null) {
			RevocationSubscription.close(container);
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Reads every revocation stored in Redis into the local view, in bulk: the keys
	 * under the prefix by {@code SCAN}, their values by {@code MGET}, 1,000 at a time.
	 * @return how many were read
	 */
	public int load() {
		return this.sync.resync(() -> RevocationKeyspace.readAll(this.redis, this.keyPrefix, this.local::revoke));
	}

	/**
	 * Applies the revocation here, then merges it atomically into the one stored in Redis
	 * (keeping the later {@code revokedAt}, the later {@code until} with its TTL, and the
	 * user an earlier revocation named when this one names none) and publishes the merged
	 * revocation to every replica.
	 * @param revocation the revocation
	 */
	@Override
	public void revoke(Revocation revocation) {
		Assert.notNull(revocation, "revocation cannot be null");
		this.local.revoke(revocation);
		long now = this.clock.millis();
		if (revocation.until().toEpochMilli() <= now) {
			return;
		}
		this.sync.publish(() -> RevocationKeyspace.merge(this.redis, this.keyPrefix, this.channel, revocation, now));
	}

	@Override
	public boolean isRevoked(TryMellonSession session) {
		return this.local.isRevoked(session);
	}

	@Override
	public boolean isRevokedOnlyByFailSafe(TryMellonSession session) {
		return this.local.isRevokedOnlyByFailSafe(session);
	}

	/**
	 * Whether the token is refused by a token revocation in this replica's local view,
	 * which every replica's {@link #revoke(Revocation)} reaches through the channel.
	 * @param token the raw token
	 * @return {@code true} when the token must be refused
	 * @since 0.2.0
	 */
	@Override
	public boolean isTokenRevoked(String token) {
		return this.local.isTokenRevoked(token);
	}

	/**
	 * The local view's size and how the latest calls to Redis went (reachable, last
	 * resync), from memory: no I/O.
	 * @return the status
	 * @since 0.2.0
	 */
	@Override
	public RevocationStoreStatus status() {
		return this.sync.status(this.local.size());
	}

	private void onMessage(Message message, byte @Nullable [] pattern) {
		Revocation revocation = RevocationKeyspace.decode(new String(message.getBody(), StandardCharsets.UTF_8));
		if (revocation != null) {
			this.local.revoke(revocation);
		}
	}

	@Override
	public String toString() {
		return "RedisRevocationStore[" + this.channel + ", " + this.local + "]";
	}

}
