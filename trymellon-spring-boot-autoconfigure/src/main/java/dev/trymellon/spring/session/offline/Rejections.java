package dev.trymellon.spring.session.offline;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.TryMellonErrorCode;

/**
 * The one way a verification step refuses a token: a {@link SessionTokenException} with
 * a precise code, the reason logged at debug level, never the token.
 */
final class Rejections {

	private static final Log logger = LogFactory.getLog(OfflineSessionTokenVerifier.class);

	private Rejections() {
	}

	static SessionTokenException reject(TryMellonErrorCode code, String reason) {
		if (logger.isDebugEnabled()) {
			logger.debug("Session token rejected: " + code + ": " + reason);
		}
		return new SessionTokenException(code, reason);
	}

	/**
	 * Makes a value taken from a token safe to log: short, and only characters that
	 * cannot forge log lines.
	 */
	static String printable(String value) {
		StringBuilder out = new StringBuilder(Math.min(value.length(), 32));
		for (int i = 0; i < value.length() && i < 32; i++) {
			char c = value.charAt(i);
			out.append((c >= 0x20 && c < 0x7f) ? c : '?');
		}
		return (value.length() > 32) ? out.append("...").toString() : out.toString();
	}

}
