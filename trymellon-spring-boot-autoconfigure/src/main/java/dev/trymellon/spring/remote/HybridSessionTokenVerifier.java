package dev.trymellon.spring.remote;

import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.revocation.RevocationStore;
import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.SessionTokenVerifier;
import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.session.TryMellonSession;

import org.springframework.util.Assert;

/**
 * Hybrid validation ({@code trymellon.validation.mode=hybrid}): tokens are verified
 * offline first; a session that the {@link RevocationStore} refuses <em>only</em> by the
 * session fail-safe rule ({@link RevocationStore#isRevokedOnlyByFailSafe}: its user has a
 * revoked session and the token carries no session id to tell which) is confirmed with
 * TryMellon's API, once per token and the answer cached, so that only the revoked
 * session is refused ({@link TryMellonErrorCode#SESSION_REVOKED}) and the user's other
 * sessions keep working. The API's answer must name the session's user
 * ({@link TryMellonErrorCode#USER_ID_MISMATCH}) and this application. When the API
 * cannot be asked the request is answered as "could not check" (503), never accepted.
 * <p>
 * The offline verifier must leave those tokens to this one (its revocation check refuses
 * a session only when the store refuses it by an exact match): the auto-configuration
 * builds it so in hybrid mode. Every other refusal of the offline verifier stands.
 *
 * @author TryMellon
 * @since 0.2.0
 */
public final class HybridSessionTokenVerifier implements SessionTokenVerifier {

	private final SessionTokenVerifier offline;

	private final RemoteSessionChecker checker;

	private final RevocationStore revocations;

	/**
	 * Creates a verifier.
	 * @param offline verifies tokens offline, leaving the sessions refused only by the
	 * fail-safe rule to this verifier
	 * @param checker asks the API
	 * @param revocations tells which sessions the fail-safe rule refuses
	 */
	public HybridSessionTokenVerifier(SessionTokenVerifier offline, RemoteSessionChecker checker,
			RevocationStore revocations) {
		Assert.notNull(offline, "offline cannot be null");
		Assert.notNull(checker, "checker cannot be null");
		Assert.notNull(revocations, "revocations cannot be null");
		this.offline = offline;
		this.checker = checker;
		this.revocations = revocations;
	}

	@Override
	public TryMellonSession verify(@Nullable String token) {
		if (token == null) {
			throw new SessionTokenException(TryMellonErrorCode.TOKEN_MALFORMED, "The session token is empty");
		}
		TryMellonSession session = this.offline.verify(token);
		boolean failSafe;
		try {
			failSafe = this.revocations.isRevokedOnlyByFailSafe(session);
		}
		catch (RuntimeException ex) {
			throw new SessionTokenException(TryMellonErrorCode.SESSION_REVOKED,
					"Revocation check failed; refusing the token", ex);
		}
		if (failSafe) {
			this.checker.confirm(token, session);
		}
		return session;
	}

	@Override
	public String toString() {
		return "HybridSessionTokenVerifier[" + this.offline + ", " + this.checker + "]";
	}

}
