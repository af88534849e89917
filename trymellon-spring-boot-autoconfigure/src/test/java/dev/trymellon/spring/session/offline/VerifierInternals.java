package dev.trymellon.spring.session.offline;

import org.jspecify.annotations.Nullable;

/**
 * Lets tests in other packages see what the verifier was built with, without making it
 * public API.
 */
public final class VerifierInternals {

	private VerifierInternals() {
	}

	public static @Nullable VerifiedTokenCache cache(OfflineSessionTokenVerifier verifier) {
		return verifier.getCache();
	}

	public static java.security.@Nullable Provider signatureProvider(OfflineSessionTokenVerifier verifier) {
		return verifier.getSignatureProvider();
	}

}
