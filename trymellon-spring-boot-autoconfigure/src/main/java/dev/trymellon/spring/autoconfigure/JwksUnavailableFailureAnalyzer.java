package dev.trymellon.spring.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a startup that waited for TryMellon's signing keys and did not get them.
 */
class JwksUnavailableFailureAnalyzer extends AbstractFailureAnalyzer<JwksUnavailableException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, JwksUnavailableException cause) {
		return new FailureAnalysis(
				"TryMellon signing keys could not be fetched from " + cause.getUri() + ": " + cause.getReason()
						+ ", and 'trymellon.jwks.require-on-startup' is true.",
				"Check that the JWKS URL ('trymellon.jwks.uri', or 'trymellon.api-base-url') is reachable from "
						+ "this host, or set 'trymellon.jwks.require-on-startup=false' to start and fetch the keys "
						+ "in the background.",
				cause);
	}

}
