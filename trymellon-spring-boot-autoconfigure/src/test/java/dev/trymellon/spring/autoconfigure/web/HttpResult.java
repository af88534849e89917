package dev.trymellon.spring.autoconfigure.web;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.util.StreamUtils;
import org.springframework.web.client.RestClient;

/**
 * One real HTTP exchange: status, headers and body, whatever the status.
 */
record HttpResult(int status, HttpHeaders headers, String body) {

	static HttpResult exchange(RestClient client, HttpMethod method, String path, Consumer<HttpHeaders> headers) {
		return client.method(method)
			.uri(path)
			.headers(headers)
			.exchange((request, response) -> new HttpResult(response.getStatusCode().value(), response.getHeaders(),
					StreamUtils.copyToString(response.getBody(), StandardCharsets.UTF_8)), true);
	}

}
