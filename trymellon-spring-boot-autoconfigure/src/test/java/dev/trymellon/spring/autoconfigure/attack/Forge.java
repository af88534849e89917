package dev.trymellon.spring.autoconfigure.attack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.PSSParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;

import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.testfixtures.TestTokens;

/**
 * Crafts tokens byte for byte. Header and payload are JSON text written member by member
 * ({@link Json}), so that duplicate members, raw numbers such as {@code 1e300} and odd
 * spellings survive; segments are signed exactly as they are spelled, so a row fails on
 * the check it names and not on an accidental bad signature.
 */
final class Forge {

	static final String ISSUER = TestTokens.ISSUER;

	static final String CLIENT_ID = TestTokens.CLIENT_ID;

	static final String USER = "user_123";

	private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

	private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

	private Forge() {
	}

	static long now() {
		return Instant.now().getEpochSecond();
	}

	/** TryMellon's header: {@code {"alg":"RS256","typ":"JWT","kid":"k_main"}}. */
	static Json header() {
		return new Json().str("alg", "RS256").str("typ", "JWT").str("kid", TestTokens.KEY.getKeyID());
	}

	/** Valid claims for {@link #USER}: issued a minute ago, expiring in an hour. */
	static Json claims() {
		return claims(USER);
	}

	static Json claims(String subject) {
		long now = now();
		return new Json().str("sub", subject)
			.str("iss", ISSUER)
			.str("aud", CLIENT_ID)
			.num("iat", now - 60)
			.num("exp", now + 3600)
			.str("tenant_id", "tenant_1")
			.str("app_id", "app_1");
	}

	/** Claims whose custom claims object is the given JSON object text. */
	static Json withCustomClaims(String customClaimsJson) {
		return claims().raw(TryMellonSession.CUSTOM_CLAIMS_NAMESPACE, customClaimsJson);
	}

	/** A valid RS256 token with {@link #header()} and the claims, signed with the published key. */
	static String token(Json claims) {
		return token(header(), claims);
	}

	static String token(Json header, Json claims) {
		return token(TestTokens.KEY, header.toString(), claims.toString());
	}

	/** Header and payload text encoded canonically and signed RS256 with the key. */
	static String token(RSAKey key, String header, String payload) {
		return signSegments(key, b64(header), b64(payload));
	}

	/** Signs {@code header.payload} exactly as spelled, RS256 with the key. */
	static String signSegments(RSAKey key, String headerSegment, String payloadSegment) {
		String input = headerSegment + "." + payloadSegment;
		return input + "." + b64(sign("SHA256withRSA", privateKey(key), input));
	}

	static String signSegments(String headerSegment, String payloadSegment) {
		return signSegments(TestTokens.KEY, headerSegment, payloadSegment);
	}

	/** The token re-signed with another JCA algorithm under the given header. */
	static String signWith(String jcaAlgorithm, PrivateKey key, Json header, Json claims) {
		String input = b64(header.toString()) + "." + b64(claims.toString());
		return input + "." + b64(sign(jcaAlgorithm, key, input));
	}

	/** RSASSA-PSS with SHA-256 (PS256). */
	static String signPs256(RSAKey key, Json header, Json claims) {
		try {
			String input = b64(header.toString()) + "." + b64(claims.toString());
			Signature signature = Signature.getInstance("RSASSA-PSS");
			signature.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
			signature.initSign(privateKey(key));
			signature.update(input.getBytes(StandardCharsets.US_ASCII));
			return input + "." + b64(signature.sign());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** HS256 over the header and claims, keyed with the given bytes. */
	static String hs256(byte[] secret, Json header, Json claims) {
		try {
			String input = b64(header.toString()) + "." + b64(claims.toString());
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret, "HmacSHA256"));
			return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static KeyPair ecKeyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static PrivateKey privateKey(RSAKey key) {
		try {
			return key.toPrivateKey();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static byte[] publicKeyDer(RSAKey key) {
		try {
			return key.toPublicKey().getEncoded();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] sign(String algorithm, PrivateKey key, String input) {
		try {
			Signature signature = Signature.getInstance(algorithm);
			signature.initSign(key);
			signature.update(input.getBytes(StandardCharsets.US_ASCII));
			return signature.sign();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String b64(String text) {
		return b64(text.getBytes(StandardCharsets.UTF_8));
	}

	static String b64(byte[] bytes) {
		return B64URL.encodeToString(bytes);
	}

	static String[] segments(String token) {
		return token.split("\\.", -1);
	}

	/**
	 * The same bytes, spelled with unused trailing bits set in the last character: a
	 * lenient decoder reads the same value, a strict one refuses it.
	 * @param allBits set every unused bit rather than only the lowest
	 */
	static String nonCanonical(String segment, boolean allBits) {
		int remainder = segment.length() % 4;
		if (remainder != 2 && remainder != 3) {
			throw new IllegalArgumentException("A segment of " + segment.length() + " characters has no unused bits");
		}
		int unused = (remainder == 2) ? 0x0F : 0x03;
		char last = segment.charAt(segment.length() - 1);
		int value = ALPHABET.indexOf(last);
		if ((value & unused) != 0) {
			throw new IllegalArgumentException("The segment is not canonical to begin with");
		}
		int changed = value | (allBits ? unused : 1);
		return segment.substring(0, segment.length() - 1) + ALPHABET.charAt(changed);
	}

	/**
	 * JSON text padded with spaces before its closing brace until its UTF-8 length leaves
	 * unused bits in base64url (a length that is not a multiple of 3).
	 */
	static String withUnusedBits(String json) {
		String padded = json;
		while (padded.getBytes(StandardCharsets.UTF_8).length % 3 == 0) {
			padded = padded.substring(0, padded.length() - 1) + " }";
		}
		return padded;
	}

	/** The attacker's certificate (x5c value, base64 DER) and its RSA private key. */
	static X5c attackerCertificate() {
		try (InputStream in = Forge.class.getResourceAsStream("x5c-attacker.pem")) {
			String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
			String key = block(pem, "PRIVATE KEY");
			String certificate = block(pem, "CERTIFICATE");
			PrivateKey privateKey = KeyFactory.getInstance("RSA")
				.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(key)));
			return new X5c(certificate, privateKey);
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String block(String pem, String type) {
		Matcher matcher = Pattern.compile("-----BEGIN " + type + "-----(.*?)-----END " + type + "-----", Pattern.DOTALL)
			.matcher(pem);
		if (!matcher.find()) {
			throw new IllegalStateException("No " + type + " block");
		}
		return matcher.group(1).replaceAll("\\s", "");
	}

	record X5c(String certificate, PrivateKey privateKey) {
	}

	/**
	 * A JSON object written member by member, in order; {@link #dup} adds a member whose
	 * name is already there.
	 */
	static final class Json {

		private final List<String[]> members = new ArrayList<>();

		/** Sets the member to the raw JSON value (replacing the first of that name). */
		Json raw(String name, String rawValue) {
			for (String[] member : this.members) {
				if (member[0].equals(name)) {
					member[1] = rawValue;
					return this;
				}
			}
			this.members.add(new String[] { name, rawValue });
			return this;
		}

		Json str(String name, String value) {
			return raw(name, quote(value));
		}

		Json num(String name, long value) {
			return raw(name, Long.toString(value));
		}

		/** Adds one more member of that name, after the others. */
		Json dup(String name, String rawValue) {
			this.members.add(new String[] { name, rawValue });
			return this;
		}

		Json without(String name) {
			this.members.removeIf((member) -> member[0].equals(name));
			return this;
		}

		@Override
		public String toString() {
			StringBuilder json = new StringBuilder("{");
			for (String[] member : this.members) {
				if (json.length() > 1) {
					json.append(',');
				}
				json.append(quote(member[0])).append(':').append(member[1]);
			}
			return json.append('}').toString();
		}

	}

	/** A JSON string literal; control characters as {@code \\uXXXX}. */
	static String quote(String value) {
		StringBuilder json = new StringBuilder(value.length() + 2).append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '"' || c == '\\') {
				json.append('\\').append(c);
			}
			else if (c < 0x20 || c == 0x7f) {
				json.append(String.format("\\u%04x", (int) c));
			}
			else {
				json.append(c);
			}
		}
		return json.append('"').toString();
	}

}
