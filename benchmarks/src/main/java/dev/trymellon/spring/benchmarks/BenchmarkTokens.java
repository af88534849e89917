package dev.trymellon.spring.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
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
import org.jspecify.annotations.Nullable;

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

	/**
	 * The system property naming the file {@link #writeShared(Path, int)} wrote: the
	 * suite sets it for every fork, so that all of them verify the same key and tokens,
	 * minted once.
	 */
	static final String SHARED_PROPERTY = "trymellon.benchmarks.tokens";

	/** Tokens {@code 0..n-1} of the key, minted before the forks, or none. */
	private final String @Nullable [] minted;

	private final RSAKey key;

	private final RSASSASigner signer;

	private BenchmarkTokens(RSAKey key) throws JOSEException {
		this(key, null);
	}

	private BenchmarkTokens(RSAKey key, String @Nullable [] minted) throws JOSEException {
		this.key = key;
		this.minted = minted;
		this.signer = new RSASSASigner(key);
		// Minting only: the native provider signs about twice as fast (the same
		// PKCS #1 v1.5 bytes), which halves the minting of the suite's shared tokens, of
		// the memory measurement's 100,000 and of a benchmark run on its own. It is this signer's
		// alone, never registered with the JVM, so no verification measured uses it unless
		// it is given it explicitly.
		Provider nativeProvider = nativeProvider();
		if (nativeProvider != null) {
			this.signer.getJCAContext().setProvider(nativeProvider);
		}
	}

	private static @Nullable Provider nativeProvider() {
		try {
			AmazonCorrettoCryptoProvider provider = AmazonCorrettoCryptoProvider.INSTANCE;
			return (provider.getLoadingError() == null) ? provider : null;
		}
		catch (LinkageError ex) {
			return null;
		}
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
	 * The key and tokens the suite minted for its forks ({@value #SHARED_PROPERTY}), or a
	 * new key when the benchmark runs on its own.
	 * @return the tokens
	 */
	static BenchmarkTokens shared() {
		String file = System.getProperty(SHARED_PROPERTY);
		if (file == null) {
			return generate();
		}
		try {
			List<String> lines = Files.readAllLines(Path.of(file), StandardCharsets.US_ASCII);
			return new BenchmarkTokens(RSAKey.parse(lines.get(0)),
					lines.subList(1, lines.size()).toArray(String[]::new));
		}
		catch (IOException | JOSEException | java.text.ParseException ex) {
			throw new IllegalStateException("Cannot read the shared benchmark tokens from " + file, ex);
		}
	}

	/**
	 * Generates a key, mints tokens {@code 0..count-1} and writes both for
	 * {@link #shared()}: the key as a JWK on the first line, a token per line after it.
	 * @param file the file
	 * @param count how many tokens
	 */
	static void writeShared(Path file, int count) throws IOException {
		BenchmarkTokens tokens = generate();
		List<String> lines = new ArrayList<>(count + 1);
		lines.add(tokens.toJson());
		lines.addAll(Arrays.asList(tokens.mint(0, count)));
		Files.write(file, lines, StandardCharsets.US_ASCII);
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
	 * {@code first + count - 1}, on every core (RSA signing is slow: about 1 ms each), or
	 * takes them from the {@link #shared() shared} ones.
	 */
	String[] mint(long first, int count) {
		String[] pool = this.minted;
		if (pool != null && first + count <= pool.length) {
			return Arrays.copyOfRange(pool, (int) first, (int) first + count);
		}
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
