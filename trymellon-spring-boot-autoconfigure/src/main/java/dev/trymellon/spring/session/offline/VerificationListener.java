package dev.trymellon.spring.session.offline;

import java.util.List;

import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.session.TryMellonSession;

/**
 * Told the outcome of every verification by an {@link OfflineSessionTokenVerifier}, for
 * metrics and auditing. Called on the request thread: implementations must be fast,
 * must not block and must not throw.
 *
 * @author TryMellon
 * @since 0.1.0
 */
public interface VerificationListener {

	/**
	 * A listener that does nothing.
	 */
	VerificationListener NONE = new VerificationListener() {
	};

	/**
	 * Returns a listener that tells each of the given listeners in turn.
	 * @param listeners the listeners
	 * @return one listener for all of them
	 */
	static VerificationListener of(List<? extends VerificationListener> listeners) {
		if (listeners.isEmpty()) {
			return NONE;
		}
		if (listeners.size() == 1) {
			return listeners.get(0);
		}
		VerificationListener[] all = listeners.toArray(new VerificationListener[0]);
		return new VerificationListener() {

			@Override
			public void verified(TryMellonSession session, boolean cacheHit) {
				for (VerificationListener listener : all) {
					listener.verified(session, cacheHit);
				}
			}

			@Override
			public void rejected(TryMellonErrorCode code) {
				for (VerificationListener listener : all) {
					listener.rejected(code);
				}
			}

		};
	}

	/**
	 * A token was accepted.
	 * @param session the verified session
	 * @param cacheHit whether it was answered from the verified-token cache
	 */
	default void verified(TryMellonSession session, boolean cacheHit) {
	}

	/**
	 * A token was refused, or could not be checked.
	 * @param code the reason
	 */
	default void rejected(TryMellonErrorCode code) {
	}

}
