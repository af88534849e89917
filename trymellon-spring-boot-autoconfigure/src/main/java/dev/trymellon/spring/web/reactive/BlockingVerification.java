package dev.trymellon.spring.web.reactive;

import dev.trymellon.spring.session.SessionTokenVerifier;
import dev.trymellon.spring.session.offline.JwksKeySource;
import dev.trymellon.spring.session.offline.OfflineSessionTokenVerifier;

import org.springframework.util.Assert;

/**
 * Tells which session tokens a {@link SessionTokenVerifier} may block on while it
 * verifies them, so that the {@link TryMellonReactiveAuthenticationManager} verifies
 * only those off the event loop.
 *
 * @author TryMellon
 * @since 0.2.0
 */
@FunctionalInterface
public interface BlockingVerification {

	/**
	 * Whether verifying the token may block (wait for the network or a lock held by a
	 * fetch). Must itself never block.
	 * @param token the raw token
	 * @return {@code true} to verify it off the event loop
	 */
	boolean mayBlock(String token);

	/**
	 * Every token may block: the safe choice for a verifier nothing is known about, such
	 * as one that calls a remote API.
	 * @return a predicate answering {@code true}
	 */
	static BlockingVerification always() {
		return (token) -> true;
	}

	/**
	 * No token blocks: for a verifier that is CPU-only whatever the token.
	 * @return a predicate answering {@code false}
	 */
	static BlockingVerification never() {
		return (token) -> false;
	}

	/**
	 * The tokens the verifier may block on: for an {@link OfflineSessionTokenVerifier},
	 * {@link #onKeyFetch(JwksKeySource) those that need a key fetch} from its key source;
	 * for any other verifier (one calling a remote API, say), {@link #always() every
	 * token}.
	 * @param verifier the verifier
	 * @return the predicate
	 */
	static BlockingVerification of(SessionTokenVerifier verifier) {
		Assert.notNull(verifier, "verifier cannot be null");
		if (verifier instanceof OfflineSessionTokenVerifier offline) {
			return onKeyFetch(offline.getKeySource());
		}
		return always();
	}

	/**
	 * The tokens an {@link OfflineSessionTokenVerifier} over the given keys may block
	 * on: those whose header names a {@code kid} the key source may have to fetch the
	 * JWKS for ({@link JwksKeySource#mayFetch(String)}: an unknown {@code kid}, expired
	 * or no keys yet, a fetch under way). A cache hit, a known key and every token the
	 * verifier refuses before it looks a key up (not a JWS, no {@code kid}, the sandbox
	 * token) are CPU-only.
	 * @param keys the key source the verifier uses
	 * @return the predicate
	 */
	static BlockingVerification onKeyFetch(JwksKeySource keys) {
		Assert.notNull(keys, "keys cannot be null");
		return (token) -> {
			String kid = TokenHeaderKid.read(token);
			return kid != null && keys.mayFetch(kid);
		};
	}

}
