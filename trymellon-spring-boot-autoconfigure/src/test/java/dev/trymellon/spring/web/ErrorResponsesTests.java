package dev.trymellon.spring.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.web.internal.ErrorAnswer;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.InsufficientAuthenticationException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every error code has its own answer and its row in {@code docs/errors.md}.
 */
class ErrorResponsesTests {

	@ParameterizedTest
	@EnumSource(TryMellonErrorCode.class)
	void detailWhenAnyCodeThenSpecificText(TryMellonErrorCode code) {
		assertThat(ErrorAnswer.detail(code)).isNotEqualTo(ErrorAnswer.GENERIC_DETAIL);
	}

	@ParameterizedTest
	@EnumSource(TryMellonErrorCode.class)
	void docsWhenAnyCodeThenRowWithItsStatus(TryMellonErrorCode code) throws IOException {
		String errors = Files.readString(Path.of("..", "docs", "errors.md"), StandardCharsets.UTF_8);
		assertThat(errors).containsPattern(
				Pattern.compile("^\\| `" + code.name() + "` \\| " + ErrorAnswer.status(code) + " \\|", Pattern.MULTILINE));
	}

	@ParameterizedTest
	@EnumSource(TryMellonErrorCode.class)
	void entryPointWhenAnyCodeThenStatusCodeAndChallengeMatch(TryMellonErrorCode code) throws IOException {
		MockHttpServletResponse response = new MockHttpServletResponse();
		new TryMellonAuthenticationEntryPoint().commence(new MockHttpServletRequest(), response,
				new BadCredentialsException("refused", new SessionTokenException(code, "test")));
		assertThat(response.getStatus()).isEqualTo(ErrorAnswer.status(code));
		assertThat(response.getContentType()).isEqualTo("application/problem+json");
		assertThat(response.getContentAsString()).contains("\"code\":\"" + code.name() + "\"")
			.contains("\"status\":" + ErrorAnswer.status(code));
		if (code.isServiceUnavailable()) {
			assertThat(response.getHeader("Retry-After")).isEqualTo("30");
			assertThat(response.getHeader("WWW-Authenticate")).isNull();
		}
		else {
			assertThat(response.getHeader("WWW-Authenticate")).startsWith("Bearer");
		}
	}

	@Test
	void entryPointWhenNoCauseThenTokenMissing() throws IOException {
		MockHttpServletResponse response = new MockHttpServletResponse();
		new TryMellonAuthenticationEntryPoint().commence(new MockHttpServletRequest(), response,
				new InsufficientAuthenticationException("Full authentication is required"));
		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
		assertThat(response.getContentAsString()).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Unauthorized\","
				+ "\"status\":401,\"detail\":\"A TryMellon session token is required.\",\"code\":\"TOKEN_MISSING\"}");
	}

	@Test
	void entryPointWhenRetryAfterSetThenUsed() throws IOException {
		TryMellonAuthenticationEntryPoint entryPoint = new TryMellonAuthenticationEntryPoint();
		entryPoint.setRetryAfter(java.time.Duration.ofMinutes(2));
		MockHttpServletResponse response = new MockHttpServletResponse();
		entryPoint.commence(new MockHttpServletRequest(), response, new BadCredentialsException("refused",
				new SessionTokenException(TryMellonErrorCode.KEYS_UNAVAILABLE, "test")));
		assertThat(response.getHeader("Retry-After")).isEqualTo("120");
	}

}
