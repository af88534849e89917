package dev.trymellon.spring.session.offline;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;

import dev.trymellon.spring.testfixtures.TestTokens;

/**
 * Tokens signed over header and payload JSON written by hand, byte for byte: duplicate
 * members, odd numbers, any header. No JSON library touches them.
 */
final class RawTokens {

	static final String HEADER = "{\"alg\":\"RS256\",\"kid\":\"k_main\"}";

	private RawTokens() {
	}

	/**
	 * The payload of a valid token issued at {@code now}, with the given members
	 * appended (each starting with a comma).
	 */
	static String payload(Instant now, String extraMembers) {
		long iat = now.getEpochSecond();
		return payload("\"iat\":" + iat + ",\"exp\":" + (iat + 3600) + extraMembers);
	}

	/**
	 * A payload with the usual sub, iss, aud, tenant_id and app_id, then the given
	 * members (no leading comma): the time claims are the caller's.
	 */
	static String payload(String members) {
		return "{\"sub\":\"user_123\",\"iss\":\"" + TestTokens.ISSUER + "\",\"aud\":\"" + TestTokens.CLIENT_ID
				+ "\",\"tenant_id\":\"tenant_1\",\"app_id\":\"app_1\"," + members + "}";
	}

	static String sign(String headerJson, String payloadJson) {
		return sign(TestTokens.KEY, headerJson, payloadJson);
	}

	/**
	 * Signs {@code b64(header).b64(payload)} with RS256.
	 */
	static String sign(RSAKey key, String headerJson, String payloadJson) {
		String input = TestTokens.b64(headerJson) + "." + TestTokens.b64(payloadJson);
		try {
			Signature signature = Signature.getInstance("SHA256withRSA");
			signature.initSign(key.toRSAPrivateKey());
			signature.update(input.getBytes(StandardCharsets.US_ASCII));
			return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
		}
		catch (GeneralSecurityException | JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
