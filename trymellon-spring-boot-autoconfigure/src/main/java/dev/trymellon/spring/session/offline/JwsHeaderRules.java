package dev.trymellon.spring.session.offline;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.session.TryMellonErrorCode;

import static dev.trymellon.spring.session.offline.Rejections.printable;
import static dev.trymellon.spring.session.offline.Rejections.reject;

/**
 * The rules for a JWS header, parsed strictly, in Nimbus's order of classification:
 * {@code alg} present; not an unsigned ({@code none}) or encrypted ({@code enc}) token;
 * {@code alg} in the allow-list; no {@code crit} at all (not even an empty one); a
 * signature; the expected {@code typ}, when one is set; a {@code kid} string.
 * {@code jku}, {@code x5u}, {@code jwk} and {@code x5c} are ignored: keys only ever come
 * from the {@link JwksKeySource}.
 */
final class JwsHeaderRules {

	private final Map<String, AllowedAlgorithm> algorithms;

	private final @Nullable String expectedType;

	JwsHeaderRules(Set<JWSAlgorithm> algorithms, @Nullable String expectedType) {
		Map<String, AllowedAlgorithm> allowed = new HashMap<>();
		for (JWSAlgorithm algorithm : algorithms) {
			allowed.put(algorithm.getName(), new AllowedAlgorithm(algorithm, new JWSHeader(algorithm)));
		}
		this.algorithms = Map.copyOf(allowed);
		this.expectedType = expectedType;
	}

	/**
	 * Checks the header.
	 * @param header the header members
	 * @param signed whether the token has a signature part
	 * @return the token's algorithm, which is allowed
	 */
	AllowedAlgorithm check(Map<String, Object> header, boolean signed) {
		if (!(header.get("alg") instanceof String alg)) {
			throw reject(TryMellonErrorCode.TOKEN_MALFORMED, "Token header has no alg string");
		}
		if ("none".equals(alg)) {
			throw reject(TryMellonErrorCode.ALGORITHM_NOT_ALLOWED, "Unsigned token (alg 'none')");
		}
		if (header.containsKey("enc")) {
			throw reject(TryMellonErrorCode.ALGORITHM_NOT_ALLOWED, "Encrypted tokens are not accepted");
		}
		AllowedAlgorithm algorithm = this.algorithms.get(alg);
		if (algorithm == null) {
			throw reject(TryMellonErrorCode.ALGORITHM_NOT_ALLOWED, "Token alg '" + printable(alg) + "' is not allowed");
		}
		if (header.containsKey("crit")) {
			throw reject(TryMellonErrorCode.TOKEN_MALFORMED, "Token has critical header parameters");
		}
		if (!signed) {
			throw reject(TryMellonErrorCode.TOKEN_MALFORMED, "Token has no signature");
		}
		Object type = header.get("typ");
		if (type != null && !(type instanceof String)) {
			throw reject(TryMellonErrorCode.TOKEN_MALFORMED, "Token header typ is not a string");
		}
		String expected = this.expectedType;
		if (expected != null && !TokenTypes.matches(expected, (String) type)) {
			throw reject(TryMellonErrorCode.TOKEN_TYPE_MISMATCH, (type != null)
					? "Token typ '" + printable((String) type) + "' is not the expected '" + expected + "'"
					: "Token has no typ; expected '" + expected + "'");
		}
		return algorithm;
	}

	/**
	 * Reads the {@code kid}: a non-empty string, matched as such.
	 */
	static String kid(Map<String, Object> header) {
		Object kid = header.get("kid");
		if (kid != null && !(kid instanceof String)) {
			throw reject(TryMellonErrorCode.TOKEN_MALFORMED, "Token header kid is not a string");
		}
		if (kid == null || ((String) kid).isEmpty()) {
			throw reject(TryMellonErrorCode.JWT_KID_MISMATCH, "Token header has no kid");
		}
		return (String) kid;
	}

	/**
	 * An allowed algorithm, with the header its signatures are verified under.
	 */
	record AllowedAlgorithm(JWSAlgorithm algorithm, JWSHeader header) {
	}

}
