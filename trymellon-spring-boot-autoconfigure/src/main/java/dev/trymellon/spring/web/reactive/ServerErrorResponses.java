package dev.trymellon.spring.web.reactive;

import reactor.core.publisher.Mono;

import dev.trymellon.spring.web.internal.ErrorAnswer;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;

/**
 * Writes an {@link ErrorAnswer} to a reactive response: the same status, headers and
 * bytes as the servlet side.
 */
final class ServerErrorResponses {

	private static final MediaType PROBLEM_JSON = MediaType.parseMediaType(ErrorAnswer.CONTENT_TYPE);

	private ServerErrorResponses() {
	}

	static Mono<Void> write(ServerHttpResponse response, ErrorAnswer answer) {
		if (response.isCommitted()) {
			return Mono.empty();
		}
		response.setStatusCode(HttpStatusCode.valueOf(answer.status()));
		HttpHeaders headers = response.getHeaders();
		if (answer.wwwAuthenticate() != null) {
			headers.set(HttpHeaders.WWW_AUTHENTICATE, answer.wwwAuthenticate());
		}
		if (answer.retryAfterSeconds() != null) {
			headers.set(HttpHeaders.RETRY_AFTER, Long.toString(answer.retryAfterSeconds()));
		}
		headers.setContentType(PROBLEM_JSON);
		headers.set(HttpHeaders.CACHE_CONTROL, ErrorAnswer.CACHE_CONTROL);
		byte[] body = answer.body();
		headers.setContentLength(body.length);
		DataBuffer buffer = response.bufferFactory().wrap(body);
		return response.writeWith(Mono.just(buffer));
	}

}
