package dev.trymellon.spring.redis;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

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
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.util.Assert;

/**
 * A {@link RevocationStore} shared by every replica through Redis.
 * <p>
 * {@link #revoke(Revocation)} applies the revocation to this replica's local
 * {@link InMemoryRevocationStore}, writes it to Redis under
 * {@code <prefix>revocation:<kind>:<id>} with a TTL that ends at its {@code until}, and
 * publishes it on the channel {@code <prefix>revocations}. Every replica subscribes to
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

	private final InMemoryRevocationStore local;

	private final StringRedisTemplate redis;

	private final RedisMessageListenerContainer container;

	private final String keyPrefix;

	private final String channel;

	private final Clock clock;

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
	 * Subscribes to the channel, then loads the revocations stored in Redis.
	 */
	public void start() {
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
		this.started = true;
	}

	/**
	 * Stops listening to other replicas.
	 */
	public void stop() {
		this.started = false;
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

	@Override
	public void revoke(Revocation revocation) {
		Assert.notNull(revocation, "revocation cannot be null");
		this.local.revoke(revocation);
		long ttl = revocation.until().toEpochMilli() - this.clock.millis();
		if (ttl <= 0) {
			return;
		}
		String value = encode(revocation);
		this.redis.opsForValue().set(key(revocation), value, Duration.ofMillis(ttl));
		this.redis.convertAndSend(this.channel, value);
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
		String userId = (revocation.userId() != null) ? revocation.userId() : "";
		return revocation.kind().name() + ":" + revocation.revokedAt().toEpochMilli() + ":"
				+ revocation.until().toEpochMilli() + ":" + userId.length() + ":" + userId + revocation.id();
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
