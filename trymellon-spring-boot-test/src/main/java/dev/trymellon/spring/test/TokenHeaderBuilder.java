package dev.trymellon.spring.test;

import java.text.ParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.PlainObject;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import org.jspecify.annotations.Nullable;

/**
 * The header and signature half of {@link TryMellonTestIssuer.TokenBuilder}: which key
 * signs, with which algorithm, and what the JOSE header says, including the malformed
 * variants negative tests need. Serializes the claims the subclass collects into a compact
 * JWS (or an unsigned JWT). Package-private: users see its methods on
 * {@code TryMellonTestIssuer.TokenBuilder}.
 */
abstract class TokenHeaderBuilder {

	private final IssuerKeys keys;

	private final Map<String, Object> headerParameters = new LinkedHashMap<>();

	private String signingKeyId;

	private @Nullable String headerKeyId;

	private boolean omitKeyId;

	private boolean unknownKey;

	private JWSAlgorithm algorithm = JWSAlgorithm.RS256;

	private boolean unsigned;

	private @Nullable JOSEObjectType type = JOSEObjectType.JWT;

	TokenHeaderBuilder(IssuerKeys keys, String signingKeyId) {
		this.keys = keys;
		this.signingKeyId = signingKeyId;
	}

	final TryMellonTestIssuer.TokenBuilder self() {
		return (TryMellonTestIssuer.TokenBuilder) this;
	}

	/**
	 * Returns the claims the token will carry.
	 * @return the claims set, as a map
	 */
	public abstract Map<String, Object> claims();

	/**
	 * Signs with another key this issuer generated, for example one that was rotated
	 * out or retired.
	 * @param keyId the key's {@code kid}
	 * @return this builder
	 */
	public TryMellonTestIssuer.TokenBuilder signedWithKey(String keyId) {
		this.keys.key(keyId);
		this.signingKeyId = keyId;
		return self();
	}

	/**
	 * Signs with a fresh key that is not in the JWKS, while the header still names
	 * the current {@code kid}: a forged token whose signature does not verify.
	 * @return this builder
	 */
	public TryMellonTestIssuer.TokenBuilder signedWithUnknownKey() {
		this.unknownKey = true;
		return self();
	}

	/**
	 * Sets the header's {@code kid}, for example to one the JWKS does not hold.
	 * @param keyId the key id to write
	 * @return this builder
	 */
	public TryMellonTestIssuer.TokenBuilder keyId(String keyId) {
		this.headerKeyId = keyId;
		this.omitKeyId = false;
		return self();
	}

	/**
	 * Leaves {@code kid} out of the header.
	 * @return this builder
	 */
	public TryMellonTestIssuer.TokenBuilder withoutKeyId() {
		this.omitKeyId = true;
		return self();
	}

	/**
	 * Signs with another algorithm: the other RSA ones with the RSA key; HMAC ones
	 * with the signing key's public key bytes as the secret (the classic
	 * algorithm-confusion attack); ECDSA ones with a fresh EC key that is not in the
	 * JWKS. Defaults to RS256.
	 * @param algorithm the JWS algorithm
	 * @return this builder
	 */
	public TryMellonTestIssuer.TokenBuilder algorithm(JWSAlgorithm algorithm) {
		this.algorithm = algorithm;
		this.unsigned = false;
		return self();
	}

	/**
	 * Makes an unsigned token ({@code alg: none}, empty signature).
	 * @return this builder
	 */
	public TryMellonTestIssuer.TokenBuilder unsigned() {
		this.unsigned = true;
		return self();
	}

	/**
	 * Sets the header's {@code typ}, or leaves it out when {@code null}; defaults to
	 * {@code JWT}.
	 * @param type the type
	 * @return this builder
	 */
	public TryMellonTestIssuer.TokenBuilder type(@Nullable String type) {
		this.type = (type != null) ? new JOSEObjectType(type) : null;
		return self();
	}

	/**
	 * Adds a header parameter, for example {@code jku} or {@code crit}, to test that
	 * it is ignored or refused.
	 * @param name the parameter name
	 * @param value the value
	 * @return this builder
	 */
	public TryMellonTestIssuer.TokenBuilder header(String name, Object value) {
		this.headerParameters.put(name, value);
		return self();
	}

	/**
	 * Signs and serializes the token.
	 * @return the compact JWS
	 */
	public String build() {
		Payload payload = new Payload(JSONObjectUtils.toJSONString(claims()));
		if (this.unsigned) {
			Map<String, Object> header = new PlainHeader.Builder().type(this.type).build().toJSONObject();
			header.putAll(this.headerParameters);
			try {
				return new PlainObject(PlainHeader.parse(header), payload).serialize();
			}
			catch (ParseException ex) {
				throw invalidHeader(ex);
			}
		}
		RSAKey key = this.keys.key(this.signingKeyId);
		@Nullable String kid = this.omitKeyId ? null : (this.headerKeyId != null) ? this.headerKeyId : key.getKeyID();
		Map<String, Object> header = new JWSHeader.Builder(this.algorithm).keyID(kid).type(this.type).build()
			.toJSONObject();
		header.putAll(this.headerParameters);
		JWSObject jws;
		try {
			jws = new JWSObject(JWSHeader.parse(header), payload);
		}
		catch (ParseException ex) {
			throw invalidHeader(ex);
		}
		try {
			jws.sign(signer(key));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot sign the token with " + this.algorithm, ex);
		}
		return jws.serialize();
	}

	private IllegalArgumentException invalidHeader(ParseException ex) {
		return new IllegalArgumentException("Invalid header parameters " + this.headerParameters.keySet(), ex);
	}

	/**
	 * RSA algorithms use the key (or, for {@link #signedWithUnknownKey()}, a fresh key
	 * that is in no JWKS); HMAC ones the key's public bytes as the secret (the
	 * algorithm-confusion attack); ECDSA ones a fresh EC key.
	 */
	private JWSSigner signer(RSAKey key) throws JOSEException {
		if (JWSAlgorithm.Family.HMAC_SHA.contains(this.algorithm)) {
			byte[] secret = key.toRSAPublicKey().getEncoded();
			return new MACSigner(Arrays.copyOf(secret, Math.max(secret.length, 64)));
		}
		if (JWSAlgorithm.Family.EC.contains(this.algorithm)) {
			Curve curve = Curve.forJWSAlgorithm(this.algorithm).iterator().next();
			ECKey ecKey = new ECKeyGenerator(curve).generate();
			return new ECDSASigner(ecKey);
		}
		return new RSASSASigner(this.unknownKey ? IssuerKeys.generate() : key);
	}

}
