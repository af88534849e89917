package dev.trymellon.spring.test;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook bodies as TryMellon does: the lowercase hex HMAC-SHA256 of the raw body,
 * keyed by the secret's UTF-8 bytes. Written independently of the receiver's verifier,
 * so that a test signing with it checks the receiver rather than itself.
 *
 * @author TryMellon
 */
final class WebhookSignatures {

	private static final String ALGORITHM = "HmacSHA256";

	private WebhookSignatures() {
	}

	static String sign(String secret, byte[] body) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
			return HexFormat.of().formatHex(mac.doFinal(body));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

}
