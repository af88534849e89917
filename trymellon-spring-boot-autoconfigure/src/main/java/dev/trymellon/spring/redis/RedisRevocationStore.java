package dev.trymellon.spring.redis;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.revocation.InMemoryRevocationStore;
import dev.trymellon.spring.revocation.Revocation;
import dev.trymellon.spring.revocation.RevocationStore;
import dev.trymellon.spring.session.TryMellonSession;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.util.Assert;

/**
 * A {@link RevocationStore} shared by every replica through Redis.
 * <p>
 * {@link #revoke(Revocation)} applies the revocation to this replica's local
 * {@link InMemoryRevocationStore}, merges it atomically (one Lua script) into the one
 * stored in Redis under {@code <prefix>revocation:<kind>:<id>}, keeping the later
 * {@code revokedAt} and the later {@code until} as the in-memory store does, with a TTL
 * that ends at that {@code until}, and publishes the merged revocation on the channel
 * {@code <prefix>revocations}. Every replica subscribes to
 * that channel and applies what it receives to its own local view, and a replica that
 * {@link #start() starts} subscribes first and then loads every revocation still in
 * Redis. {@link #isRevoked(TryMellonSession)} only ever reads the local view: no network
 * I/O on the request path.
 * <p>
 * A revocation that cannot be written to Redis throws, so the webhook delivery that
 * carried it is answered with an error and retried; it is already in force on this
 * replica. A replica that cannot load the current revocations at start fails to start
 * rather than accept revoked tokens.
 *
 * @author TryMellon
 * @since 0.1.0
 */
public final class RedisRevocationStore implements RevocationStore, InitializingBean, DisposableBean {

	private static final Log logger = LogFactory.getLog(RedisRevocationStore.class);

	/**
	 * Merges a revocation into the one stored under {@code KEYS[1]}, sets the result with
	 * a TTL ending at its {@code until}, publishes it and returns it (nil when already
	 * expired). {@code ARGV}: kind, revokedAt, until (epoch milliseconds), the encoded
	 * tail, {@code 1} when the tail names a user, the id, now, the channel. A stored
	 * value of another kind or id, or one that cannot be read, is replaced. Times are
	 * kept as the strings they were written as, never re-formatted from Lua numbers.
	 */
	private static final RedisScript<String> MERGE = RedisScript.of("""
			local kind, revokedAt, untilAt, tail = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
			local current = redis.call('GET', KEYS[1])
			if current then
				local _, e, k, r, u = string.find(current, '^(%u+):(%-?%d+):(%-?%d+):')
				local id = ARGV[6]
				if e and k == kind and #current - e > #id and string.sub(current, -#id) == id then
					if tonumber(r) > tonumber(revokedAt) then revokedAt = r end
					if tonumber(u) > tonumber(untilAt) then untilAt = u end
					if ARGV[5] ~= '1' then tail = string.sub(current, e + 1) end
				end
			end
			local ttl = tonumber(untilAt) - tonumber(ARGV[7])
			if ttl <= 0 then return false end
			local merged = kind .. ':' .. revokedAt .. ':' .. untilAt .. ':' .. tail
			redis.call('SET', KEYS[1], merged, 'PX', string.format('%d', ttl))
			redis.call('PUBLISH', ARGV[8], merged)
			return merged
			""", String.class);

	private final InMemoryRevocationStore local;

	private final StringRedisTemplate redis;

	private final RedisMessageListenerContainer container;

	private final String keyPrefix;

	private final String channel;

	private final Clock clock;

	private Duration resyncInterval = Duration.ZERO;

	private @Nullable ScheduledExecutorService resync;

	private volatile boolean started;

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
		this.redis = new StringRedisTemplate(connectionFactory);
		this.container = new RedisMessageListenerContainer();
		this.container.setConnectionFactory(connectionFactory);
		this.keyPrefix = keyPrefix + "revocation:";
		this.channel = keyPrefix + "revocations";
		this.clock = clock;
	}

	/**
	 * Sets how often every revocation is read again from Redis, to catch up with messages
	 * missed while the pub/sub connection was down. Zero (the default) never does.
	 * @param resyncInterval the interval
	 */
	public void setResyncInterval(Duration resyncInterval) {
		Assert.isTrue(resyncInterval != null && !resyncInterval.isNegative(), "resyncInterval cannot be negative");
		this.resyncInterval = resyncInterval;
	}

	/**
	 * Subscribes to the channel, then loads the revocations stored in Redis, then starts
	 * the periodic re-read when an interval is set.
	 */
	public synchronized void start() {
		if (this.started) {
			return;
		}
		this.container.addMessageListener(this::onMessage, new ChannelTopic(this.channel));
		this.container.afterPropertiesSet();
		this.container.start();
		try {
			int loaded = load();
			if (logger.isDebugEnabled()) {
				logger.debug("Loaded " + loaded + " TryMellon revocation(s) from Redis");
			}
		}
		catch (RuntimeException ex) {
			stop();
			throw new IllegalStateException("Cannot load the TryMellon revocations from Redis; refusing to start "
					+ "without them (set 'trymellon.redis.enabled=false' to keep revocations in memory only)", ex);
		}
		long interval = this.resyncInterval.toMillis();
		if (interval > 0) {
			ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "trymellon-revocation-resync");
				thread.setDaemon(true);
				return thread;
			});
			executor.scheduleWithFixedDelay(this::resync, interval, interval, TimeUnit.MILLISECONDS);
			this.resync = executor;
		}
		this.started = true;
	}

	private void resync() {
		try {
			load();
		}
		catch (RuntimeException ex) {
			logger.warn("Cannot re-read the TryMellon revocations from Redis; keeping the local view (" + ex + ")");
		}
	}

	/**
	 * Stops listening to other replicas.
	 */
	public synchronized void stop() {
		this.started = false;
		ScheduledExecutorService executor = this.resync;
		if (executor != null) {
			executor.shutdownNow();
			this.resync = null;
		}
		try {
			this.container.destroy();
		}
		catch (Exception ex) {
			logger.debug("Error stopping the TryMellon revocation listener", ex);
		}
	}

	@Override
	public void afterPropertiesSet() {
		start();
	}

	@Override
	public void destroy() {
		stop();
	}

	/**
	 * Reads every revocation stored in Redis into the local view.
	 * @return how many were read
	 */
	public int load() {
		int count = 0;
		ScanOptions options = ScanOptions.scanOptions().match(this.keyPrefix + "*").count(500).build();
		try (Cursor<String> keys = this.redis.scan(options)) {
			while (keys.hasNext()) {
				String value = this.redis.opsForValue().get(keys.next());
				Revocation revocation = (value != null) ? decode(value) : null;
				if (revocation != null) {
					this.local.revoke(revocation);
					count++;
				}
			}
		}
		return count;
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
		this.redis.execute(MERGE, List.of(key(revocation)), revocation.kind().name(),
				Long.toString(revocation.revokedAt().toEpochMilli()), Long.toString(revocation.until().toEpochMilli()),
				tail(revocation), (revocation.userId() != null) ? "1" : "0", revocation.id(), Long.toString(now),
				this.channel);
	}

	@Override
	public boolean isRevoked(TryMellonSession session) {
		return this.local.isRevoked(session);
	}

	private void onMessage(Message message, byte @Nullable [] pattern) {
		Revocation revocation = decode(new String(message.getBody(), StandardCharsets.UTF_8));
		if (revocation != null) {
			this.local.revoke(revocation);
		}
	}

	private String key(Revocation revocation) {
		return this.keyPrefix + revocation.kind().name().toLowerCase(java.util.Locale.ROOT) + ":" + revocation.id();
	}

	/**
	 * {@code KIND:revokedAtMillis:untilMillis:userIdLength:} then the user id (possibly
	 * empty) and the id, so that ids may contain any character.
	 */
	static String encode(Revocation revocation) {
		return revocation.kind().name() + ":" + revocation.revokedAt().toEpochMilli() + ":"
				+ revocation.until().toEpochMilli() + ":" + tail(revocation);
	}

	/** What follows the times: {@code userIdLength:}, the user id and the id. */
	private static String tail(Revocation revocation) {
		String userId = (revocation.userId() != null) ? revocation.userId() : "";
		return userId.length() + ":" + userId + revocation.id();
	}

	static @Nullable Revocation decode(String value) {
		try {
			String[] head = value.split(":", 5);
			if (head.length != 5) {
				throw new IllegalArgumentException("too few fields");
			}
			Revocation.Kind kind = Revocation.Kind.valueOf(head[0]);
			Instant revokedAt = Instant.ofEpochMilli(Long.parseLong(head[1]));
			Instant until = Instant.ofEpochMilli(Long.parseLong(head[2]));
			int userIdLength = Integer.parseInt(head[3]);
			String rest = head[4];
			if (userIdLength < 0 || userIdLength >= rest.length()) {
				throw new IllegalArgumentException("bad user id length");
			}
			String userId = rest.substring(0, userIdLength);
			return new Revocation(kind, rest.substring(userIdLength), userId.isEmpty() ? null : userId, revokedAt,
					until);
		}
		catch (RuntimeException ex) {
			logger.warn("Ignoring a malformed TryMellon revocation read from Redis (" + ex.getMessage() + ")");
			return null;
		}
	}

	@Override
	public String toString() {
		return "RedisRevocationStore[" + this.channel + ", " + this.local + "]";
	}

}
