package dev.trymellon.spring.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.trymellon.spring.revocation.InMemoryRevocationStore;
import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.testfixtures.MutableClock;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The Redis store's argument checks, what it delegates to its local view, and the exact
 * end of a revocation it still shares.
 */
class RedisRevocationStoreEdgeTests {

	private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

	private final MutableClock clock = new MutableClock(NOW);

	private final InMemoryRevocationStore local = new InMemoryRevocationStore(this.clock, Duration.ofSeconds(30),
			List.of());

	/** Never started: nothing here connects. */
	private final LettuceConnectionFactory unstarted = new LettuceConnectionFactory(
			new RedisStandaloneConfiguration(RedisTestSupport.HOST, RedisTestSupport.PORT));

	@Test
	void createWhenArgumentsMissingThenRefused() {
		Clock utc = Clock.systemUTC();
		assertThatIllegalArgumentException().isThrownBy(() -> new RedisRevocationStore(null, this.local, "p:", utc))
			.withMessage("connectionFactory cannot be null");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RedisRevocationStore(this.unstarted, null, "p:", utc))
			.withMessage("local cannot be null");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RedisRevocationStore(this.unstarted, this.local, null, utc))
			.withMessage("keyPrefix cannot be null");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RedisRevocationStore(this.unstarted, this.local, "p:", null))
			.withMessage("clock cannot be null");
		RedisRevocationStore store = new RedisRevocationStore(this.unstarted, this.local, "p:", utc);
		assertThatIllegalArgumentException().isThrownBy(() -> store.setResyncInterval(Duration.ofSeconds(-1)))
			.withMessage("resyncInterval cannot be negative");
		assertThatIllegalArgumentException().isThrownBy(() -> store.setResyncInterval(null))
			.withMessage("resyncInterval cannot be negative");
		assertThatIllegalArgumentException().isThrownBy(() -> store.revoke(null))
			.withMessage("revocation cannot be null");
	}

	@Test
	void failSafeQuestionAndDescriptionComeFromTheLocalView() {
		RedisRevocationStore store = new RedisRevocationStore(this.unstarted, this.local, "p:", this.clock);
		TryMellonSession withoutSessionId = TryMellonSession.builder("user_1")
			.issuedAt(NOW.minusSeconds(60))
			.expiresAt(NOW.plusSeconds(3600))
			.build();
		assertThat(store.isRevokedOnlyByFailSafe(withoutSessionId)).isFalse();
		this.local.revokeSession("sess_1", "user_1", NOW, NOW.plusSeconds(3600));
		assertThat(store.isRevokedOnlyByFailSafe(withoutSessionId)).isTrue();
		assertThat(store).hasToString("RedisRevocationStore[p:revocations, InMemoryRevocationStore[2 entries]]");
	}

	@Test
	void revokeWhenTheEntryEndsNowThenNothingIsWrittenToRedis() {
		LettuceConnectionFactory factory = RedisTestSupport.connect();
		String prefix = RedisTestSupport.uniquePrefix();
		RedisRevocationStore store = new RedisRevocationStore(factory, this.local, prefix, this.clock);
		store.setResyncInterval(Duration.ZERO);
		try {
			store.start();
			store.revokeUser("user_1", NOW.minusSeconds(60), NOW);
			StringRedisTemplate redis = new StringRedisTemplate(factory);
			assertThat(redis.keys(prefix + "*")).isEmpty();
			store.revokeUser("user_2", NOW.minusSeconds(60), NOW.plusSeconds(60));
			assertThat(redis.keys(prefix + "*")).isNotEmpty();
		}
		finally {
			store.stop();
			RedisTestSupport.deleteKeys(factory, prefix);
			factory.destroy();
		}
	}

}
