package dev.trymellon.spring.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.trymellon.spring.web.internal.ErrorAnswer;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;

/**
 * Answers authenticated requests that are refused with {@code 403}, an RFC 9457
 * {@code application/problem+json} body with code {@code FORBIDDEN} and, when the
 * session lacks an authority,
 * {@code WWW-Authenticate: Bearer error="insufficient_scope", error_description="FORBIDDEN"}
 * (RFC 6750). A missing or invalid CSRF token is also a {@code 403}, without the
 * {@code WWW-Authenticate} header, since a new token would not help.
 *
 * @author TryMellon
 * @since 0.1.0
 */
public final class TryMellonAccessDeniedHandler implements AccessDeniedHandler {

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			AccessDeniedException accessDeniedException) throws IOException {
		if (response.isCommitted()) {
			return;
		}
		ErrorResponses.write(response, ErrorAnswer.forAccessDenied(accessDeniedException instanceof CsrfException));
	}

}
