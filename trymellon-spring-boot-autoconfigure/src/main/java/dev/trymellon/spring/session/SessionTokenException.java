package dev.trymellon.spring.session;

import java.io.Serial;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Thrown when a session token is rejected, or cannot be checked. It always carries
 * exactly one {@link TryMellonErrorCode}; the message describes the reason without ever
 * containing the token.
 *
 * @author TryMellon
 * @since 0.1.0
 * @see TryMellonErrorCode
 */
public class SessionTokenException extends RuntimeException {

	@Serial
	private static final long serialVersionUID = 1L;

	private final TryMellonErrorCode errorCode;

	private final transient @Nullable Duration retryAfter;

	/**
	 * Creates a new exception.
	 * @param errorCode the precise reason
	 * @param message a description for logs; must not contain the token
	 */
	public SessionTokenException(TryMellonErrorCode errorCode, String message) {
		this(errorCode, message, null);
	}

	/**
	 * Creates a new exception.
	 * @param errorCode the precise reason
	 * @param message a description for logs; must not contain the token
	 * @param cause the underlying failure, if any
	 */
	public SessionTokenException(TryMellonErrorCode errorCode, String message, @Nullable Throwable cause) {
		this(errorCode, message, cause, null);
	}

	/**
	 * Creates a new exception for a token that could not be checked, with how long the
	 * client should wait before trying again.
	 * @param errorCode the precise reason
	 * @param message a description for logs; must not contain the token
	 * @param cause the underlying failure, if any
	 * @param retryAfter when to try again (as TryMellon's API asked), or {@code null} for
	 * the web layer's default
	 * @since 0.2.0
	 */
	public SessionTokenException(TryMellonErrorCode errorCode, String message, @Nullable Throwable cause,
			@Nullable Duration retryAfter) {
		super(message, cause);
		Assert.notNull(errorCode, "errorCode cannot be null");
		this.errorCode = errorCode;
		this.retryAfter = retryAfter;
	}

	/**
	 * Returns the precise reason for the rejection.
	 * @return the error code
	 */
	public TryMellonErrorCode getErrorCode() {
		return this.errorCode;
	}

	/**
	 * Whether the token could not be checked (keys or the remote API unavailable), as
	 * opposed to being a bad token. Such failures answer 503, not 401.
	 * @return {@code true} when the failure is on the checking side
	 */
	public boolean isServiceUnavailable() {
		return this.errorCode.isServiceUnavailable();
	}

	/**
	 * Returns how long the client should wait before trying again, when the checking side
	 * said so (a {@code Retry-After} of TryMellon's API).
	 * @return the delay, or {@code null} for the web layer's default
	 * @since 0.2.0
	 */
	public @Nullable Duration getRetryAfter() {
		return this.retryAfter;
	}

}
