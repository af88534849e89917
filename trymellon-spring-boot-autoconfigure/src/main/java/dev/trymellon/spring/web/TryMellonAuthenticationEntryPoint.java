package dev.trymellon.spring.web;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.web.internal.AuthenticationFailureAnswers;

import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Answers requests that are not authenticated, following RFC 6750 with an RFC 9457
 * {@code application/problem+json} body whose {@code code} member is a
 * {@link TryMellonErrorCode}:
 * <ul>
 * <li>no token: {@code 401}, {@code WWW-Authenticate: Bearer} (no error attribute),
 * code {@code TOKEN_MISSING};</li>
 * <li>a bad token: {@code 401},
 * {@code WWW-Authenticate: Bearer error="invalid_token", error_description="<CODE>"};</li>
 * <li>a malformed request (two tokens): {@code 400},
 * {@code error="invalid_request"};</li>
 * <li>a token that could not be checked (keys or remote API unavailable): {@code 503}
 * with {@code Retry-After};</li>
 * <li>an internal failure ({@link InternalAuthenticationServiceException}, such as a
 * verifier bug): {@code 500} with a generic body and no code.</li>
 * </ul>
 * The token is never echoed.
 *
 * @author TryMellon
 * @since 0.1.0
 */
public final class TryMellonAuthenticationEntryPoint implements AuthenticationEntryPoint {

	private final AuthenticationFailureAnswers answers = new AuthenticationFailureAnswers();

	/**
	 * Sets the {@code Retry-After} of {@code 503} answers. Defaults to 30 seconds.
	 * @param retryAfter the delay, at least one second
	 */
	public void setRetryAfter(Duration retryAfter) {
		this.answers.setRetryAfter(retryAfter);
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		if (response.isCommitted()) {
			return;
		}
		ErrorResponses.write(response, this.answers.answer(authException));
	}

}
