package dev.trymellon.spring.autoconfigure.remote.fluxslice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Instant;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.trymellon.spring.testfixtures.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code @WebFluxTest} slice includes the remote auto-configuration (through
 * {@code META-INF/spring/...WebFluxTest.imports}), so {@code @TryMellonVerifyOnline} is
 * enforced in the slice as in the full application.
 */
@WebFluxTest(controllers = FluxSliceApplication.PaymentController.class,
		properties = { "spring.main.web-application-type=reactive", "trymellon.client-id=client_test123", "trymellon.app-id=app_1",
				"trymellon.remote.max-retries=0" })
class OnlineCheckWebFluxSliceTests {

	private static final MockWebServer server = start();

	@Autowired
	WebTestClient client;

	private static MockWebServer start() {
		MockWebServer server = new MockWebServer();
		try {
			server.start(InetAddress.getByName("127.0.0.1"), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return server;
	}

	@DynamicPropertySource
	static void api(DynamicPropertyRegistry registry) {
		registry.add("trymellon.api-base-url", () -> server.url("/").toString());
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void sliceChecksTheAnnotatedHandlerWithTheApi() {
		int before = server.getRequestCount();
		server.enqueue(new MockResponse.Builder().code(401)
			.addHeader("Content-Type", "application/json")
			.body("{\"ok\":false,\"error\":{\"code\":\"invalid_session_token\"}}")
			.build());
		String token = TestTokens.token(Instant.now().minusSeconds(60));
		this.client.post()
			.uri("/slice/pay")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("SESSION_REVOKED");
		server.enqueue(new MockResponse.Builder().code(200)
			.addHeader("Content-Type", "application/json")
			.body("{\"ok\":true,\"data\":{\"valid\":true,\"user_id\":\"user_123\",\"external_user_id\":null,"
					+ "\"tenant_id\":\"tenant_1\",\"app_id\":\"app_1\"}}")
			.build());
		this.client.post()
			.uri("/slice/pay")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("paid");
		assertThat(server.getRequestCount() - before).isEqualTo(2);
	}

}
