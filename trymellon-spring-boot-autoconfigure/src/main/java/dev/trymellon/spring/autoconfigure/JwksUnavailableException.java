package dev.trymellon.spring.autoconfigure;

import java.io.Serial;
import java.net.URI;

import org.jspecify.annotations.Nullable;

/**
 * Thrown at startup when 'trymellon.jwks.require-on-startup' is true and the JWKS could
 * not be fetched.
 */
class JwksUnavailableException extends IllegalStateException {

	@Serial
	private static final long serialVersionUID = 1L;

	private final URI uri;

	private final String reason;

	JwksUnavailableException(URI uri, @Nullable String reason) {
		super("TryMellon signing keys could not be fetched from " + uri + " ("
				+ ((reason != null) ? reason : "no usable keys") + ") and 'trymellon.jwks.require-on-startup' is true");
		this.uri = uri;
		this.reason = (reason != null) ? reason : "no usable keys";
	}

	URI getUri() {
		return this.uri;
	}

	String getReason() {
		return this.reason;
	}

}
