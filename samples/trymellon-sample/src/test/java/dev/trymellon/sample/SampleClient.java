package dev.trymellon.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.trymellon.spring.test.TryMellonWebhooks;

import org.springframework.web.client.RestClient;

/**
 * Real HTTP calls to a sample started on a random port.
 */
final class SampleClient {

	static final String WEBHOOK_SECRET = "whsec_sample_development_only";

	private final HttpClient http = HttpClient.newHttpClient();

	private final int port;

	SampleClient(int port) {
		this.port = port;
	}

	HttpResponse<String> get(String path, String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).GET();
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	int send(TryMellonWebhooks.Delivery delivery) {
		return delivery.post(RestClient.create(), url("/webhooks/trymellon"))
			.exchange((request, response) -> response.getStatusCode().value());
	}

	String url(String path) {
		return "http://localhost:" + this.port + path;
	}

	static String description(HttpResponse<String> response) {
		return response.headers().firstValue("WWW-Authenticate").orElse("");
	}

}
