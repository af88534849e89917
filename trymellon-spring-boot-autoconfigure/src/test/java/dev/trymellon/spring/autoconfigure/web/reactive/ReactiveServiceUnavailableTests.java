package dev.trymellon.spring.autoconfigure.web.reactive;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.trymellon.spring.authority.SessionAuthoritiesMapper;
import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.session.offline.OfflineSessionTokenVerifier;
import dev.trymellon.spring.testfixtures.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The answers when a token cannot be checked: the JWKS is unreachable ({@code 503} with
 * {@code Retry-After}, never a 500) and, for a bug in the mapper (here behind the sandbox
 * token, the only one that verifies without keys), a generic {@code 500} with nothing from
 * the exception.
 */
@SpringBootTest(classes = ReactiveServiceUnavailableTests.App.class,
		properties = { "spring.main.web-application-type=reactive", "trymellon.client-id=client_test123",
				"trymellon.sandbox.enabled=true" })
@AutoConfigureWebTestClient
class ReactiveServiceUnavailableTests {

	WebTestClient client;

	@DynamicPropertySource
	static void unreachableJwks(DynamicPropertyRegistry registry) {
		registry.add("trymellon.jwks.uri", () -> TestTokens.unreachableJwksUri().toString());
	}

	@Autowired
	void client(WebTestClient client) {
		this.client = client.mutate().responseTimeout(Duration.ofSeconds(30)).build();
	}

	@Test
	void unreachableJwksThen503WithRetryAfterAndKeysUnavailable() {
		this.client.get()
			.uri("/api/me")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.token(Instant.now()))
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.valueEquals(HttpHeaders.RETRY_AFTER, "30")
			.expectHeader()
			.doesNotExist(HttpHeaders.WWW_AUTHENTICATE)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(503)
			.jsonPath("$.code")
			.isEqualTo("KEYS_UNAVAILABLE");
	}

	@Test
	void mapperBugThen500WithAGenericBodyAndNothingFromTheException() {
		this.client.get()
			.uri("/api/me")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + OfflineSessionTokenVerifier.DEFAULT_SANDBOX_TOKEN)
			.exchange()
			.expectStatus()
			.isEqualTo(500)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(String.class)
			.isEqualTo("{\"type\":\"about:blank\",\"title\":\"Internal Server Error\",\"status\":500,"
					+ "\"detail\":\"The request could not be authenticated.\"}");
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@Bean
		SessionAuthoritiesMapper failingMapper() {
			return (TryMellonSession session) -> {
				throw new IllegalStateException("database down at db.internal:5432");
			};
		}

	}

}
