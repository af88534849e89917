package dev.trymellon.spring.remote;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The last known state of TryMellon's API, as the {@link TryMellonApiClient} saw it on its
 * last calls; reading it never calls the API.
 *
 * @param calls how many calls were made so far
 * @param lastCallAt when the last call ended, or {@code null} before the first
 * @param lastOutcome how the last call ended, or {@code null} before the first
 * @param lastAnswerAt when the API last answered (valid or not), or {@code null}
 * @param consecutiveFailures how many calls in a row could not get an answer (unreachable,
 * {@code 5xx}, {@code 429} or an untrusted answer)
 * @param rateLimitedUntil until when the API asked not to be called ({@code 429}), or
 * {@code null}
 * @author TryMellon
 * @since 0.2.0
 */
public record TryMellonApiStatus(long calls, @Nullable Instant lastCallAt,
		RemoteCallListener.@Nullable Outcome lastOutcome, @Nullable Instant lastAnswerAt, int consecutiveFailures,
		@Nullable Instant rateLimitedUntil) {

	static final TryMellonApiStatus INITIAL = new TryMellonApiStatus(0, null, null, null, 0, null);

	/**
	 * Whether the last call got an answer the client could use (a session valid or not).
	 * @return {@code true} when the API answered the last call
	 */
	public boolean isAnswering() {
		return this.lastOutcome == RemoteCallListener.Outcome.VALID
				|| this.lastOutcome == RemoteCallListener.Outcome.INVALID;
	}

	TryMellonApiStatus next(RemoteCallListener.Outcome outcome, Instant at, @Nullable Instant limitedUntil) {
		boolean answered = outcome == RemoteCallListener.Outcome.VALID
				|| outcome == RemoteCallListener.Outcome.INVALID;
		return new TryMellonApiStatus(this.calls + 1, at, outcome, answered ? at : this.lastAnswerAt,
				answered ? 0 : this.consecutiveFailures + 1, (limitedUntil != null) ? limitedUntil
						: (this.rateLimitedUntil != null && this.rateLimitedUntil.isAfter(at)) ? this.rateLimitedUntil
								: null);
	}

}
