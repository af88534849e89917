package dev.trymellon.spring.autoconfigure.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.trymellon.spring.autoconfigure.TryMellonAutoConfiguration;
import dev.trymellon.spring.autoconfigure.revocation.TryMellonRevocationAutoConfiguration;
import dev.trymellon.spring.autoconfigure.webhook.TryMellonWebhookAutoConfiguration;
import dev.trymellon.spring.redis.RedisProcessedEventStore;
import dev.trymellon.spring.redis.RedisRevocationStore;
import dev.trymellon.spring.redis.RedisTestSupport;
import dev.trymellon.spring.revocation.InMemoryRevocationStore;
import dev.trymellon.spring.revocation.Revocation;
import dev.trymellon.spring.revocation.RevocationStore;
import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.SessionTokenVerifier;
import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.testfixtures.StaticKeysConfiguration;
import dev.trymellon.spring.testfixtures.TestContexts;
import dev.trymellon.spring.testfixtures.TestTokens;
import dev.trymellon.spring.webhook.InMemoryProcessedEventStore;
import dev.trymellon.spring.webhook.ProcessedEventStore;
import dev.trymellon.spring.webhook.SessionLogoutEvent;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

class TryMellonRedisAutoConfigurationTests {

	private static final String SECRET = "whsec_redis_test_0123456789abcdef";

	private final WebApplicationContextRunner withoutRedis = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TryMellonAutoConfiguration.class,
				TryMellonRevocationAutoConfiguration.class, TryMellonWebhookAutoConfiguration.class,
				TryMellonRedisAutoConfiguration.class))
		.withUserConfiguration(StaticKeysConfiguration.class)
		.withPropertyValues("trymellon.client-id=" + TestTokens.CLIENT_ID,
				"trymellon.webhook.signing-secrets=" + SECRET);

	private final WebApplicationContextRunner runner = this.withoutRedis
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.host=" + RedisTestSupport.HOST,
				"spring.data.redis.port=" + RedisTestSupport.PORT);

	@Test
	void noConnectionFactoryThenInMemoryStores() {
		this.withoutRedis.run((context) -> {
			assertThat(context).doesNotHaveBean(RedisConnectionFactory.class);
			assertThat(context.getBean(RevocationStore.class)).isInstanceOf(InMemoryRevocationStore.class);
			assertThat(context.getBean(ProcessedEventStore.class)).isInstanceOf(InMemoryProcessedEventStore.class);
		});
	}

	@Test
	void springDataRedisNotOnTheClasspathThenInMemoryStores() {
		this.runner.withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class)).run((context) -> {
			assertThat(context.getBean(RevocationStore.class)).isInstanceOf(InMemoryRevocationStore.class);
			assertThat(context.getBean(ProcessedEventStore.class)).isInstanceOf(InMemoryProcessedEventStore.class);
		});
	}

	@Test
	void redisDisabledThenInMemoryStores() {
		this.runner.withPropertyValues("trymellon.redis.enabled=false").run((context) -> {
			assertThat(context).hasSingleBean(RedisConnectionFactory.class);
			assertThat(context.getBean(RevocationStore.class)).isInstanceOf(InMemoryRevocationStore.class);
			assertThat(context.getBean(ProcessedEventStore.class)).isInstanceOf(InMemoryProcessedEventStore.class);
		});
	}

	@Test
	void revocationDisabledThenNoRevocationStoreButRedisProcessedEvents() {
		this.runner.withPropertyValues("trymellon.revocation.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(RevocationStore.class);
			assertThat(context.getBean(ProcessedEventStore.class)).isInstanceOf(RedisProcessedEventStore.class);
		});
	}

	@Test
	void userStoresThenRedisStoresBackOff() {
		this.runner.withUserConfiguration(UserStoresConfig.class).run((context) -> {
			assertThat(context).hasSingleBean(RevocationStore.class);
			assertThat(context).doesNotHaveBean(RedisRevocationStore.class);
			assertThat(context).hasSingleBean(ProcessedEventStore.class);
			assertThat(context).doesNotHaveBean(RedisProcessedEventStore.class);
			assertThat(context.getBean(ProcessedEventStore.class))
				.isSameAs(context.getBean(UserStoresConfig.class).events);
		});
	}

	@Test
	void blankKeyPrefixThenStartupFailsNamingTheProperty() {
		this.runner.withPropertyValues("trymellon.redis.key-prefix= ").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("trymellon.redis.key-prefix");
		});
	}

	@Test
	void emptyCredentialIdClaimThenStartupFailsNamingTheProperty() {
		this.runner.withPropertyValues("trymellon.revocation.credential-id-claims=cid, ").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("trymellon.revocation.credential-id-claims");
		});
	}

	@Test
	void localViewUsesTheClockSkewOfTheTokenProperties() {
		LettuceConnectionFactory admin = RedisTestSupport.connect();
		String prefix = RedisTestSupport.uniquePrefix();
		try {
			this.runner.withPropertyValues("trymellon.redis.key-prefix=" + prefix).run((context) -> {
				Instant now = Instant.now();
				context.getBean(RevocationStore.class).revokeUser("user_123", now.minusSeconds(15), now.plusSeconds(600));
				// Issued 12 s after the lock: within the default 30 s skew, refused.
				TestContexts.assertRevoked(context, TestTokens.token(now.minusSeconds(3)));
			});
		}
		finally {
			RedisTestSupport.deleteKeys(admin, prefix);
			admin.destroy();
		}
	}

	@Test
	void negativeResyncIntervalThenStartupFailsNamingTheProperty() {
		this.runner.withPropertyValues("trymellon.redis.resync-interval=-1s").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("trymellon.redis.resync-interval");
		});
	}

	@Test
	void connectionFactoryThenRedisStoresAndTheVerifierAsksTheSharedStore() {
		LettuceConnectionFactory admin = RedisTestSupport.connect();
		String prefix = RedisTestSupport.uniquePrefix();
		try {
			this.runner.withPropertyValues("trymellon.redis.key-prefix=" + prefix).run((context) -> {
				assertThat(context).hasSingleBean(RedisRevocationStore.class);
				assertThat(context).doesNotHaveBean(InMemoryRevocationStore.class);
				assertThat(context.getBean(ProcessedEventStore.class)).isInstanceOf(RedisProcessedEventStore.class);
				Instant now = Instant.now();
				String token = TestTokens.token(now.minusSeconds(10), (claims) -> claims.claim("sid", "sess_7"));
				context.getBean(RevocationStore.class).revokeSession("sess_7", now.plusSeconds(600));
				TestContexts.assertRevoked(context, token);
			});
		}
		finally {
			RedisTestSupport.deleteKeys(admin, prefix);
			admin.destroy();
		}
	}

	@Test
	void webhookReachingOneReplicaRevokesOnTheOtherAndIsProcessedOnce() {
		LettuceConnectionFactory admin = RedisTestSupport.connect();
		String prefix = RedisTestSupport.uniquePrefix();
		WebApplicationContextRunner replicas = this.runner.withPropertyValues("trymellon.redis.key-prefix=" + prefix)
			.withUserConfiguration(LogoutCounter.class);
		try {
			replicas.run((first) -> replicas.run((second) -> {
				Instant now = Instant.now();
				String token = TestTokens.token(now.minusSeconds(10), (claims) -> claims.claim("sid", "sess_8"));
				SessionTokenVerifier verifier = second.getBean(SessionTokenVerifier.class);
				TryMellonSession session = verifier.verify(token);
				assertThat(verifier.verify(token)).isEqualTo(session);
				String body = "{\"id\":\"evt_replicas\",\"type\":\"session.logout\",\"created_at\":\"" + now
						+ "\",\"data\":{\"user_id\":\"user_123\",\"session_id\":\"sess_8\",\"logged_out_at\":\""
						+ now + "\"}}";
				assertThat(TestContexts.deliverWebhook(first, SECRET, body)).isEqualTo(200);
				await().atMost(Duration.ofSeconds(5)).until(() -> isRevoked(verifier, token));
				TestContexts.assertRevoked(second, token);
				// The same delivery reaching the other replica is a duplicate.
				assertThat(TestContexts.deliverWebhook(second, SECRET, body)).isEqualTo(200);
				assertThat(first.getBean(LogoutCounter.class).count.get()
						+ second.getBean(LogoutCounter.class).count.get()).isEqualTo(1);
				assertThat(new StringRedisTemplate(admin).opsForValue()
					.get(prefix + "webhook:id:evt_replicas")).isEqualTo("completed");
			}));
		}
		finally {
			RedisTestSupport.deleteKeys(admin, prefix);
			admin.destroy();
		}
	}

	private static boolean isRevoked(SessionTokenVerifier verifier, String token) {
		Throwable thrown = catchThrowable(() -> verifier.verify(token));
		if (thrown == null) {
			return false;
		}
		assertThat(thrown).isInstanceOfSatisfying(SessionTokenException.class,
				(ex) -> assertThat(ex.getErrorCode()).isEqualTo(TryMellonErrorCode.SESSION_REVOKED));
		return true;
	}

	@Configuration(proxyBeanMethods = false)
	static class LogoutCounter {

		final AtomicInteger count = new AtomicInteger();

		@EventListener
		void on(SessionLogoutEvent event) {
			this.count.incrementAndGet();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserStoresConfig {

		final ProcessedEventStore events = new InMemoryProcessedEventStore();

		@Bean
		RevocationStore userRevocationStore() {
			return new RevocationStore() {

				@Override
				public void revoke(Revocation revocation) {
				}

				@Override
				public boolean isRevoked(TryMellonSession session) {
					return false;
				}

			};
		}

		@Bean
		ProcessedEventStore userProcessedEventStore() {
			return this.events;
		}

	}

}
