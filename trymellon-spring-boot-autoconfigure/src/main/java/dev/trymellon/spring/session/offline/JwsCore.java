package dev.trymellon.spring.session.offline;

import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import org.jspecify.annotations.Nullable;
import org.springframework.lang.Contract;

import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.session.offline.JwsHeaderRules.AllowedAlgorithm;
import dev.trymellon.spring.session.offline.SigningKeys.SigningKey;

import static dev.trymellon.spring.session.offline.Rejections.reject;

/**
 * The JWS core of verification, in order: the compact pre-check (three canonical
 * base64url parts), the header parsed once strictly, the {@link JwsHeaderRules header
 * rules}, the key by {@code kid} from the {@link JwksKeySource} (its type matching the
 * algorithm), the signature over the signing input with Nimbus's verifier for the key,
 * then the payload parsed once strictly (no duplicate member at any depth, the custom
 * claims measured as signed). Nothing of the payload is read before the signature
 * verifies.
 */
final class JwsCore {

	private final JwksKeySource keys;

	private final JwsHeaderRules headerRules;

	private final int maxLength;

	JwsCore(JwksKeySource keys, Set<JWSAlgorithm> algorithms, @Nullable String expectedType, int maxLength) {
		this.keys = keys;
		this.headerRules = new JwsHeaderRules(algorithms, expectedType);
		this.maxLength = maxLength;
	}

	/**
	 * The cheapest check, before the cache: not empty, at most max-length characters.
	 */
	@Contract("null -> fail")
	void checkLength(@Nullable String token) {
		if (token == null || token.isEmpty()) {
			throw reject(TryMellonErrorCode.TOKEN_MALFORMED, "Token is empty");
		}
		if (token.length() > this.maxLength) {
			throw reject(TryMellonErrorCode.TOKEN_MALFORMED, "Token is longer than " + this.maxLength + " characters");
		}
	}

	/**
	 * Verifies the token's signature and reads its payload.
	 * @param token the raw token, of an accepted length
	 * @return the signed payload and the key that verified it
	 */
	Verified verify(String token) {
		CompactJws jws = CompactJws.split(token);
		if (jws == null) {
			throw reject(TryMellonErrorCode.TOKEN_MALFORMED,
					"Token is not a compact JWS of three canonical base64url parts");
		}
		Map<String, Object> header = parse(jws.header(), null, "header").members();
		AllowedAlgorithm algorithm = this.headerRules.check(header, jws.hasSignature());
		SigningKey key = this.keys.key(JwsHeaderRules.kid(header));
		if (!key.canVerify(algorithm.algorithm())) {
			throw reject(TryMellonErrorCode.ALGORITHM_NOT_ALLOWED, "Token alg does not match the signing key");
		}
		checkSignature(jws, key, algorithm);
		return new Verified(parse(jws.payload(), TryMellonSession.CUSTOM_CLAIMS_NAMESPACE, "payload"), key);
	}

	/**
	 * Verifies under a header holding only the (allowed) algorithm: Nimbus parses
	 * nothing of the token.
	 */
	private static void checkSignature(CompactJws jws, SigningKey key, AllowedAlgorithm algorithm) {
		boolean valid;
		try {
			valid = key.verifier().verify(algorithm.header(), jws.signingInput(), jws.signature());
		}
		catch (JOSEException | RuntimeException ex) {
			valid = false;
		}
		if (!valid) {
			throw reject(TryMellonErrorCode.SIGNATURE_INVALID, "Signature does not verify with key '" + key.kid() + "'");
		}
	}

	private static StrictJson.Parsed parse(byte[] json, @Nullable String measured, String part) {
		try {
			return StrictJson.parseObject(json, measured);
		}
		catch (StrictJson.MalformedJsonException ex) {
			throw reject(TryMellonErrorCode.TOKEN_MALFORMED,
					"Token " + part + " is not a strict JSON object (" + ex.getMessage() + ")");
		}
	}

	/**
	 * A token whose signature verified.
	 * @param payload the payload, parsed strictly
	 * @param key the key that verified it
	 */
	record Verified(StrictJson.Parsed payload, SigningKey key) {
	}

}
