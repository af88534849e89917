package dev.trymellon.spring.remote;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.remote.RemoteCallListener.Outcome;
import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.TryMellonErrorCode;

/**
 * The failures of a call to TryMellon's API, shared by the client and the checker: "could
 * not check" ({@code RATE_LIMIT_EXCEEDED}, {@code INTROSPECTION_FAILED}) with the
 * {@code Retry-After} the API asked for, rounded up to whole seconds, their outcome for
 * metrics, and a fresh copy per caller.
 */
final class ApiFailures {

	private ApiFailures() {
	}

	static SessionTokenException rateLimited(@Nullable Duration asked, String message) {
		return new SessionTokenException(TryMellonErrorCode.RATE_LIMIT_EXCEEDED, message, null, roundUp(asked));
	}

	static SessionTokenException unavailable(String message, @Nullable Throwable cause, @Nullable Duration asked) {
		return new NoAnswerException(message, cause, roundUp(asked));
	}

	static Outcome outcome(SessionTokenException ex) {
		if (ex.getErrorCode() == TryMellonErrorCode.RATE_LIMIT_EXCEEDED) {
			return Outcome.RATE_LIMITED;
		}
		if (ex instanceof NoAnswerException) {
			return Outcome.UNAVAILABLE;
		}
		return ex.isServiceUnavailable() ? Outcome.ERROR : Outcome.INVALID;
	}

	/** A new exception per caller: one instance is never thrown on two threads. */
	static SessionTokenException copy(SessionTokenException ex) {
		String message = (ex.getMessage() != null) ? ex.getMessage() : ex.getErrorCode().name();
		return new SessionTokenException(ex.getErrorCode(), message, null, ex.getRetryAfter());
	}

	private static @Nullable Duration roundUp(@Nullable Duration asked) {
		if (asked == null) {
			return null;
		}
		long seconds = asked.getSeconds() + ((asked.getNano() > 0) ? 1 : 0);
		return Duration.ofSeconds(Math.max(1, seconds));
	}

	/**
	 * The API could not be asked: unreachable, timed out or {@code 5xx}.
	 */
	private static final class NoAnswerException extends SessionTokenException {

		private static final long serialVersionUID = 1L;

		NoAnswerException(String message, @Nullable Throwable cause, @Nullable Duration retryAfter) {
			super(TryMellonErrorCode.INTROSPECTION_FAILED, message, cause, retryAfter);
		}

	}

}
