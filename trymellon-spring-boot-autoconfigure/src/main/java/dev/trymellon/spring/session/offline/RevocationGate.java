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

	RevocationGate(@Nullable Predicate<TryMellonSession> revoked) {
		this.revoked = revoked;
	}

	void check(TryMellonSession session) {
		Predicate<TryMellonSession> check = this.revoked;
		if (check == null) {
			return;
		}
		boolean refused;
		try {
			refused = check.test(session);
		}
		catch (RuntimeException ex) {
			logger.warn("Revocation check failed; refusing the token: " + ex);
			refused = true;
		}
		if (refused) {
			throw reject(TryMellonErrorCode.SESSION_REVOKED, "Session, user or credential was revoked");
		}
	}

}
