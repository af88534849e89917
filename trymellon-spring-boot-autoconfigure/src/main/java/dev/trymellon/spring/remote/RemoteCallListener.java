package dev.trymellon.spring.remote;

import java.time.Duration;
import java.util.List;

/**
 * Told of every call to TryMellon's API and of every remote-result cache lookup, for
 * metrics. Called on the request thread: implementations must be fast, must not block
 * and must not throw. Nothing identifying a user or a token is passed.
 *
 * @author TryMellon
 * @since 0.2.0
 */
public interface RemoteCallListener {

	/**
	 * A listener that does nothing.
	 */
	RemoteCallListener NONE = new RemoteCallListener() {
	};

	/**
	 * Returns a listener that tells each of the given listeners in turn.
	 * @param listeners the listeners
	 * @return one listener for all of them
	 */
	static RemoteCallListener of(List<? extends RemoteCallListener> listeners) {
		if (listeners.isEmpty()) {
			return NONE;
		}
		if (listeners.size() == 1) {
			return listeners.get(0);
		}
		RemoteCallListener[] all = listeners.toArray(new RemoteCallListener[0]);
		return new RemoteCallListener() {

			@Override
			public void called(Endpoint endpoint, Outcome outcome, Duration elapsed) {
				for (RemoteCallListener listener : all) {
					listener.called(endpoint, outcome, elapsed);
				}
			}

			@Override
			public void looked(CacheResult result) {
				for (RemoteCallListener listener : all) {
					listener.looked(result);
				}
			}

		};
	}

	/**
	 * One call ended, retries included.
	 * @param endpoint the endpoint called
	 * @param outcome how it ended
	 * @param elapsed how long it took, waits between retries included
	 */
	default void called(Endpoint endpoint, Outcome outcome, Duration elapsed) {
	}

	/**
	 * The remote-result cache was asked for a token.
	 * @param result what it answered
	 */
	default void looked(CacheResult result) {
	}

	/**
	 * TryMellon's validation endpoints.
	 */
	enum Endpoint {

		/**
		 * {@code GET /v1/sessions/validate}.
		 */
		VALIDATE,

		/**
		 * {@code POST /oauth/introspect}.
		 */
		INTROSPECT

	}

	/**
	 * How a call ended.
	 */
	enum Outcome {

		/**
		 * The API accepted the session.
		 */
		VALID,

		/**
		 * The API refused the session (a bad token).
		 */
		INVALID,

		/**
		 * The API answered {@code 429}.
		 */
		RATE_LIMITED,

		/**
		 * The API was unreachable, timed out or answered {@code 5xx}.
		 */
		UNAVAILABLE,

		/**
		 * The API answered something this client cannot trust: malformed JSON, missing
		 * fields, an unexpected status, refused client credentials.
		 */
		ERROR

	}

	/**
	 * What the remote-result cache answered.
	 */
	enum CacheResult {

		/**
		 * A cached answer was used.
		 */
		HIT,

		/**
		 * Nothing usable was cached: this caller called the API.
		 */
		MISS,

		/**
		 * Another caller was already calling the API for the same token: this one waited
		 * for its answer.
		 */
		JOINED

	}

}
