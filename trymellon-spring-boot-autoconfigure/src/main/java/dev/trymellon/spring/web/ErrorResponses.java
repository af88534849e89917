package dev.trymellon.spring.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import dev.trymellon.spring.web.internal.ErrorAnswer;

import org.springframework.http.HttpHeaders;

/**
 * Writes an {@link ErrorAnswer} (status, RFC 6750 {@code WWW-Authenticate} or
 * {@code Retry-After}, RFC 9457 {@code application/problem+json} body) to a servlet
 * response; the reactive side writes the same answers to a {@code ServerHttpResponse}.
 */
final class ErrorResponses {

	private ErrorResponses() {
	}

	static void write(HttpServletResponse response, ErrorAnswer answer) throws IOException {
		if (answer.wwwAuthenticate() != null) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, answer.wwwAuthenticate());
		}
		if (answer.retryAfterSeconds() != null) {
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(answer.retryAfterSeconds()));
		}
		response.setStatus(answer.status());
		response.setContentType(ErrorAnswer.CONTENT_TYPE);
		response.setHeader(HttpHeaders.CACHE_CONTROL, ErrorAnswer.CACHE_CONTROL);
		byte[] body = answer.body();
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
		response.flushBuffer();
	}

}
