package dev.trymellon.spring.session.offline;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * An immutable set of usable signing keys, by {@code kid}, as read from one JWKS
 * document. Keys that cannot verify an allowed algorithm (wrong type, wrong {@code alg},
 * encryption keys, RSA keys under 2048 bits, malformed entries) are left out, not fatal.
 */
final class SigningKeys {

	private static final Log logger = LogFactory.getLog(SigningKeys.class);

	private static final int MIN_RSA_BITS = 2048;

	private final Map<String, SigningKey> keys;

	private final long fetchedAtMillis;

	private final JWKSet jwkSet;

	private SigningKeys(Map<String, SigningKey> keys, long fetchedAtMillis, JWKSet jwkSet) {
		this.keys = keys;
		this.fetchedAtMillis = fetchedAtMillis;
		this.jwkSet = jwkSet;
	}

	@Nullable SigningKey get(String kid) {
		return this.keys.get(kid);
	}

	/**
	 * Whether this exact key (the same instance) is in the set. A lock-free map lookup
	 * and an identity check, allocating nothing.
	 */
	boolean contains(SigningKey key) {
		return this.keys.get(key.kid()) == key;
	}

	/**
	 * Returns these keys, with each key that is unchanged since {@code previous} (same
	 * {@code kid}, {@code alg} and public key) replaced by the previous instance, so a
	 * refresh that brings the same keys keeps the cache entries they verified.
	 * @param previous the keys held before, or {@code null}
	 * @return the keys
	 */
	SigningKeys reusing(@Nullable SigningKeys previous) {
		if (previous == null || previous.keys.isEmpty()) {
			return this;
		}
		Map<String, SigningKey> keys = new HashMap<>(this.keys);
		keys.replaceAll((kid, key) -> {
			SigningKey before = previous.get(kid);
			return (before != null && before.sameAs(key)) ? before : key;
		});
		return new SigningKeys(Collections.unmodifiableMap(keys), this.fetchedAtMillis, this.jwkSet);
	}

	int size() {
		return this.keys.size();
	}

	long fetchedAtMillis() {
		return this.fetchedAtMillis;
	}

	/** The usable entries as a Nimbus key set: a new instance per document read. */
	JWKSet jwkSet() {
		return this.jwkSet;
	}

	/**
	 * Parses a JWKS document, keeping the keys usable with the allowed algorithms.
	 * @param json the document
	 * @param allowed the allowed algorithms
	 * @param fetchedAtMillis when the document was obtained
	 * @return the usable keys
	 * @throws java.text.ParseException when the document is not a JSON object with a
	 * {@code keys} array
	 */
	static SigningKeys parse(String json, Set<JWSAlgorithm> allowed, long fetchedAtMillis)
			throws java.text.ParseException {
		Map<String, Object> document = JSONObjectUtils.parse(json);
		List<Object> entries = JSONObjectUtils.getJSONArray(document, "keys");
		if (entries == null) {
			throw new java.text.ParseException("JWKS has no 'keys' array", 0);
		}
		List<JWK> jwks = new ArrayList<>();
		for (Object entry : entries) {
			JWK jwk = (entry instanceof Map<?, ?> map) ? parseEntry(map) : null;
			if (jwk != null) {
				jwks.add(jwk);
			}
		}
		SigningKeys keys = of(jwks, allowed, fetchedAtMillis);
		int skipped = entries.size() - keys.size();
		if (skipped > 0 && logger.isDebugEnabled()) {
			logger.debug("Ignored " + skipped + " JWKS entries that cannot verify " + allowed);
		}
		return keys;
	}

	/**
	 * Builds the key set from an already parsed JWKS.
	 * @param jwks the keys
	 * @param allowed the allowed algorithms
	 * @param fetchedAtMillis when the keys were obtained
	 * @return the usable keys
	 */
	static SigningKeys of(List<JWK> jwks, Set<JWSAlgorithm> allowed, long fetchedAtMillis) {
		Map<String, SigningKey> keys = new HashMap<>();
		List<JWK> usable = new ArrayList<>();
		for (JWK jwk : jwks) {
			SigningKey key = toSigningKey(jwk, allowed);
			if (key == null) {
				continue;
			}
			if (keys.putIfAbsent(key.kid(), key) == null) {
				usable.add(jwk);
			}
			else {
				logger.warn("JWKS lists kid '" + key.kid() + "' more than once; using the first");
			}
		}
		return new SigningKeys(Collections.unmodifiableMap(keys), fetchedAtMillis, new JWKSet(usable));
	}

	@SuppressWarnings("unchecked")
	private static @Nullable JWK parseEntry(Map<?, ?> entry) {
		try {
			return JWK.parse((Map<String, Object>) entry);
		}
		catch (java.text.ParseException | RuntimeException ex) {
			return null;
		}
	}

	private static @Nullable SigningKey toSigningKey(JWK jwk, Set<JWSAlgorithm> allowed) {
		String kid = jwk.getKeyID();
		if (kid == null || kid.isEmpty() || jwk.isPrivate()) {
			return null;
		}
		if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
			return null;
		}
		Algorithm declared = jwk.getAlgorithm();
		JWSAlgorithm alg = (declared != null) ? JWSAlgorithm.parse(declared.getName()) : null;
		if (alg != null && !allowed.contains(alg)) {
			return null;
		}
		try {
			if (jwk instanceof RSAKey rsa) {
				RSAPublicKey publicKey = rsa.toRSAPublicKey();
				if (publicKey.getModulus().bitLength() < MIN_RSA_BITS) {
					return null;
				}
				return new SigningKey(kid, alg, JWSAlgorithm.Family.RSA, publicKey, new RSASSAVerifier(publicKey));
			}
			if (jwk instanceof ECKey ec) {
				ECPublicKey publicKey = ec.toECPublicKey();
				return new SigningKey(kid, alg, JWSAlgorithm.Family.EC, publicKey, new ECDSAVerifier(publicKey));
			}
		}
		catch (JOSEException | RuntimeException ex) {
			return null;
		}
		return null;
	}

	/**
	 * One usable key, with a verifier built once.
	 *
	 * @param kid the key id
	 * @param alg the algorithm the JWK declares, or {@code null} for any of its family
	 * @param family the algorithms the key type can verify
	 * @param publicKey the public key
	 * @param verifier the verifier
	 */
	record SigningKey(String kid, @Nullable JWSAlgorithm alg, Set<JWSAlgorithm> family, PublicKey publicKey,
			JWSVerifier verifier) {

		boolean canVerify(JWSAlgorithm headerAlg) {
			return (this.alg != null) ? this.alg.equals(headerAlg) : this.family.contains(headerAlg);
		}

		/**
		 * Whether the other key is the same key: same {@code kid}, {@code alg}, type and
		 * public key.
		 */
		boolean sameAs(SigningKey other) {
			return this.kid.equals(other.kid) && java.util.Objects.equals(this.alg, other.alg)
					&& this.family.equals(other.family) && this.publicKey.equals(other.publicKey);
		}

		// Identity, not the record's component equality: a cache entry is bound to the
		// instance that verified it.
		@Override
		public boolean equals(@Nullable Object obj) {
			return this == obj;
		}

		@Override
		public int hashCode() {
			return System.identityHashCode(this);
		}

		@Override
		public String toString() {
			return "SigningKey[kid=" + this.kid + ", alg=" + this.alg + "]";
		}

	}

}
