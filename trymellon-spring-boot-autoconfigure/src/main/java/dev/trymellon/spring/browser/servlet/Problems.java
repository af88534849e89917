package dev.trymellon.spring.browser.servlet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.session.TryMellonErrorCode;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * The few answers the session endpoints write themselves: an RFC 9457 problem of fixed
 * text, or a JSON body. Nothing taken from the request is ever written.
 */
final class Problems {

	private Problems() {
	}

	static void write(HttpServletResponse response, int status, @Nullable TryMellonErrorCode code, String detail)
			throws IOException {
		HttpStatus resolved = HttpStatus.resolve(status);
		String title = (resolved != null) ? resolved.getReasonPhrase() : "Error";
		String json = "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\""
				+ detail + "\"" + ((code != null) ? ",\"code\":\"" + code.name() + "\"" : "") + "}";
		writeJson(response, status, MediaType.APPLICATION_PROBLEM_JSON_VALUE, json);
	}

	static void writeJson(HttpServletResponse response, int status, String contentType, String json)
			throws IOException {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		response.setStatus(status);
		response.setContentType(contentType);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
		response.flushBuffer();
	}

}
