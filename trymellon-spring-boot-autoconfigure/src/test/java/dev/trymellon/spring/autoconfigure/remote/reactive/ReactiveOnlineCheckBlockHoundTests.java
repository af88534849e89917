package dev.trymellon.spring.autoconfigure.remote.reactive;

import java.time.Duration;
import java.time.Instant;

import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import dev.trymellon.spring.remote.TryMellonVerifyOnline;
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
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static dev.trymellon.spring.autoconfigure.remote.reactive.FakeApi.INVALID;
import static dev.trymellon.spring.autoconfigure.remote.reactive.FakeApi.VALID;
import static dev.trymellon.spring.autoconfigure.remote.reactive.FakeApi.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Real requests over Netty with BlockHound installed: the call to TryMellon's API of an
 * online check (it blocks: {@code RestClient}, retries) never runs on an event loop. The
 * annotated endpoint reports the thread it runs on: {@code boundedElastic} after a check,
 * the event loop when a fresh session skips it ({@code maxAge}). Runs in its own JVM (see
 * the module's pom).
 */
class ReactiveOnlineCheckBlockHoundTests {

	private static MockWebServer server;

	@BeforeAll
	static void installBlockHound() {
		BlockHoundCalls.install();
		server = FakeApi.start();
	}

	@AfterAll
	static void stop() {
		BlockHoundCalls.report(ReactiveOnlineCheckBlockHoundTests.class);
		server.close();
	}

	@Test
	void blockHoundIsActiveOnNonBlockingThreads() {
		assertThatExceptionOfType(RuntimeException.class)
			.isThrownBy(() -> Mono.fromRunnable(ReactiveOnlineCheckBlockHoundTests::sleep)
				.subscribeOn(Schedulers.parallel())
				.block(Duration.ofSeconds(10)))
			.withCauseInstanceOf(BlockingOperationError.class);
	}

	@Test
	void onlineCheckCallsTheApiOffTheEventLoop() {
		try (ConfigurableApplicationContext context = start()) {
			WebTestClient client = client(context);
			int before = server.getRequestCount();
			server.enqueue(json(200, VALID));
			assertThat(get(client, "/thread/online", FakeApi.token()).expectStatus()
				.isOk()
				.expectBody(String.class)
				.returnResult()
				.getResponseBody()).matches(ReactorThreads.BOUNDED_ELASTIC);
			server.enqueue(json(401, INVALID));
			get(client, "/thread/online", FakeApi.token()).expectStatus()
				.isUnauthorized()
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("SESSION_REVOKED");
			assertThat(server.getRequestCount() - before).isEqualTo(2);
			// a session younger than maxAge is let through without a call, on the event loop
			assertThat(get(client, "/thread/fresh", TestTokens.token(Instant.now())).expectStatus()
				.isOk()
				.expectBody(String.class)
				.returnResult()
				.getResponseBody()).startsWith("reactor-http-");
			assertThat(server.getRequestCount() - before).isEqualTo(2);
		}
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

	private static WebTestClient.ResponseSpec get(WebTestClient client, String path, String token) {
		return client.get().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange();
	}

	private static ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(App.class).web(WebApplicationType.REACTIVE)
			.properties("server.port=0", "server.address=127.0.0.1", "trymellon.client-id=" + TestTokens.CLIENT_ID,
					"trymellon.app-id=app_1", "trymellon.remote.max-retries=0",
					"trymellon.api-base-url=" + server.url("/"), "spring.data.redis.repositories.enabled=false")
			.run();
	}

	private static WebTestClient client(ConfigurableApplicationContext context) {
		String port = context.getEnvironment().getProperty("local.server.port");
		return WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(ThreadController.class)
	static class App {

		@Bean
		JwksKeySource tryMellonTestKeys() {
			return TestTokens.keySource(TestTokens.KEY);
		}

	}

	@RestController
	static class ThreadController {

		@GetMapping("/thread/online")
		@TryMellonVerifyOnline
		Mono<String> online() {
			return Mono.fromSupplier(() -> Thread.currentThread().getName());
		}

		@GetMapping("/thread/fresh")
		@TryMellonVerifyOnline(maxAge = "5m")
		Mono<String> fresh() {
			return Mono.fromSupplier(() -> Thread.currentThread().getName());
		}

	}

}
