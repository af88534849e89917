package dev.trymellon.spring.test;

import java.security.KeyPair;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The settings of {@link TryMellonTestIssuer.Builder}, its only subclass: signing key,
 * issuer, audience, token lifetime, clock and the
 * application and tenant ids. Package-private, so that the public type
 * stays {@code TryMellonTestIssuer.Builder}; its methods are documented there.
 */
abstract class IssuerSettings {

	@Nullable RSAKey key;

	@Nullable String issuer;

	String audience = TryMellonTestIssuer.DEFAULT_AUDIENCE;

	Duration tokenLifetime = Duration.ofHours(1);

	Clock clock = Clock.systemUTC();

	@Nullable String appId;

	@Nullable String tenantId;

	/**
	 * Uses the given key pair as the first signing key instead of a generated one.
	 * @param keyPair an RSA key pair
	 * @param keyId its {@code kid}, or {@code null} for the RFC 7638 thumbprint
	 * @return this builder
	 */
	public TryMellonTestIssuer.Builder keyPair(KeyPair keyPair, @Nullable String keyId) {
		Assert.notNull(keyPair, "keyPair cannot be null");
		Assert.isInstanceOf(RSAPublicKey.class, keyPair.getPublic(), "An RSA key pair is required");
		Assert.isInstanceOf(RSAPrivateKey.class, keyPair.getPrivate(), "An RSA key pair is required");
		RSAKey.Builder builder = new RSAKey.Builder((RSAPublicKey) keyPair.getPublic())
			.privateKey((RSAPrivateKey) keyPair.getPrivate())
			.keyUse(KeyUse.SIGNATURE)
			.algorithm(JWSAlgorithm.RS256);
		try {
			this.key = (keyId != null) ? builder.keyID(keyId).build() : builder.keyIDFromThumbprint().build();
		}
		catch (JOSEException ex) {
			throw new IllegalArgumentException("Cannot compute the key's thumbprint", ex);
		}
		return self();
	}

	/**
	 * Uses the given RSA JWK (with its private part and {@code kid}) as the first
	 * signing key.
	 * @param key the key
	 * @return this builder
	 */
	public TryMellonTestIssuer.Builder key(RSAKey key) {
		Assert.notNull(key, "key cannot be null");
		Assert.isTrue(key.isPrivate(), "The key must include its private part");
		Assert.hasText(key.getKeyID(), "The key must have a kid");
		this.key = key;
		return self();
	}

	/**
	 * Sets the issuer ({@code iss}) of minted tokens; defaults to the server's base
	 * URL.
	 * @param issuer the issuer
	 * @return this builder
	 */
	public TryMellonTestIssuer.Builder issuer(String issuer) {
		Assert.hasText(issuer, "issuer cannot be empty");
		this.issuer = issuer;
		return self();
	}

	/**
	 * Sets the default audience ({@code aud}) of minted tokens; defaults to
	 * {@value TryMellonTestIssuer#DEFAULT_AUDIENCE}.
	 * @param audience the audience, normally the application's client id
	 * @return this builder
	 */
	public TryMellonTestIssuer.Builder audience(String audience) {
		Assert.hasText(audience, "audience cannot be empty");
		this.audience = audience;
		return self();
	}

	/**
	 * Sets the default lifetime of minted tokens ({@code exp - iat}); defaults to one
	 * hour.
	 * @param tokenLifetime the lifetime
	 * @return this builder
	 */
	public TryMellonTestIssuer.Builder tokenLifetime(Duration tokenLifetime) {
		Assert.isTrue(tokenLifetime != null && !tokenLifetime.isNegative() && !tokenLifetime.isZero(),
				"tokenLifetime must be positive");
		this.tokenLifetime = tokenLifetime;
		return self();
	}

	/**
	 * Sets the clock that {@code iat} and {@code exp} are computed from; defaults to
	 * the system UTC clock.
	 * @param clock the clock
	 * @return this builder
	 */
	public TryMellonTestIssuer.Builder clock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
		return self();
	}

	/**
	 * Sets the id of the TryMellon application this issuer stands for: minted tokens
	 * carry it as {@code app_id} unless a token sets or removes it, and the stand-in API
	 * reports it. Not set by default (tokens then carry no {@code app_id}).
	 * @param appId the application id, for {@code trymellon.app-id}
	 * @return this builder
	 * @since 0.2.0
	 */
	public TryMellonTestIssuer.Builder appId(String appId) {
		Assert.hasText(appId, "appId cannot be empty");
		this.appId = appId;
		return self();
	}

	/**
	 * Sets the tenant id minted tokens carry as {@code tenant_id} unless a token sets or
	 * removes it. Not set by default.
	 * @param tenantId the tenant id
	 * @return this builder
	 * @since 0.2.0
	 */
	public TryMellonTestIssuer.Builder tenantId(String tenantId) {
		Assert.hasText(tenantId, "tenantId cannot be empty");
		this.tenantId = tenantId;
		return self();
	}

	private TryMellonTestIssuer.Builder self() {
		return (TryMellonTestIssuer.Builder) this;
	}

}
