package dev.trymellon.spring.autoconfigure.remote.reactive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

import dev.trymellon.spring.testfixtures.TestTokens;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A MockWebServer standing in for TryMellon's API, and the requests of the tests.
 */
final class FakeApi {

	static final String VALID = """
			{"ok":true,"data":{"valid":true,"user_id":"user_123","external_user_id":null,\
			"tenant_id":"tenant_1","app_id":"app_1"}}""";

	static final String INVALID = "{\"ok\":false,\"error\":{\"code\":\"invalid_session_token\",\"message\":\"x\"}}";

	private FakeApi() {
	}

	static MockWebServer start() {
		MockWebServer server = new MockWebServer();
		try {
			server.start(InetAddress.getByName("127.0.0.1"), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return server;
	}

	static MockResponse json(int code, String body) {
		return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
	}

	static String token() {
		return TestTokens.token(Instant.now().minusSeconds(60));
	}

	static WebTestClient.ResponseSpec post(WebTestClient client, String path, String token) {
		return client.mutate()
			.responseTimeout(Duration.ofSeconds(30))
			.build()
			.post()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange();
	}

}
