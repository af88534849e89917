package dev.trymellon.spring.autoconfigure;

import java.io.Serial;
import java.net.URI;

/**
 * Thrown at startup when 'trymellon.jwks.require-on-startup' is true and the JWKS could
 * not be fetched.
 */
class JwksUnavailableException extends IllegalStateException {

	@Serial
	private static final long serialVersionUID = 1L;

	private final URI uri;

	JwksUnavailableException(URI uri) {
		super("TryMellon signing keys could not be fetched from " + uri
				+ " and 'trymellon.jwks.require-on-startup' is true");
		this.uri = uri;
	}

	URI getUri() {
		return this.uri;
	}

}
