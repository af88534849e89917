package dev.trymellon.spring.session;

import java.io.Serial;

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
		super(message, cause);
		Assert.notNull(errorCode, "errorCode cannot be null");
		this.errorCode = errorCode;
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

}
