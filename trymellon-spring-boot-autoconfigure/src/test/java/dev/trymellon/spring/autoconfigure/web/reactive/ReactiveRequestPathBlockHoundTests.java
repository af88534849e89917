package dev.trymellon.spring.autoconfigure.web.reactive;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import dev.trymellon.spring.authority.UserAuthoritiesLookup;
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
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Real requests over Netty with BlockHound installed: a blocking call on an event-loop
 * thread fails the request. Verification with a known key and a cache hit stay on the
 * event loop (the endpoint reports the thread it runs on); a token whose {@code kid}
 * needs a JWKS fetch, and a {@link UserAuthoritiesLookup}, run on
 * {@code boundedElastic}. Runs in its own JVM (see the module's pom).
 */
class ReactiveRequestPathBlockHoundTests {

	private static final AtomicReference<String> jwks = new AtomicReference<>(TestTokens.jwks(TestTokens.KEY));

	private static MockWebServer jwksServer;

	@BeforeAll
	static void installBlockHoundAndStartTheJwksServer() throws IOException {
		BlockHoundCalls.install();
		jwksServer = new MockWebServer();
		jwksServer.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return new MockResponse.Builder().code(200)
					.addHeader("Content-Type", "application/json")
					.body(jwks.get())
					.build();
			}
		});
		jwksServer.start(InetAddress.getByName("127.0.0.1"), 0);
	}

	@AfterAll
	static void stopTheJwksServer() throws IOException {
		BlockHoundCalls.report(ReactiveRequestPathBlockHoundTests.class);
		jwksServer.close();
	}

	@Test
	void blockHoundIsActiveOnNonBlockingThreads() {
		assertThatExceptionOfType(RuntimeException.class)
			.isThrownBy(() -> Mono.fromRunnable(ReactiveRequestPathBlockHoundTests::sleep)
				.subscribeOn(Schedulers.parallel())
				.block(Duration.ofSeconds(10)))
			.withCauseInstanceOf(BlockingOperationError.class);
	}

	@Test
	void knownKeyAndCacheHitStayOnTheEventLoopAndUnknownKidIsFetchedOffIt() {
		try (ConfigurableApplicationContext context = start(App.class)) {
			JwksKeySource keys = context.getBean(JwksKeySource.class);
			await().atMost(Duration.ofSeconds(30)).until(() -> keys.status().keys() == 1);
			int fetches = jwksServer.getRequestCount();
			WebTestClient client = client(context);
			String token = TestTokens.token(Instant.now());
			// a known key, then the same token again (a verified-token cache hit)
			assertThread(client, token).startsWith("reactor-http-");
			assertThread(client, token).startsWith("reactor-http-");
			assertThat(jwksServer.getRequestCount()).isEqualTo(fetches);
			// a new key TryMellon publishes: its first token needs a fetch, off the event loop
			jwks.set(TestTokens.jwks(TestTokens.KEY, TestTokens.NEXT_KEY));
			String nextToken = TestTokens.sign(TestTokens.NEXT_KEY,
					new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(TestTokens.NEXT_KEY.getKeyID()).build(),
					TestTokens.claims(Instant.now()).build());
			assertThread(client, nextToken).matches(ReactorThreads.BOUNDED_ELASTIC);
			assertThat(jwksServer.getRequestCount()).isEqualTo(fetches + 1);
			// now known: back on the event loop
			assertThread(client, TestTokens.sign(TestTokens.NEXT_KEY,
					new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(TestTokens.NEXT_KEY.getKeyID()).build(),
					TestTokens.claims(Instant.now()).claim("jti", "another").build()))
				.startsWith("reactor-http-");
		}
		finally {
			jwks.set(TestTokens.jwks(TestTokens.KEY));
		}
	}

	@Test
	void refusedTokenIsAnsweredWithItsCodeWithoutBlocking() {
		try (ConfigurableApplicationContext context = start(App.class)) {
			JwksKeySource keys = context.getBean(JwksKeySource.class);
			await().atMost(Duration.ofSeconds(30)).until(() -> keys.status().keys() == 1);
			client(context).get()
				.uri("/thread")
				.header(HttpHeaders.AUTHORIZATION, "Bearer not.a.token")
				.exchange()
				.expectStatus()
				.isUnauthorized()
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("TOKEN_MALFORMED");
		}
	}

	@Test
	void userAuthoritiesLookupRunsOffTheEventLoop() {
		try (ConfigurableApplicationContext context = start(LookupApp.class)) {
			JwksKeySource keys = context.getBean(JwksKeySource.class);
			await().atMost(Duration.ofSeconds(30)).until(() -> keys.status().keys() >= 1);
			WebTestClient client = client(context);
			client.get()
				.uri("/thread")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.token(Instant.now()))
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.value((body) -> assertThat(body).matches(ReactorThreads.BOUNDED_ELASTIC).endsWith("[ROLE_CUSTOMER, FACTOR_BEARER]"));
		}
	}

	private static org.assertj.core.api.AbstractStringAssert<?> assertThread(WebTestClient client, String token) {
		String body = client.get()
			.uri("/thread")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		return assertThat(body);
	}

	private static ConfigurableApplicationContext start(Class<?> application) {
		return new SpringApplicationBuilder(application).web(WebApplicationType.REACTIVE)
			.properties("server.port=0", "server.address=127.0.0.1", "trymellon.client-id=" + TestTokens.CLIENT_ID,
					"trymellon.jwks.uri=" + jwksServer.url("/jwks"), "trymellon.jwks.refresh-cooldown=0s",
					"spring.data.redis.repositories.enabled=false")
			.run();
	}

	private static WebTestClient client(ConfigurableApplicationContext context) {
		String port = context.getEnvironment().getProperty("local.server.port");
		return WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
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

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(ThreadController.class)
	static class App {

	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import({ ThreadController.class, LookupConfiguration.class })
	static class LookupApp {

	}

	@Configuration(proxyBeanMethods = false)
	static class LookupConfiguration {

		/** Stands for a database query: blocks, which BlockHound refuses on an event loop. */
		@Bean
		UserAuthoritiesLookup userAuthoritiesLookup() {
			return (userId) -> {
				sleep();
				Collection<String> authorities = List.of("ROLE_CUSTOMER");
				return authorities;
			};
		}

	}

	@RestController
	static class ThreadController {

		@GetMapping("/thread")
		Mono<String> thread(Authentication authentication) {
			return Mono.fromSupplier(() -> Thread.currentThread().getName() + " "
					+ authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList());
		}

	}

}
