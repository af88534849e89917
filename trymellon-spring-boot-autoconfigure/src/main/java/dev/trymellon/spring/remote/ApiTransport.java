package dev.trymellon.spring.remote;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.remote.RemoteCallListener.Endpoint;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.util.Assert;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * One HTTP exchange with TryMellon's API, for {@link TryMellonApiClient}: the request of
 * each endpoint (bearer token, or HTTP Basic client credentials tried in turn during a
 * secret rotation, the one that worked first from then on) and its answer, read up to
 * {@link ApiAnswers#MAX_BODY} bytes. Neither the token nor a secret is logged.
 */
final class ApiTransport {

	private static final Log logger = LogFactory.getLog(TryMellonApiClient.class);

	private final RestClient restClient;

	private final URI validateUri;

	private final URI introspectUri;

	private final @Nullable String clientId;

	private final List<String> clientSecrets;

	private final AtomicInteger preferredSecret = new AtomicInteger();

	ApiTransport(RestClient restClient, URI apiBaseUrl, @Nullable String clientId, List<String> clientSecrets) {
		this.restClient = restClient;
		String base = apiBaseUrl.toString();
		base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
		this.validateUri = URI.create(base + "/v1/sessions/validate");
		this.introspectUri = URI.create(base + "/oauth/introspect");
		this.clientId = clientId;
		this.clientSecrets = List.copyOf(clientSecrets);
	}

	boolean canIntrospect() {
		return this.clientId != null && !this.clientSecrets.isEmpty();
	}

	String host() {
		return String.valueOf(this.validateUri.getHost());
	}

	/**
	 * Sends the endpoint's request.
	 * @throws RestClientException when no answer came (I/O error, timeout)
	 */
	Response exchange(Endpoint endpoint, String token) {
		if (endpoint == Endpoint.VALIDATE) {
			return this.restClient.get()
				.uri(this.validateUri)
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
				.accept(MediaType.APPLICATION_JSON)
				.exchange((request, response) -> read(response.getStatusCode().value(), response.getHeaders(),
						response.getBody()));
		}
		String form = "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&token_type_hint=access_token";
		int first = this.preferredSecret.get();
		Response response = null;
		for (int i = 0; i < this.clientSecrets.size(); i++) {
			int index = (first + i) % this.clientSecrets.size();
			response = this.restClient.post()
				.uri(this.introspectUri)
				.header(HttpHeaders.AUTHORIZATION, basic(this.clientSecrets.get(index)))
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.accept(MediaType.APPLICATION_JSON)
				.body(form)
				.exchange((request, answer) -> read(answer.getStatusCode().value(), answer.getHeaders(),
						answer.getBody()));
			if (response.status() != 401) {
				if (index != first && this.preferredSecret.compareAndSet(first, index)) {
					logger.info("TryMellon accepted client secret #" + (index + 1) + " of 'trymellon.client-secret' "
							+ "for token introspection; it is used first from now on");
				}
				return response;
			}
		}
		Assert.state(response != null, "No client secret");
		return response;
	}

	/**
	 * Reads what the API confirmed from its answer (not {@code 429} or {@code 5xx}).
	 */
	static RemoteValidation answer(Endpoint endpoint, Response response, Instant now) {
		if (endpoint == Endpoint.VALIDATE) {
			return ApiAnswers.validation(response.status(), response.body(), now);
		}
		if (response.status() == 401) {
			logger.error("TryMellon refused the client credentials ('trymellon.client-id', 'trymellon.client-secret') "
					+ "used for token introspection; tokens cannot be checked");
			throw ApiAnswers.untrusted("the client credentials were refused");
		}
		if (response.status() != 200) {
			throw ApiAnswers.untrusted("introspection answered HTTP " + response.status());
		}
		return ApiAnswers.introspection(response.body(), now);
	}

	private String basic(String secret) {
		String credentials = this.clientId + ":" + secret;
		return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
	}

	private static Response read(int status, HttpHeaders headers, InputStream body) throws IOException {
		byte[] bytes = body.readNBytes(ApiAnswers.MAX_BODY + 1);
		if (bytes.length > ApiAnswers.MAX_BODY) {
			// too large to be an answer of this API: not read further, never trusted
			bytes = new byte[0];
		}
		return new Response(status, HttpHeaders.readOnlyHttpHeaders(headers), bytes);
	}

	/**
	 * An answer of the API.
	 */
	record Response(int status, HttpHeaders headers, byte[] body) {
	}

}
