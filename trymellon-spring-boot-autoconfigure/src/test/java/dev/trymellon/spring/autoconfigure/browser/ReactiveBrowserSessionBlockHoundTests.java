package dev.trymellon.spring.autoconfigure.browser;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.trymellon.spring.redis.RedisRevocationStore;
import dev.trymellon.spring.redis.RedisTestSupport;
import dev.trymellon.spring.revocation.InMemoryRevocationStore;
import dev.trymellon.spring.revocation.Revocation;
import dev.trymellon.spring.revocation.RevocationStore;
import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.session.offline.JwksKeySource;
import dev.trymellon.spring.testfixtures.BlockHoundCalls;
import dev.trymellon.spring.testfixtures.ReactorThreads;
import dev.trymellon.spring.testfixtures.TestTokens;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reactive session endpoints over Netty with BlockHound installed: the sign-out's
 * revocation (a store whose write blocks; the Redis store) runs on
 * {@code boundedElastic}, never on the event loop, and the exchange, the view, the
 * sign-out and the refusal of the signed-out cookie all get their answers. Runs in its own JVM (see the module's pom).
 */
class ReactiveBrowserSessionBlockHoundTests {

	private static final String PREFIX = RedisTestSupport.uniquePrefix();

	private static final String COOKIE = "__Host-tm_session";

	private static final String CSRF = "blockhound-csrf";

	private static LettuceConnectionFactory factory;

	@BeforeAll
	static void installBlockHound() {
		BlockHoundCalls.install();
		factory = RedisTestSupport.connect();
	}

	@AfterAll
	static void cleanUp() {
		BlockHoundCalls.report(ReactiveBrowserSessionBlockHoundTests.class);
		if (factory != null) {
			RedisTestSupport.deleteKeys(factory, PREFIX);
			factory.destroy();
		}
	}

	@Test
	void blockingRevocationStoreRunsOffTheEventLoop() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class, SleepingStore.class)
			.web(WebApplicationType.REACTIVE)
			.run("--server.port=0", "--server.address=127.0.0.1", "--trymellon.client-id=" + TestTokens.CLIENT_ID,
					"--trymellon.token.cookie-name=" + COOKIE, "--trymellon.session-cookie.enabled=true")) {
			WebTestClient client = client(context);
			String token = TestTokens.token(Instant.now());
			client.delete()
				.uri("/trymellon/session")
				.cookie(COOKIE, token)
				.cookie("XSRF-TOKEN", CSRF)
				.header("X-XSRF-TOKEN", CSRF)
				.exchange()
				.expectStatus()
				.isNoContent();
			assertThat(context.getBean(SleepingStore.class).revokedOn.get()).matches(ReactorThreads.BOUNDED_ELASTIC);
			client.get()
				.uri("/trymellon/session")
				.cookie(COOKIE, token)
				.exchange()
				.expectStatus()
				.isUnauthorized()
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("SESSION_REVOKED");
		}
	}

	private static WebTestClient client(ConfigurableApplicationContext context) {
		return WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"))
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	@Test
	void exchangeSignOutThroughRedisAndRefusalNeverBlockTheEventLoop() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
			.web(WebApplicationType.REACTIVE)
			// arguments: they outrank the test resources' application.properties (Redis off)
			.run("--server.port=0", "--server.address=127.0.0.1", "--trymellon.client-id=" + TestTokens.CLIENT_ID,
					"--trymellon.token.cookie-name=" + COOKIE, "--trymellon.session-cookie.enabled=true",
					"--trymellon.redis.enabled=true", "--trymellon.redis.key-prefix=" + PREFIX,
					"--trymellon.redis.resync-interval=0", "--spring.data.redis.host=" + RedisTestSupport.HOST,
					"--spring.data.redis.port=" + RedisTestSupport.PORT,
					"--spring.data.redis.repositories.enabled=false")) {
			assertThat(context.getBean(RevocationStore.class)).isInstanceOf(RedisRevocationStore.class);
			WebTestClient client = client(context);
			String token = TestTokens.token(Instant.now());
			client.post()
				.uri("/trymellon/session")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
				.exchange()
				.expectStatus()
				.isNoContent()
				.expectHeader()
				.value(HttpHeaders.SET_COOKIE, (cookie) -> assertThat(cookie).startsWith(COOKIE + "=" + token));
			client.get()
				.uri("/trymellon/session")
				.cookie(COOKIE, token)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.userId")
				.isEqualTo("user_123");
			client.delete()
				.uri("/trymellon/session")
				.cookie(COOKIE, token)
				.cookie("XSRF-TOKEN", CSRF)
				.header("X-XSRF-TOKEN", CSRF)
				.exchange()
				.expectStatus()
				.isNoContent();
			client.get()
				.uri("/trymellon/session")
				.cookie(COOKIE, token)
				.exchange()
				.expectStatus()
				.isUnauthorized()
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("SESSION_REVOKED");
		}
	}

	/**
	 * A store whose writes block, as a shared store's do: BlockHound refuses that on an
	 * event loop.
	 */
	static class SleepingStore implements RevocationStore {

		final AtomicReference<String> revokedOn = new AtomicReference<>();

		private final InMemoryRevocationStore memory = new InMemoryRevocationStore(Clock.systemUTC(),
				Duration.ofSeconds(30), List.of());

		@Override
		public void revoke(Revocation revocation) {
			sleep();
			this.revokedOn.set(Thread.currentThread().getName());
			this.memory.revoke(revocation);
		}

		@Override
		public boolean isRevoked(TryMellonSession session) {
			return this.memory.isRevoked(session);
		}

		@Override
		public boolean isTokenRevoked(String token) {
			return this.memory.isTokenRevoked(token);
		}

		// Not a wait: the blocking call BlockHound must find off the event loop only.
		@SuppressWarnings("checkstyle:noSleep")
		private static void sleep() {
			try {
				Thread.sleep(1);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@Bean
		JwksKeySource tryMellonTestKeys() {
			return TestTokens.keySource(TestTokens.KEY);
		}

	}

}
