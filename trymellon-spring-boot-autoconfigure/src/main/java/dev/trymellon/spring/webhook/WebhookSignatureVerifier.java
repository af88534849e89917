package dev.trymellon.spring.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Verifies the signature of a TryMellon webhook delivery: the hex-encoded HMAC-SHA256 of
 * the raw request body, keyed with the UTF-8 bytes of the signing secret.
 * <p>
 * Several secrets may be active at once (secret rotation); a signature made with any of
 * them is accepted. Lowercase and uppercase hex are accepted, surrounding whitespace is
 * ignored, anything that is not exactly 64 hex characters is refused before any
 * comparison, and digests are compared in constant time.
 * <p>
 * Instances are immutable and thread-safe: each key's {@link Mac} is initialised once
 * and never used itself, every verification works on a clone of it.
 *
 * @author TryMellon
 * @since 0.1.0
 */
public final class WebhookSignatureVerifier {

	private static final String ALGORITHM = "HmacSHA256";

	private static final int SIGNATURE_HEX_LENGTH = 64;

	private final List<SecretKeySpec> keys;

	/** One initialised {@link Mac} per key, never updated: each verification clones it. */
	private final List<Mac> prototypes;

	/**
	 * Creates a verifier accepting signatures made with any of the given secrets.
	 * @param signingSecrets the active signing secrets, used as-is (UTF-8 bytes, no
	 * decoding); at least one, none blank
	 */
	public WebhookSignatureVerifier(List<String> signingSecrets) {
		Assert.notEmpty(signingSecrets, "signingSecrets must not be empty");
		this.keys = signingSecrets.stream().map(WebhookSignatureVerifier::key).toList();
		this.prototypes = this.keys.stream().map(WebhookSignatureVerifier::initialised).toList();
		hmac(0, new byte[0]);
	}

	private static SecretKeySpec key(@Nullable String secret) {
		Assert.hasText(secret, "signingSecrets must not contain an empty or blank secret");
		return new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
	}

	/**
	 * Tells whether the signature is a valid signature of exactly these bytes under one
	 * of the secrets.
	 * @param body the raw request body, exactly as received
	 * @param signature the signature header value, may be {@code null}
	 * @return {@code true} only when the signature matches
	 */
	public boolean verify(byte[] body, @Nullable String signature) {
		Assert.notNull(body, "body must not be null");
		if (signature == null) {
			return false;
		}
		String hex = signature.strip();
		if (hex.length() != SIGNATURE_HEX_LENGTH) {
			return false;
		}
		byte[] expected = decodeHex(hex);
		if (expected == null) {
			return false;
		}
		boolean match = false;
		for (int i = 0; i < this.keys.size(); i++) {
			// Every key is tried, so the time taken does not tell which secret matched.
			match |= MessageDigest.isEqual(hmac(i, body), expected);
		}
		return match;
	}

	/**
	 * The HMAC of the body under the key at this index, computed by a clone of its
	 * prototype (a copy of the keyed state, much cheaper than looking the algorithm up and
	 * keying a new instance), or by a new instance when the provider's cannot be cloned.
	 */
	private byte[] hmac(int index, byte[] body) {
		Mac mac;
		try {
			mac = (Mac) this.prototypes.get(index).clone();
		}
		catch (CloneNotSupportedException ex) {
			mac = initialised(this.keys.get(index));
		}
		return mac.doFinal(body);
	}

	private static Mac initialised(SecretKeySpec key) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(key);
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	private static byte @Nullable [] decodeHex(String hex) {
		byte[] bytes = new byte[hex.length() / 2];
		for (int i = 0; i < bytes.length; i++) {
			int high = Character.digit(hex.charAt(2 * i), 16);
			int low = Character.digit(hex.charAt(2 * i + 1), 16);
			if (high < 0 || low < 0 || !isAsciiHex(hex.charAt(2 * i)) || !isAsciiHex(hex.charAt(2 * i + 1))) {
				return null;
			}
			bytes[i] = (byte) ((high << 4) | low);
		}
		return bytes;
	}

	private static boolean isAsciiHex(char c) {
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
	}

	@Override
	public String toString() {
		return "WebhookSignatureVerifier[" + this.keys.size() + " secret(s)]";
	}

}
