package dev.trymellon.spring.benchmarks;

import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.session.offline.JwksKeySource;
import dev.trymellon.spring.session.offline.OfflineSessionTokenVerifier;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;

/**
 * One RSA-2048 signing key and the tokens every scenario verifies: shaped like
 * TryMellon's session tokens ({@code kid}, {@code typ: JWT}, RS256; {@code sub},
 * {@code iss}, {@code aud}, {@code iat}, {@code exp} one hour later, {@code tenant_id},
 * {@code app_id}, {@code external_user_id}) with ten custom claims, the most TryMellon
 * issues. Our verifier and Spring's decoder always get the same key and the same tokens.
 */
final class BenchmarkTokens {

	static final String ISSUER = "https://api.trymellonauth.com";

	static final String CLIENT_ID = "client_7Qm2xK9pLr4vT8wZ";

	static final String KEY_ID = "k_a4f29c1e8b7d";

	static final String TENANT_ID = "tenant_3f9a2c71";

	static final String APP_ID = "app_41d9e7b2";

	/** The custom claim that holds the roles, mapped to {@code ROLE_*} by both stacks. */
	static final String ROLES_CLAIM = "roles";

	private final RSAKey key;

	private final RSASSASigner signer;

	private BenchmarkTokens(RSAKey key) throws JOSEException {
		this.key = key;
		this.signer = new RSASSASigner(key);
	}

	static BenchmarkTokens generate() {
		try {
			return new BenchmarkTokens(new RSAKeyGenerator(2048).keyID(KEY_ID)
				.keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.RS256)
				.generate());
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The signing key written by {@link #toJson()}, so that a benchmark in another JVM
	 * (an application of the end-to-end measurement) trusts the same key.
	 * @param json the key as a JWK with its private part
	 * @return the tokens of that key
	 */
	static BenchmarkTokens fromJson(String json) {
		try {
			return new BenchmarkTokens(RSAKey.parse(json));
		}
		catch (JOSEException | java.text.ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The signing key, private part included, as a JWK (a throw-away benchmark key).
	 */
	String toJson() {
		return this.key.toJSONString();
	}

	/**
	 * A user id shaped like TryMellon's ({@code user_} and 20 characters that look
	 * random).
	 */
	static String userId(String kind, long index) {
		return kind + "_" + String.format("%020x", mix(index));
	}

	private static long mix(long value) {
		long z = value * 0x9E3779B97F4A7C15L;
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return (z ^ (z >>> 31)) & 0x7fffffffffffffffL;
	}

	/**
	 * The ten custom claims of a session: scalars only, as TryMellon allows.
	 */
	static Map<String, Object> customClaims(long index) {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put(ROLES_CLAIM, "admin editor");
		claims.put("plan", "pro");
		claims.put("org_id", "org_" + String.format("%012x", mix(index) & 0xffffffffffffL));
		claims.put("locale", "en-GB");
		claims.put("region", "eu-west-1");
		claims.put("department", "engineering");
		claims.put("employee_id", "E" + (100000 + (index % 900000)));
		claims.put("seats", 25);
		claims.put("beta", true);
		claims.put("mfa", true);
		return claims;
	}

	static JWTClaimsSet claims(String userId, long index, Instant issuedAt) {
		return new JWTClaimsSet.Builder().subject(userId)
			.issuer(ISSUER)
			.audience(CLIENT_ID)
			.issueTime(Date.from(issuedAt))
			.expirationTime(Date.from(issuedAt.plusSeconds(3600)))
			.claim("tenant_id", TENANT_ID)
			.claim("app_id", APP_ID)
			.claim("external_user_id", "ext_" + index)
			.claim(TryMellonSession.CUSTOM_CLAIMS_NAMESPACE, customClaims(index))
			.build();
	}

	String mint(long index, Instant issuedAt) {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY_ID)
			.type(JOSEObjectType.JWT)
			.build(), claims(userId("user", index), index, issuedAt));
		try {
			jwt.sign(this.signer);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	/**
	 * Mints {@code count} tokens of distinct users, {@code first} to
	 * {@code first + count - 1}, on every core (RSA signing is slow: about 1 ms each).
	 */
	String[] mint(long first, int count) {
		Instant now = Instant.now();
		return IntStream.range(0, count).parallel().mapToObj((i) -> mint(first + i, now)).toArray(String[]::new);
	}

	/**
	 * The {@code Authorization} header values ({@code Bearer <token>}) of
	 * {@link #mint(long, int) minted} tokens.
	 */
	String[] bearerHeaders(long first, int count) {
		String[] tokens = mint(first, count);
		String[] headers = new String[tokens.length];
		for (int i = 0; i < tokens.length; i++) {
			headers[i] = "Bearer " + tokens[i];
		}
		return headers;
	}

	RSAPublicKey publicKey() {
		try {
			return this.key.toRSAPublicKey();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	JWKSet publicJwkSet() {
		return new JWKSet(this.key.toPublicJWK());
	}

	/**
	 * Our verifier with the checks the auto-configuration sets up (issuer, audience,
	 * RS256 only); the caller adds the cache and the revocation check.
	 */
	OfflineSessionTokenVerifier.Builder trymellonVerifier() {
		JwksKeySource keys = JwksKeySource.fromJwkSet(publicJwkSet(), Set.of(JWSAlgorithm.RS256));
		return OfflineSessionTokenVerifier.withKeys(keys).issuer(ISSUER).audiences(List.of(CLIENT_ID));
	}

	/**
	 * Spring Security's decoder with the same checks: RS256 signature with the same key,
	 * expiry and not-before, issuer, audience.
	 */
	NimbusJwtDecoder nimbusJwtDecoder() {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(publicKey())
			.signatureAlgorithm(SignatureAlgorithm.RS256)
			.build();
		decoder.setJwtValidator(springValidator());
		return decoder;
	}

	/**
	 * Spring Security's reactive decoder, as its reactive resource server uses it, with
	 * the same key and checks as {@link #nimbusJwtDecoder()}.
	 */
	NimbusReactiveJwtDecoder nimbusReactiveJwtDecoder() {
		NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withPublicKey(publicKey())
			.signatureAlgorithm(SignatureAlgorithm.RS256)
			.build();
		decoder.setJwtValidator(springValidator());
		return decoder;
	}

	private static OAuth2TokenValidator<Jwt> springValidator() {
		return new DelegatingOAuth2TokenValidator<Jwt>(JwtValidators.createDefaultWithIssuer(ISSUER),
				new JwtClaimValidator<List<String>>("aud", (aud) -> aud != null && aud.contains(CLIENT_ID)));
	}

}
