package dev.trymellon.spring.test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.trymellon.spring.redis.RedisProcessedEventStore;
import dev.trymellon.spring.redis.RedisRevocationStore;
import dev.trymellon.spring.revocation.InMemoryRevocationStore;
import dev.trymellon.spring.revocation.RevocationStore;
import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.webhook.InMemoryProcessedEventStore;
import dev.trymellon.spring.webhook.ProcessedEventStore;
import dev.trymellon.spring.webhook.ProcessedEventStore.ClaimResult;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * {@link AutoConfigureTryMellon @AutoConfigureTryMellon} in an application with Spring
 * Data Redis and a {@code RedisConnectionFactory} to the local Redis: its tests leave no
 * revocation or event id in the shared Redis, unless they ask for the Redis stores, which
 * then live under a prefix of the context's own, deleted on close.
 */
@ExtendWith(LocalRedis.class)
class AutoConfigureTryMellonRedisTests {

	static final String SECRET = "whsec_kit_redis_0123456789abcdef";

	static final String REDIS = "spring.data.redis.host=" + LocalRedis.HOST;

	static final String WEBHOOKS = "trymellon.webhook.signing-secrets=" + SECRET;

	static final Duration LEASE = Duration.ofMinutes(1);

	/** Every key in the local Redis whose name contains the text. */
	static List<String> keysContaining(String text) {
		LettuceConnectionFactory factory = LocalRedis.connect();
		try (Cursor<String> keys = new StringRedisTemplate(factory)
			.scan(ScanOptions.scanOptions().match("*" + text + "*").count(1000).build())) {
			List<String> found = new ArrayList<>();
			keys.forEachRemaining(found::add);
			return found;
		}
		finally {
			factory.destroy();
		}
	}

	static TryMellonSession sessionOf(String userId) {
		Instant issuedAt = Instant.now().minusSeconds(60);
		return TryMellonSession.builder(userId).issuedAt(issuedAt).expiresAt(issuedAt.plusSeconds(3600)).build();
	}

	/** Revokes a user and completes an event, both named after the id. */
	static void revokeAndProcess(RevocationStore revocations, ProcessedEventStore events, String id) {
		Instant now = Instant.now();
		revocations.revokeUser("user_" + id, now, now.plusSeconds(600));
		assertThat(events.claim("evt_" + id, LEASE)).isEqualTo(ClaimResult.CLAIMED);
		events.complete("evt_" + id, LEASE);
	}

	@Nested
	@SpringBootTest(classes = RedisApplication.class, properties = { REDIS, WEBHOOKS })
	@AutoConfigureTryMellon
	class InMemoryByDefault {

		@Autowired
		Environment environment;

		@Autowired
		RedisConnectionFactory connectionFactory;

		@Autowired
		RevocationStore revocations;

		@Autowired
		ProcessedEventStore events;

		@Test
		void storesAreInMemoryAndNothingReachesRedis() {
			assertThat(this.environment.getProperty("trymellon.redis.enabled")).isEqualTo("false");
			assertThat(this.revocations).isInstanceOf(InMemoryRevocationStore.class);
			assertThat(this.events).isInstanceOf(InMemoryProcessedEventStore.class);
			String id = UUID.randomUUID().toString();
			revokeAndProcess(this.revocations, this.events, id);
			assertThat(this.revocations.isRevoked(sessionOf("user_" + id))).isTrue();
			assertThat(keysContaining(id)).isEmpty();
		}

	}

	@Nested
	@SpringBootTest(classes = RedisApplication.class, properties = { REDIS, WEBHOOKS })
	@AutoConfigureTryMellon(redis = true)
	class RedisOnRequest {

		@Autowired
		Environment environment;

		@Autowired
		RevocationStore revocations;

		@Autowired
		ProcessedEventStore events;

		@Test
		void storesAreInRedisUnderAPrefixOfTheContextsOwn() {
			String prefix = this.environment.getProperty("trymellon.redis.key-prefix");
			assertThat(prefix).matches("trymellon:test:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:");
			assertThat(this.revocations).isInstanceOf(RedisRevocationStore.class);
			assertThat(this.events).isInstanceOf(RedisProcessedEventStore.class);
			String id = UUID.randomUUID().toString();
			revokeAndProcess(this.revocations, this.events, id);
			assertThat(keysContaining(id)).containsExactlyInAnyOrder(prefix + "revocation:user:user_" + id,
					prefix + "webhook:evt_" + id);
		}

	}

	@Nested
	@SpringBootTest(classes = RedisApplication.class,
			properties = { REDIS, WEBHOOKS, "trymellon.redis.key-prefix=orders:" })
	@AutoConfigureTryMellon(redis = true)
	class RedisOnRequestWithTheApplicationsPrefix {

		@Autowired
		Environment environment;

		@Test
		void prefixStaysUnderTheApplicationsOwn() {
			assertThat(this.environment.getProperty("trymellon.redis.key-prefix")).startsWith("orders:test:")
				.hasSize("orders:test:".length() + 36 + 1);
		}

	}

	@Test
	void eachRunStartsFreshAndLeavesNothingBehind() {
		ContextCustomizer customizer = new TryMellonContextCustomizerFactory()
			.createContextCustomizer(RedisOnRequest.class, List.of());
		assertThat(customizer).isNotNull()
			.isNotEqualTo(new TryMellonContextCustomizerFactory().createContextCustomizer(InMemoryByDefault.class,
					List.of()));
		String id = UUID.randomUUID().toString();
		String firstPrefix;
		try (ConfigurableApplicationContext first = run(customizer)) {
			firstPrefix = first.getEnvironment().getProperty("trymellon.redis.key-prefix");
			revokeAndProcess(first.getBean(RevocationStore.class), first.getBean(ProcessedEventStore.class), id);
			assertThat(keysContaining(id)).hasSize(2).allMatch((key) -> key.startsWith(firstPrefix));
		}
		assertThat(keysContaining(id)).isEmpty();
		try (ConfigurableApplicationContext second = run(customizer)) {
			assertThat(second.getEnvironment().getProperty("trymellon.redis.key-prefix")).isNotEqualTo(firstPrefix);
			// The event the first run processed is new to the second, and its user is not
			// revoked there.
			assertThat(second.getBean(ProcessedEventStore.class).claim("evt_" + id, LEASE))
				.isEqualTo(ClaimResult.CLAIMED);
			assertThat(second.getBean(RevocationStore.class).isRevoked(sessionOf("user_" + id))).isFalse();
		}
		assertThat(keysContaining(id)).isEmpty();
	}

	private static ConfigurableApplicationContext run(ContextCustomizer customizer) {
		return new SpringApplicationBuilder(RedisApplication.class).web(WebApplicationType.NONE)
			.initializers((context) -> customizer.customizeContext(context, mock(MergedContextConfiguration.class)))
			.run("--" + REDIS, "--" + WEBHOOKS);
	}

	/** An application with every auto-configuration, Spring Data Redis among them. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class RedisApplication {

	}

}
