package dev.trymellon.spring.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.trymellon.spring.revocation.InMemoryRevocationStore;
import dev.trymellon.spring.revocation.Revocation;
import dev.trymellon.spring.session.TryMellonSession;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static java.time.temporal.ChronoUnit.MILLIS;
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

	private StringRedisTemplate redis() {
		return new StringRedisTemplate(this.factory);
	}

	private @Nullable Revocation stored(String key) {
		String value = redis().opsForValue().get(this.prefix + "revocation:" + key);
		return (value != null) ? RevocationKeyspace.decode(value) : null;
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
	void tokenRevocationThroughOneReplicaIsRefusedByTheOtherAndStoredOnlyAsItsHash() {
		RedisRevocationStore first = replica();
		RedisRevocationStore second = replica();
		Instant now = Instant.now();
		String token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyXzEifQ.c2lnbmF0dXJl";
		String other = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyXzEifQ.b3RoZXI";
		first.revokeToken(token, "user_1", now, now.plusSeconds(600));
		assertThat(first.isTokenRevoked(token)).isTrue();
		await().atMost(WAIT).until(() -> second.isTokenRevoked(token));
		assertThat(second.isTokenRevoked(other)).isFalse();
		assertThat(second.isRevoked(session("user_1", now.minusSeconds(60)))).isFalse();
		String hash = Revocation.tokenHash(token);
		Revocation stored = stored("token:" + hash);
		assertThat(stored).isNotNull();
		assertThat(stored.kind()).isEqualTo(Revocation.Kind.TOKEN);
		assertThat(stored.until()).isEqualTo(now.plusSeconds(600).truncatedTo(MILLIS));
		assertThat(redis().getExpire(this.prefix + "revocation:token:" + hash)).isBetween(590L, 600L);
		for (String key : redis().keys(this.prefix + "*")) {
			assertThat(key).doesNotContain(token);
			String value = redis().opsForValue().get(key);
			if (value != null) {
				assertThat(value).doesNotContain(token);
			}
		}
		RedisRevocationStore later = replica();
		assertThat(later.isTokenRevoked(token)).isTrue();
		assertThat(later.isTokenRevoked(other)).isFalse();
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
					RevocationKeyspace.encode(Revocation.user("user_1", now, now.plusSeconds(600))),
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
					RevocationKeyspace.encode(Revocation.session("sess_missed", "user_1", now, now.plusSeconds(600))),
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
					RevocationKeyspace.encode(Revocation.session("sess_missed", "user_1", now, now.plusSeconds(600))),
					Duration.ofMinutes(10));
		await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> !replica.isRevoked(token));
		assertThat(replica.load()).isEqualTo(1);
		assertThat(replica.isRevoked(token)).isTrue();
	}

	@Test
	void olderUserRevocationArrivingLateDoesNotReplaceTheNewerOne() {
		RedisRevocationStore first = replica();
		Instant now = Instant.now();
		first.revokeUser("user_1", now, now.plusSeconds(3600));
		// A retried delivery of an earlier lock, with an earlier end.
		first.revokeUser("user_1", now.minusSeconds(600), now.plusSeconds(600));
		assertThat(stored("user:user_1")).isEqualTo(Revocation.user("user_1", now.truncatedTo(MILLIS),
				now.plusSeconds(3600).truncatedTo(MILLIS)));
		assertThat(redis().getExpire(this.prefix + "revocation:user:user_1")).isBetween(3590L, 3600L);
		// A replica that starts now loads the newer lock and refuses a token issued
		// between the two.
		RedisRevocationStore later = replica();
		assertThat(later.isRevoked(session("user_1", now.minusSeconds(60)))).isTrue();
	}

	@Test
	void mergeKeepsTheLaterRevokedAtAndTheLaterUntilEvenFromDifferentWrites() {
		RedisRevocationStore first = replica();
		Instant now = Instant.now();
		first.revokeUser("user_1", now, now.plusSeconds(600));
		first.revokeUser("user_1", now.minusSeconds(60), now.plusSeconds(3600));
		assertThat(stored("user:user_1")).isEqualTo(Revocation.user("user_1", now.truncatedTo(MILLIS),
				now.plusSeconds(3600).truncatedTo(MILLIS)));
		assertThat(redis().getExpire(this.prefix + "revocation:user:user_1")).isBetween(3590L, 3600L);
	}

	@Test
	void sessionRevocationWithoutUserDoesNotDropTheUserOfAnEarlierOne() {
		RedisRevocationStore first = replica();
		Instant now = Instant.now();
		first.revokeSession("sess_1", "user_1", now, now.plusSeconds(3600));
		first.revokeSession("sess_1", now.plusSeconds(600));
		assertThat(stored("session:sess_1")).isEqualTo(Revocation.session("sess_1", "user_1",
				now.plusSeconds(600).truncatedTo(MILLIS), now.plusSeconds(3600).truncatedTo(MILLIS)));
		RedisRevocationStore later = replica();
		assertThat(later.isRevoked(session("user_1", now.minusSeconds(60)))).isTrue();
	}

	@Test
	void mergeKeepsANonAsciiUserAndIdIntact() {
		RedisRevocationStore first = replica();
		Instant now = Instant.now();
		first.revokeSession("sess:é:1", "usér:ñ", now, now.plusSeconds(3600));
		first.revokeSession("sess:é:1", now.plusSeconds(600));
		assertThat(stored("session:sess:é:1")).isEqualTo(Revocation.session("sess:é:1", "usér:ñ",
				now.plusSeconds(600).truncatedTo(MILLIS), now.plusSeconds(3600).truncatedTo(MILLIS)));
	}

	@Test
	void publishedRevocationIsTheMergedOne() {
		RedisRevocationStore first = replica();
		RedisRevocationStore second = replica();
		Instant now = Instant.now();
		TryMellonSession between = session("user_1", now.minusSeconds(60));
		// The newer lock reached Redis, but its message never reached the second replica.
		redis().opsForValue()
			.set(this.prefix + "revocation:user:user_1",
					RevocationKeyspace.encode(Revocation.user("user_1", now, now.plusSeconds(3600))),
					Duration.ofHours(1));
		first.revokeUser("user_1", now.minusSeconds(600), now.plusSeconds(600));
		await().atMost(WAIT).until(() -> second.isRevoked(between));
	}

	@Test
	void malformedValueInRedisIsReplacedByTheRevocation() {
		RedisRevocationStore first = replica();
		Instant now = Instant.now();
		redis().opsForValue().set(this.prefix + "revocation:user:user_1", "USER:garbage", Duration.ofMinutes(1));
		first.revokeUser("user_1", now, now.plusSeconds(600));
		assertThat(stored("user:user_1")).isEqualTo(
				Revocation.user("user_1", now.truncatedTo(MILLIS), now.plusSeconds(600).truncatedTo(MILLIS)));
	}

	@Test
	void concurrentWritersOfTheSameUserLeaveTheNewestInRedis() throws Exception {
		Instant now = Instant.now().truncatedTo(MILLIS);
		int writers = 4;
		int each = 25;
		List<RedisRevocationStore> replicas = new ArrayList<>();
		for (int i = 0; i < writers; i++) {
			replicas.add(replica());
		}
		ExecutorService pool = Executors.newFixedThreadPool(writers);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<?>> done = new ArrayList<>();
			for (int w = 0; w < writers; w++) {
				RedisRevocationStore replica = replicas.get(w);
				int offset = w;
				done.add(pool.submit(() -> {
					start.await();
					// Writer w writes revokedAt now - (w + writers * k) seconds, newest
					// first: every last write is an old one, the newest came first.
					for (int k = 0; k < each; k++) {
						long age = offset + (long) writers * k;
						replica.revokeUser("user_1", now.minusSeconds(age), now.plusSeconds(3600 - age));
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> future : done) {
				future.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(stored("user:user_1")).isEqualTo(Revocation.user("user_1", now, now.plusSeconds(3600)));
	}

}
