package dev.trymellon.spring.autoconfigure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.RSAKey;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.session.offline.JwksKeySource;
import dev.trymellon.spring.testfixtures.MutableClock;
import dev.trymellon.spring.testfixtures.TestTokens;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static dev.trymellon.spring.testfixtures.TestTokens.KEY;
import static dev.trymellon.spring.testfixtures.TestTokens.NEXT_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The JWKS fault suite over HTTP: an application on an embedded server, its key source
 * auto-configured from {@code trymellon.jwks.uri} on a loopback endpoint that hangs, fails
 * and comes back, and a {@link Clock} bean the test moves. What a client sees: {@code 200}
 * while the cached keys may be used, {@code 503 KEYS_UNAVAILABLE} with {@code Retry-After}
 * when the token cannot be checked, {@code 401} for a bad token, never a {@code 500}.
 */
class JwksFaultSuiteApplicationTests {

	private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

	private final MutableClock clock = new MutableClock(NOW);

	private final MockWebServer jwks = new MockWebServer();

	private final AtomicReference<MockResponse> answer = new AtomicReference<>(jwks(KEY));

	private final HttpClient http = HttpClient.newHttpClient();

	private final AtomicInteger tokens = new AtomicInteger();

	private ConfigurableApplicationContext context;

	@BeforeEach
	void start() throws IOException {
		this.jwks.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return JwksFaultSuiteApplicationTests.this.answer.get();
			}
		});
		this.jwks.start(InetAddress.getByName("127.0.0.1"), 0);
		App.clock = this.clock;
		this.context = new SpringApplicationBuilder(App.class).run("--server.port=0",
				"--trymellon.client-id=" + TestTokens.CLIENT_ID,
				"--trymellon.jwks.uri=" + this.jwks.url("/.well-known/jwks.json"),
				"--trymellon.jwks.read-timeout=1s", "--trymellon.jwks.connect-timeout=1s");
	}

	@AfterEach
	void stop() {
		if (this.context != null) {
			this.context.close();
		}
		this.jwks.close();
	}

	@Test
	void endpointHangsFailsAndComesBackThenServedRefusedWithPreciseCodesAndRecovered() throws Exception {
		JwksKeySource keys = this.context.getBean(JwksKeySource.class);
		// The startup fetch, in the background.
		await().atMost(Duration.ofSeconds(10)).until(() -> keys.status().usable());
		assertThat(keys.status().fetches()).isEqualTo(1);
		assertServed(token(KEY));

		// The endpoint hangs: an unknown kid waits for the read timeout, then 503.
		this.answer.set(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
		this.clock.advance(Duration.ofSeconds(31));
		assertKeysUnavailable(token(NEXT_KEY));
		assertThat(keys.status().fetches()).isEqualTo(2);
		assertThat(keys.status().lastFailure()).startsWith("timed out");
		// known keys are served, more unknown kids within the cooldown fetch nothing
		assertServed(token(KEY));
		assertKeysUnavailable(tokenWithKid("k_forged"));
		assertThat(keys.status().fetches()).isEqualTo(2);
		// a token without a kid is a bad token
		HttpResponse<String> noKid = get(TestTokens.sign(KEY, new JWSHeader.Builder(JWSAlgorithm.RS256).build(),
				TestTokens.claims(this.clock.instant()).build()));
		assertThat(noKid.statusCode()).isEqualTo(401);
		assertThat(noKid.body()).contains("\"code\":\"JWT_KID_MISMATCH\"");

		// The endpoint answers 500 for hours: served up to max-stale, then 503.
		this.answer.set(new MockResponse.Builder().code(500).body("boom").build());
		this.clock.advance(Duration.ofHours(2));
		assertServed(token(KEY));
		assertThat(keys.status().fetches()).isEqualTo(3);
		this.clock.advance(Duration.ofHours(22));
		assertKeysUnavailable(token(KEY));
		assertThat(keys.status().fetches()).isEqualTo(4);
		assertThat(keys.status().usable()).isFalse();
		assertThat(keys.status().lastFailure()).isEqualTo("HTTP status 500");

		// Back: the first request after the cooldown fetches, and is served.
		this.answer.set(jwks(KEY, NEXT_KEY));
		this.clock.advance(Duration.ofSeconds(30));
		assertServed(token(NEXT_KEY));
		assertServed(token(KEY));
		assertThat(keys.status().fetches()).isEqualTo(5);
		assertThat(keys.status().usable()).isTrue();
		assertThat(this.jwks.getRequestCount()).isEqualTo(5);
	}

	private void assertServed(String token) throws Exception {
		HttpResponse<String> response = get(token);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("user_123");
	}

	private void assertKeysUnavailable(String token) throws Exception {
		HttpResponse<String> response = get(token);
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).hasValue("30");
		assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
		assertThat(response.body()).contains("\"code\":\"KEYS_UNAVAILABLE\"").contains("\"status\":503");
	}

	private HttpResponse<String> get(String token) throws IOException, InterruptedException {
		int port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/me"))
			.header("Authorization", "Bearer " + token)
			.timeout(Duration.ofSeconds(30))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private String token(RSAKey key) {
		return sign(key, key.getKeyID());
	}

	private String tokenWithKid(String kid) {
		return sign(KEY, kid);
	}

	private String sign(RSAKey key, String kid) {
		return TestTokens.sign(key, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(),
				TestTokens.claims(this.clock.instant()).jwtID("t" + this.tokens.incrementAndGet()).build());
	}

	private static MockResponse jwks(RSAKey... keys) {
		return new MockResponse.Builder().code(200)
			.addHeader("Content-Type", "application/json")
			.body(TestTokens.jwks(keys))
			.build();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(App.Api.class)
	static class App {

		/** The test's clock, set before each context starts. */
		static volatile Clock clock = Clock.systemUTC();

		@Bean
		Clock testClock() {
			return clock;
		}

		@RestController
		static class Api {

			@GetMapping("/api/me")
			String me(@AuthenticationPrincipal TryMellonSession session) {
				return session.getUserId();
			}

		}

	}

}
