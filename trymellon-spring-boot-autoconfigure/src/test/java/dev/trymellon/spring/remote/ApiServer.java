package dev.trymellon.spring.remote;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import dev.trymellon.spring.session.SessionTokenException;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Test helpers around a MockWebServer standing in for TryMellon's API.
 */
final class ApiServer {

	static final String VALID_ENVELOPE = """
			{"ok":true,"data":{"valid":true,"user_id":"user_1","external_user_id":"ext_1",\
			"tenant_id":"tenant_1","app_id":"app_1"}}""";

	private ApiServer() {
	}

	static MockWebServer start() throws IOException {
		MockWebServer server = new MockWebServer();
		server.start(InetAddress.getByName("127.0.0.1"), 0);
		return server;
	}

	static URI base(MockWebServer server) {
		return URI.create(server.url("/").toString());
	}

	static RestClient restClient(Duration readTimeout) {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
		JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http);
		factory.setReadTimeout(readTimeout);
		return RestClient.builder().requestFactory(factory).build();
	}

	static MockResponse json(int code, String body) {
		return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
	}

	static MockResponse error(int code, String wireCode) {
		return json(code, "{\"ok\":false,\"error\":{\"code\":\"" + wireCode + "\",\"message\":\"refused\"}}");
	}

	static SessionTokenException refusal(ThrowingCallable call) {
		Throwable thrown = catchThrowable(call);
		assertThat(thrown).isInstanceOf(SessionTokenException.class);
		return (SessionTokenException) thrown;
	}

}
