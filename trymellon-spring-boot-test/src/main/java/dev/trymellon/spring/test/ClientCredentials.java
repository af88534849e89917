package dev.trymellon.spring.test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The client id and accepted secrets of the stand-in API's introspection, checked from
 * an HTTP Basic {@code Authorization} header. Compares SHA-256 digests with
 * {@link MessageDigest#isEqual}, every accepted secret each time, so that the time taken
 * tells nothing about the secrets.
 */
record ClientCredentials(String clientId, List<String> secrets) {

	ClientCredentials {
		secrets = List.copyOf(secrets);
	}

	/** Whether the header carries the client id and one of the accepted secrets. */
	boolean authenticates(@Nullable String authorization) {
		if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
			return false;
		}
		String decoded;
		try {
			decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		int colon = decoded.indexOf(':');
		return colon >= 0 && matches(decoded.substring(0, colon), decoded.substring(colon + 1));
	}

	private boolean matches(String id, String secret) {
		boolean idMatches = MessageDigest.isEqual(digest(this.clientId), digest(id));
		boolean secretMatches = false;
		for (String accepted : this.secrets) {
			secretMatches |= MessageDigest.isEqual(digest(accepted), digest(secret));
		}
		return idMatches & secretMatches;
	}

	private static byte[] digest(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is always available", ex);
		}
	}

}
