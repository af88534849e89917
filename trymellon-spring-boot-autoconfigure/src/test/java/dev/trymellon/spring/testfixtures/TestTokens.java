package dev.trymellon.spring.testfixtures;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import dev.trymellon.spring.session.offline.JwksKeySource;

/**
 * Real RS256 keys and tokens for the autoconfigure module's own tests. (The published
 * test kit, trymellon-spring-boot-test, depends on this module, so these tests cannot
 * use it: Maven forbids the cycle.)
 */
public final class TestTokens {

	public static final String ISSUER = "https://api.trymellonauth.com";

	public static final String CLIENT_ID = "client_test123";

	/** The key TryMellon publishes as {@code k_main}. */
	public static final RSAKey KEY = generate("k_main");

	/** A second published key, for rotation. */
	public static final RSAKey NEXT_KEY = generate("k_next");

	/** A key nobody publishes. */
	public static final RSAKey ATTACKER_KEY = generate("k_attacker");

	private TestTokens() {
	}

	public static RSAKey generate(String kid) {
		try {
			return new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The public JWKS document holding the given keys. */
	public static String jwks(RSAKey... keys) {
		return new JWKSet(List.of(keys)).toPublicJWKSet().toString();
	}

	public static JWKSet publicJwkSet(RSAKey... keys) {
		return new JWKSet(List.of(keys)).toPublicJWKSet();
	}

	/** A static key source of the given keys' public halves, for RS256: a test's own key-source bean. */
	public static JwksKeySource keySource(RSAKey... keys) {
		return JwksKeySource.fromJwkSet(publicJwkSet(keys), Set.of(JWSAlgorithm.RS256));
	}

	/** Valid claims for {@link #CLIENT_ID}, issued at {@code now}, expiring an hour later. */
	public static JWTClaimsSet.Builder claims(Instant now) {
		return new JWTClaimsSet.Builder().subject("user_123")
			.issuer(ISSUER)
			.audience(CLIENT_ID)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(3600)))
			.claim("tenant_id", "tenant_1")
			.claim("app_id", "app_1");
	}

	/** A valid token signed with {@link #KEY}, with claims tweaked by the customizer. */
	public static String token(Instant now, Consumer<JWTClaimsSet.Builder> customizer) {
		JWTClaimsSet.Builder claims = claims(now);
		customizer.accept(claims);
		return sign(KEY, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY.getKeyID()).build(), claims.build());
	}

	public static String token(Instant now) {
		return token(now, (claims) -> {
		});
	}

	/** Signs the claims with the key under the given header. */
	public static String sign(RSAKey key, JWSHeader header, JWTClaimsSet claims) {
		try {
			JWSSigner signer = new RSASSASigner(key);
			SignedJWT jwt = new SignedJWT(header, claims);
			jwt.sign(signer);
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A JWKS URL on 127.0.0.1 where nothing listens any more (a port just released), for
	 * "endpoint unreachable" cases.
	 */
	public static java.net.URI unreachableJwksUri() {
		try (mockwebserver3.MockWebServer server = new mockwebserver3.MockWebServer()) {
			server.start(java.net.InetAddress.getByName("127.0.0.1"), 0);
			return java.net.URI.create(server.url("/jwks").toString());
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** base64url (no padding) of the UTF-8 text. */
	public static String b64(String text) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

}
