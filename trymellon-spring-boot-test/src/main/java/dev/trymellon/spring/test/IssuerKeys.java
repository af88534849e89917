package dev.trymellon.spring.test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The signing keys of a {@link TryMellonTestIssuer}: every key it ever signed with, by
 * {@code kid} (retired ones included, so that tests can still sign with them), and the
 * published ones, the current signing key first. Thread-safe: writers lock the key map,
 * readers of the published list never lock.
 */
final class IssuerKeys {

	/** Every key this issuer ever signed with, by kid, retired ones included. */
	private final Map<String, RSAKey> keys = new LinkedHashMap<>();

	/** The published keys, the current signing key first. */
	private final List<RSAKey> published = new CopyOnWriteArrayList<>();

	IssuerKeys(@Nullable RSAKey first) {
		RSAKey key = (first != null) ? first : generate();
		this.keys.put(key.getKeyID(), key);
		this.published.add(key);
	}

	/** A fresh 2048-bit RS256 signing key, its {@code kid} the RFC 7638 thumbprint. */
	static RSAKey generate() {
		try {
			return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.RS256)
				.keyIDFromThumbprint(true)
				.generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot generate an RSA key", ex);
		}
	}

	String currentKeyId() {
		return this.published.get(0).getKeyID();
	}

	List<String> publishedKeyIds() {
		return this.published.stream().map(JWK::getKeyID).toList();
	}

	/** The published public keys, as served on the JWKS endpoint. */
	JWKSet publicJwkSet() {
		return new JWKSet(new ArrayList<JWK>(this.published)).toPublicJWKSet();
	}

	/** The published key with this {@code kid}, or {@code null}. */
	@Nullable RSAKey published(@Nullable String keyId) {
		for (RSAKey key : this.published) {
			if (key.getKeyID().equals(keyId)) {
				return key;
			}
		}
		return null;
	}

	String rotate() {
		RSAKey next = generate();
		synchronized (this.keys) {
			this.keys.put(next.getKeyID(), next);
			this.published.add(0, next);
		}
		return next.getKeyID();
	}

	void retire(String keyId) {
		Assert.isTrue(!keyId.equals(currentKeyId()), "The current signing key cannot be retired; rotate first");
		synchronized (this.keys) {
			Assert.isTrue(this.keys.containsKey(keyId), () -> "Unknown key id " + keyId);
			this.published.removeIf((key) -> key.getKeyID().equals(keyId));
		}
	}

	/** Any key this issuer generated, retired ones included. */
	RSAKey key(String keyId) {
		synchronized (this.keys) {
			RSAKey key = this.keys.get(keyId);
			Assert.notNull(key, () -> "Unknown key id " + keyId);
			return key;
		}
	}

}
