package dev.trymellon.spring.autoconfigure.remote.mvcslice;

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
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A {@code @WebMvcTest} slice includes the remote auto-configuration (through
 * {@code META-INF/spring/...WebMvcTest.imports}), so {@code @TryMellonVerifyOnline} is
 * enforced in the slice as in the full application.
 */
@WebMvcTest(controllers = MvcSliceApplication.PaymentController.class,
		properties = { "trymellon.client-id=client_test123", "trymellon.app-id=app_1",
				"trymellon.remote.max-retries=0" })
class OnlineCheckWebMvcSliceTests {

	private static final MockWebServer server = start();

	@Autowired
	MockMvc mvc;

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
	void sliceChecksTheAnnotatedHandlerWithTheApi() throws Exception {
		int before = server.getRequestCount();
		server.enqueue(new MockResponse.Builder().code(401)
			.addHeader("Content-Type", "application/json")
			.body("{\"ok\":false,\"error\":{\"code\":\"invalid_session_token\"}}")
			.build());
		String token = TestTokens.token(Instant.now().minusSeconds(60));
		this.mvc.perform(post("/slice/pay").header(HttpHeaders.AUTHORIZATION, "Bearer " + token))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.code").value("SESSION_REVOKED"));
		server.enqueue(new MockResponse.Builder().code(200)
			.addHeader("Content-Type", "application/json")
			.body("{\"ok\":true,\"data\":{\"valid\":true,\"user_id\":\"user_123\",\"external_user_id\":null,"
					+ "\"tenant_id\":\"tenant_1\",\"app_id\":\"app_1\"}}")
			.build());
		this.mvc.perform(post("/slice/pay").header(HttpHeaders.AUTHORIZATION, "Bearer " + token))
			.andExpect(status().isOk())
			.andExpect(content().string("paid"));
		assertThat(server.getRequestCount() - before).isEqualTo(2);
	}

}
