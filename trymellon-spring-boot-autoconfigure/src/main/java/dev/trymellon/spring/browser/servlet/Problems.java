package dev.trymellon.spring.browser.servlet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

import dev.trymellon.spring.web.internal.ErrorAnswer;

import org.springframework.http.HttpHeaders;

/**
 * The few answers the session endpoints write themselves: an RFC 9457 problem of fixed
 * text, or a JSON body. Nothing taken from the request is ever written.
 */
final class Problems {

	private Problems() {
	}

	static void write(HttpServletResponse response, ErrorAnswer answer) throws IOException {
		if (answer.retryAfterSeconds() != null) {
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(answer.retryAfterSeconds()));
		}
		write(response, answer.status(), ErrorAnswer.CONTENT_TYPE, answer.body());
	}

	static void writeJson(HttpServletResponse response, int status, String contentType, String json)
			throws IOException {
		write(response, status, contentType, json.getBytes(StandardCharsets.UTF_8));
	}

	private static void write(HttpServletResponse response, int status, String contentType, byte[] body)
			throws IOException {
		response.setStatus(status);
		response.setContentType(contentType);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
		response.flushBuffer();
	}

}
