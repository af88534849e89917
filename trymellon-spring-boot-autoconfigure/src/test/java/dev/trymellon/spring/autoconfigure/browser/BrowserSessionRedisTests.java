package dev.trymellon.spring.autoconfigure.browser;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.trymellon.spring.redis.RedisRevocationStore;
import dev.trymellon.spring.redis.RedisTestSupport;
import dev.trymellon.spring.revocation.InMemoryRevocationStore;
import dev.trymellon.spring.revocation.Revocation;
import dev.trymellon.spring.revocation.RevocationStore;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static dev.trymellon.spring.autoconfigure.browser.BrowserSessionApplication.COOKIE;
import static dev.trymellon.spring.autoconfigure.browser.BrowserSessionApplication.NOW;
import static dev.trymellon.spring.autoconfigure.browser.BrowserSessionApplication.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Against the real Redis, under a prefix of its own: a browser sign-out revokes exactly
 * that token on every replica sharing the store, and Redis holds its hash only.
 */
@SpringBootTest(classes = BrowserSessionApplication.class, properties = {
		"trymellon.client-id=client_test123", "trymellon.token.cookie-name=__Host-tm_session",
		"trymellon.session-cookie.enabled=true", "trymellon.redis.enabled=true",
		"trymellon.redis.resync-interval=0" })
@AutoConfigureMockMvc
@DirtiesContext
class BrowserSessionRedisTests {

	private static final String PREFIX = RedisTestSupport.uniquePrefix();

	private static LettuceConnectionFactory factory;

	@Autowired
	MockMvc mvc;

	@Autowired
	RevocationStore store;

	@Autowired
	Clock clock;

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", () -> RedisTestSupport.HOST);
		registry.add("spring.data.redis.port", () -> RedisTestSupport.PORT);
		registry.add("trymellon.redis.key-prefix", () -> PREFIX);
	}

	@BeforeAll
	static void connect() {
		factory = RedisTestSupport.connect();
	}

	@AfterAll
	static void cleanUp() {
		if (factory != null) {
			RedisTestSupport.deleteKeys(factory, PREFIX);
			factory.destroy();
		}
	}

	@Test
	void signOutRevokesExactlyThatTokenOnEveryReplica() throws Exception {
		assertThat(this.store).isInstanceOf(RedisRevocationStore.class);
		RedisRevocationStore otherReplica = new RedisRevocationStore(factory,
				new InMemoryRevocationStore(this.clock, Duration.ofSeconds(30), List.of()), PREFIX, this.clock);
		otherReplica.start();
		try {
			String token = token("user_redis", "user", NOW);
			String otherToken = token("user_redis", "user", NOW.plusSeconds(1));
			this.mvc.perform(delete("/trymellon/session").cookie(new jakarta.servlet.http.Cookie(COOKIE, token))
				.with(csrf())).andExpect(status().isNoContent());
			await().atMost(Duration.ofSeconds(5)).until(() -> otherReplica.isTokenRevoked(token));
			assertThat(otherReplica.isTokenRevoked(otherToken)).isFalse();
			String key = PREFIX + "revocation:token:" + Revocation.tokenHash(token);
			StringRedisTemplate redis = new StringRedisTemplate(factory);
			assertThat(redis.hasKey(key)).isTrue();
			assertThat(redis.opsForValue().get(key)).doesNotContain(token);
			// kept until the token's expiry plus the clock skew: an hour and 30 s from now
			assertThat(redis.getExpire(key)).isBetween(3620L, 3630L);
			this.mvc.perform(get("/api/me").cookie(new jakarta.servlet.http.Cookie(COOKIE, token)))
				.andExpect(status().isUnauthorized())
				.andExpect(jsonPath("$.code").value("SESSION_REVOKED"));
		}
		finally {
			otherReplica.stop();
		}
	}

}
