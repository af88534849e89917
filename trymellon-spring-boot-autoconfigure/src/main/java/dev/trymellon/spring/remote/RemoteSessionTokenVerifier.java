package dev.trymellon.spring.remote;

import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.SessionTokenVerifier;
import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.session.TryMellonSession;

import org.springframework.util.Assert;

/**
 * Remote validation ({@code trymellon.validation.mode=remote}): every token is validated
 * by TryMellon's API through a {@link RemoteSessionChecker} (answers cached, concurrent
 * identical calls merged), JWT or not. Before any call the token must be non-empty, at
 * most the maximum length and made of visible ASCII characters only
 * ({@link TryMellonErrorCode#TOKEN_MALFORMED} otherwise), so that junk never reaches the
 * API or its rate limit.
 * <p>
 * The session is built from the API's answer only (see
 * {@link RemoteValidation#toSession(java.time.Duration)}): the token's own claims, custom
 * claims included, are not read.
 *
 * @author TryMellon
 * @since 0.2.0
 */
public final class RemoteSessionTokenVerifier implements SessionTokenVerifier {

	private final RemoteSessionChecker checker;

	private final int maxLength;

	/**
	 * Creates a verifier.
	 * @param checker asks the API
	 * @param maxLength the longest accepted token
	 */
	public RemoteSessionTokenVerifier(RemoteSessionChecker checker, int maxLength) {
		Assert.notNull(checker, "checker cannot be null");
		Assert.isTrue(maxLength > 0, "maxLength must be positive");
		this.checker = checker;
		this.maxLength = maxLength;
	}

	@Override
	public TryMellonSession verify(@Nullable String token) {
		if (token == null) {
			throw new SessionTokenException(TryMellonErrorCode.TOKEN_MALFORMED, "The session token is empty");
		}
		checkShape(token, this.maxLength);
		return this.checker.session(token);
	}

	static void checkShape(String token, int maxLength) {
		if (token.isEmpty()) {
			throw new SessionTokenException(TryMellonErrorCode.TOKEN_MALFORMED, "The session token is empty");
		}
		if (token.length() > maxLength) {
			throw new SessionTokenException(TryMellonErrorCode.TOKEN_MALFORMED,
					"The session token is longer than " + maxLength + " characters");
		}
		for (int i = 0; i < token.length(); i++) {
			char c = token.charAt(i);
			if (c < 0x21 || c > 0x7e) {
				throw new SessionTokenException(TryMellonErrorCode.TOKEN_MALFORMED,
						"The session token holds a character that is not visible ASCII");
			}
		}
	}

	@Override
	public String toString() {
		return "RemoteSessionTokenVerifier[" + this.checker + "]";
	}

}
