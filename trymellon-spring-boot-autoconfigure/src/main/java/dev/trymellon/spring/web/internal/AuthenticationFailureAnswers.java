package dev.trymellon.spring.web.internal;

import java.time.Duration;

import org.springframework.security.core.AuthenticationException;
import org.springframework.util.Assert;

/**
 * The answers of an authentication entry point, servlet or reactive: its
 * {@code Retry-After} setting and the {@link ErrorAnswer} to each failure.
 *
 * @author TryMellon
 * @since 0.2.0
 */
public final class AuthenticationFailureAnswers {

	/**
	 * The {@code Retry-After} of {@code 503} answers unless another is set.
	 */
	public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(30);

	private volatile Duration retryAfter = DEFAULT_RETRY_AFTER;

	/**
	 * Sets the {@code Retry-After} of {@code 503} answers.
	 * @param retryAfter the delay, at least one second
	 */
	public void setRetryAfter(Duration retryAfter) {
		Assert.notNull(retryAfter, "retryAfter cannot be null");
		Assert.isTrue(retryAfter.getSeconds() >= 1, "retryAfter must be at least one second");
		this.retryAfter = retryAfter;
	}

	/**
	 * The answer to a request that could not be authenticated.
	 * @param exception the failure
	 * @return the answer, see {@link ErrorAnswer#forAuthenticationFailure}
	 */
	public ErrorAnswer answer(AuthenticationException exception) {
		return ErrorAnswer.forAuthenticationFailure(exception, this.retryAfter);
	}

}
