package dev.trymellon.spring.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs test deliveries exactly as the contract says (hex HMAC-SHA256 of the raw body,
 * keyed with the secret's UTF-8 bytes), independently of the code under test.
 */
public final class TestWebhookSigner {

	private TestWebhookSigner() {
	}

	public static String sign(String secret, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(body));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static String sign(String secret, String body) {
		return sign(secret, body.getBytes(StandardCharsets.UTF_8));
	}

}
