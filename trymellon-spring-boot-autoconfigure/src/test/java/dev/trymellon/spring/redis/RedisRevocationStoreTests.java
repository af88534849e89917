package dev.trymellon.spring.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.trymellon.spring.revocation.InMemoryRevocationStore;
import dev.trymellon.spring.revocation.Revocation;
import dev.trymellon.spring.session.TryMellonSession;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Against the real Redis: revocations written through one replica reach the others.
 */
class RedisRevocationStoreTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private static final Duration SKEW = Duration.ofSeconds(30);

	private LettuceConnectionFactory factory;

	private String prefix;

	private final List<RedisRevocationStore> stores = new ArrayList<>();

	@BeforeEach
	void connect() {
		this.factory = RedisTestSupport.connect();
		this.prefix = RedisTestSupport.uniquePrefix();
	}

	@AfterEach
	void cleanUp() {
		this.stores.forEach(RedisRevocationStore::stop);
		if (this.factory != null) {
			RedisTestSupport.deleteKeys(this.factory, this.prefix);
			this.factory.destroy();
		}
	}

	private RedisRevocationStore replica() {
		return replica(Duration.ZERO);
	}

	private RedisRevocationStore replica(Duration resyncInterval) {
		RedisRevocationStore store = new RedisRevocationStore(this.factory,
				new InMemoryRevocationStore(Clock.systemUTC(), SKEW, List.of()), this.prefix, Clock.systemUTC());
		store.setResyncInterval(resyncInterval);
		store.start();
		this.stores.add(store);
		return store;
	}

	private static TryMellonSession session(String userId, Instant issuedAt) {
		return session(userId, issuedAt, null);
	}

	private static TryMellonSession session(String userId, Instant issuedAt, @Nullable String sessionId) {
		return TryMellonSession.builder(userId)
			.issuedAt(issuedAt)
			.expiresAt(issuedAt.plusSeconds(3600))
			.sessionId(sessionId)
			.build();
	}

	@Test
	void revocationThroughOneReplicaIsRefusedByTheOther() {
		RedisRevocationStore first = replica();
		RedisRevocationStore second = replica();
		Instant now = Instant.now();
		TryMellonSession token = session("user_1", now.minusSeconds(60), "sess_1");
		TryMellonSession other = session("user_1", now.minusSeconds(60), "sess_2");
		assertThat(second.isRevoked(token)).isFalse();
		first.revokeSession("sess_1", "user_1", now, now.plusSeconds(3600));
		assertThat(first.isRevoked(token)).isTrue();
		await().atMost(WAIT).until(() -> second.isRevoked(token));
		assertThat(second.isRevoked(other)).isFalse();
	}

	@Test
	void userLockThroughOneReplicaRefusesOlderTokensOnTheOther() {
		RedisRevocationStore first = replica();
		RedisRevocationStore second = replica();
		Instant now = Instant.now();
		first.revokeUser("user_1", now, now.plusSeconds(3600));
		await().atMost(WAIT).until(() -> second.isRevoked(session("user_1", now.minusSeconds(1))));
		assertThat(second.isRevoked(session("user_1", now.plus(SKEW).plusSeconds(1)))).isFalse();
	}

	@Test
	void replicaStartedLaterLoadsExistingRevocations() {
		RedisRevocationStore first = replica();
		Instant now = Instant.now();
		first.revokeSession("sess_1", "user:with:colons", now, now.plusSeconds(3600));
		first.revokeUser("user_2", now, now.plusSeconds(3600));
		first.revokeCredential("cred_1", "user_3", now, now.plusSeconds(3600));
		RedisRevocationStore later = replica();
		assertThat(later.isRevoked(session("user_9", now.minusSeconds(60), "sess_1"))).isTrue();
		assertThat(later.isRevoked(session("user:with:colons", now.minusSeconds(60)))).isTrue();
		assertThat(later.isRevoked(session("user_2", now.minusSeconds(60), "sess_x"))).isTrue();
		assertThat(later.isRevoked(session("user_3", now.minusSeconds(60), "sess_y"))).isTrue();
		assertThat(later.isRevoked(session("user_4", now.minusSeconds(60)))).isFalse();
	}

	@Test
	void revocationIsStoredWithATtlEndingAtItsUntil() {
		RedisRevocationStore first = replica();
		Instant now = Instant.now();
		first.revokeUser("user_1", now, now.plusSeconds(600));
		StringRedisTemplate redis = new StringRedisTemplate(this.factory);
		Long ttl = redis.getExpire(this.prefix + "revocation:user:user_1");
		assertThat(ttl).isBetween(590L, 600L);
	}

	@Test
	void revocationAlreadyExpiredIsNotWritten() {
		RedisRevocationStore first = replica();
		Instant now = Instant.now();
		first.revokeUser("user_1", now.minusSeconds(7200), now.minusSeconds(1));
		assertThat(new StringRedisTemplate(this.factory).hasKey(this.prefix + "revocation:user:user_1")).isFalse();
	}

	@Test
	void malformedEntriesInRedisAreIgnoredOnLoad() {
		StringRedisTemplate redis = new StringRedisTemplate(this.factory);
		redis.opsForValue().set(this.prefix + "revocation:user:bad", "USER:not-a-number", Duration.ofMinutes(1));
		Instant now = Instant.now();
		redis.opsForValue()
			.set(this.prefix + "revocation:user:user_1",
					RedisRevocationStore.encode(Revocation.user("user_1", now, now.plusSeconds(600))),
					Duration.ofMinutes(1));
		RedisRevocationStore store = replica();
		assertThat(store.isRevoked(session("user_1", now.minusSeconds(1)))).isTrue();
	}

	@Test
	void revocationWhoseMessageWasMissedIsPickedUpByTheResync() {
		RedisRevocationStore replica = replica(Duration.ofMillis(100));
		Instant now = Instant.now();
		TryMellonSession token = session("user_1", now.minusSeconds(60), "sess_missed");
		assertThat(replica.isRevoked(token)).isFalse();
		// Written to Redis with no message on the channel, as if the message was lost.
		new StringRedisTemplate(this.factory).opsForValue()
			.set(this.prefix + "revocation:session:sess_missed",
					RedisRevocationStore.encode(Revocation.session("sess_missed", "user_1", now, now.plusSeconds(600))),
					Duration.ofMinutes(10));
		await().atMost(WAIT).until(() -> replica.isRevoked(token));
	}

	@Test
	void withoutResyncAMissedMessageIsOnlySeenOnTheNextStart() {
		RedisRevocationStore replica = replica();
		Instant now = Instant.now();
		TryMellonSession token = session("user_1", now.minusSeconds(60), "sess_missed");
		new StringRedisTemplate(this.factory).opsForValue()
			.set(this.prefix + "revocation:session:sess_missed",
					RedisRevocationStore.encode(Revocation.session("sess_missed", "user_1", now, now.plusSeconds(600))),
					Duration.ofMinutes(10));
		await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> !replica.isRevoked(token));
		assertThat(replica.load()).isEqualTo(1);
		assertThat(replica.isRevoked(token)).isTrue();
	}

}
