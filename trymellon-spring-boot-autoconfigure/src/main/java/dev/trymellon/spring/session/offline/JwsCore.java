package dev.trymellon.spring.session.offline;

import java.security.Provider;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
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
 * algorithm), the signature over the signing input with Nimbus's verifier for the key
 * (through the {@link VerifierSettings#signatureProvider(Provider) signature provider}
 * when one is set), then the payload parsed once strictly (no duplicate member at any
 * depth, the custom claims measured as signed). Nothing of the payload is read before the signature
 * verifies.
 */
final class JwsCore {

	/**
	 * Most verifiers of the signature provider kept; past it they are all dropped and
	 * built again, once per key, as tokens need them (keys replaced by refreshes leave
	 * their verifiers behind).
	 */
	private static final int MAX_PROVIDER_VERIFIERS = 64;

	private final JwksKeySource keys;

	private final JwsHeaderRules headerRules;

	private final int maxLength;

	private final @Nullable Provider provider;

	/** The signature provider's verifier of each key, by identity of the key. */
	private final Map<SigningKey, JWSVerifier> providerVerifiers = new ConcurrentHashMap<>();

	JwsCore(JwksKeySource keys, Set<JWSAlgorithm> algorithms, @Nullable String expectedType, int maxLength,
			@Nullable Provider provider) {
		this.keys = keys;
		this.headerRules = new JwsHeaderRules(algorithms, expectedType);
		this.maxLength = maxLength;
		this.provider = provider;
	}

	/** The signature provider, {@code null} for the JDK's providers. */
	@Nullable Provider signatureProvider() {
		return this.provider;
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
	private void checkSignature(CompactJws jws, SigningKey key, AllowedAlgorithm algorithm) {
		boolean valid;
		try {
			valid = verifier(key).verify(algorithm.header(), jws.signingInput(), jws.signature());
		}
		catch (JOSEException | RuntimeException ex) {
			valid = false;
		}
		if (!valid) {
			throw reject(TryMellonErrorCode.SIGNATURE_INVALID, "Signature does not verify with key '" + key.kid() + "'");
		}
	}

	/**
	 * The key's verifier: the one {@link SigningKeys} built (the JDK's providers), or,
	 * with a signature provider, one built once per key with that provider.
	 */
	private JWSVerifier verifier(SigningKey key) {
		Provider provider = this.provider;
		if (provider == null) {
			return key.verifier();
		}
		JWSVerifier verifier = this.providerVerifiers.get(key);
		if (verifier == null) {
			if (this.providerVerifiers.size() >= MAX_PROVIDER_VERIFIERS) {
				this.providerVerifiers.clear();
			}
			verifier = this.providerVerifiers.computeIfAbsent(key,
					(signingKey) -> SignatureProviders.verifier(signingKey, provider));
		}
		return verifier;
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
