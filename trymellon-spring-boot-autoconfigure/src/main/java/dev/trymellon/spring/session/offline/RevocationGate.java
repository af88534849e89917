package dev.trymellon.spring.session.offline;

import java.util.function.Predicate;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.session.TryMellonSession;

import static dev.trymellon.spring.session.offline.Rejections.reject;

/**
 * The revocation check, asked of every verified session: after a fresh verification
 * (so after the signature: a forged token never gets a revocation answer) and on every
 * verified-token cache hit. An in-memory lookup; a check that throws refuses the token
 * (fail closed).
 */
final class RevocationGate {

	private static final Log logger = LogFactory.getLog(OfflineSessionTokenVerifier.class);

	private final @Nullable Predicate<TryMellonSession> revoked;

	private final @Nullable Predicate<String> tokenRevoked;

	RevocationGate(@Nullable Predicate<TryMellonSession> revoked) {
		this(revoked, null);
	}

	RevocationGate(@Nullable Predicate<TryMellonSession> revoked, @Nullable Predicate<String> tokenRevoked) {
		this.revoked = revoked;
		this.tokenRevoked = tokenRevoked;
	}

	void check(TryMellonSession session) {
		check(session, null);
	}

	/** Also refuses exactly this token when the token check says it was revoked. */
	void check(TryMellonSession session, @Nullable String token) {
		Predicate<TryMellonSession> check = this.revoked;
		Predicate<String> tokenCheck = (token != null) ? this.tokenRevoked : null;
		if (check == null && tokenCheck == null) {
			return;
		}
		boolean refused;
		try {
			refused = (check != null && check.test(session)) || (tokenCheck != null && tokenCheck.test(token));
		}
		catch (RuntimeException ex) {
			logger.warn("Revocation check failed; refusing the token: " + ex);
			refused = true;
		}
		if (refused) {
			throw reject(TryMellonErrorCode.SESSION_REVOKED, "Session, user, credential or token was revoked");
		}
	}

}
