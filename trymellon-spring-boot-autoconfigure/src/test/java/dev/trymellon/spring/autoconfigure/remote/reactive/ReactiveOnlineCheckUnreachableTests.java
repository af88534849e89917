package dev.trymellon.spring.autoconfigure.remote.reactive;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.trymellon.spring.autoconfigure.remote.reactive.FakeApi.post;
import static dev.trymellon.spring.autoconfigure.remote.reactive.FakeApi.token;

/**
 * An online check with TryMellon's API unreachable (nothing listens on its port) fails
 * closed and retryable: {@code 503 INTROSPECTION_FAILED} with {@code Retry-After}, never
 * the handler.
 */
@SpringBootTest(classes = ReactiveOnlineCheckApplication.DefaultChain.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive", "trymellon.client-id=client_test123",
				"trymellon.app-id=app_1", "trymellon.remote.max-retries=0" })
@AutoConfigureWebTestClient
class ReactiveOnlineCheckUnreachableTests {

	@Autowired
	WebTestClient client;

	@DynamicPropertySource
	static void api(DynamicPropertyRegistry registry) throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
			closedPort = socket.getLocalPort();
		}
		String base = "http://127.0.0.1:" + closedPort + "/";
		registry.add("trymellon.api-base-url", () -> base);
	}

	@Test
	void unreachableApiIsServiceUnavailableWithRetryAfter() {
		post(this.client, "/api/pay", token()).expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.exists(HttpHeaders.RETRY_AFTER)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("INTROSPECTION_FAILED");
	}

	@Test
	void endpointWithoutTheAnnotationIsServedWithTheApiUnreachable() {
		this.client.get()
			.uri("/api/profile")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token())
			.exchange()
			.expectStatus()
			.isOk();
	}

}
