package dev.trymellon.spring.web.internal;

import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.session.SessionTokenException;

import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;

/**
 * How a {@link SessionTokenException} becomes one of Spring Security's standard
 * authentication exceptions, on both stacks: a bad token is a
 * {@link BadCredentialsException}, a token that could not be checked an
 * {@link AuthenticationServiceException}; the {@link SessionTokenException} stays the
 * cause, where the answers find its code.
 *
 * @author TryMellon
 * @since 0.2.0
 */
public final class AuthenticationFailures {

	private AuthenticationFailures() {
	}

	/**
	 * Wraps the refusal in Spring Security's exception of its kind.
	 * @param ex the refusal
	 * @return a {@link BadCredentialsException} or, when the token could not be checked,
	 * an {@link AuthenticationServiceException}
	 */
	public static AuthenticationException of(SessionTokenException ex) {
		if (ex.isServiceUnavailable()) {
			return new AuthenticationServiceException("The session token could not be checked: " + ex.getErrorCode(),
					ex);
		}
		return new BadCredentialsException("The session token was refused: " + ex.getErrorCode(), ex);
	}

	/**
	 * Finds the {@link SessionTokenException} in the cause chain (at most ten deep).
	 * @param ex the exception, or {@code null}
	 * @return the refusal, or {@code null} when there is none
	 */
	public static @Nullable SessionTokenException findSessionTokenException(@Nullable Throwable ex) {
		Throwable current = ex;
		for (int depth = 0; current != null && depth < 10; depth++) {
			if (current instanceof SessionTokenException sessionTokenException) {
				return sessionTokenException;
			}
			current = current.getCause();
		}
		return null;
	}

}
