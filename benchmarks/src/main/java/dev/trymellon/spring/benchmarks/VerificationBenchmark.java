package dev.trymellon.spring.benchmarks;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.trymellon.spring.revocation.InMemoryRevocationStore;
import dev.trymellon.spring.revocation.Revocation;
import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.session.offline.JwksKeySource;
import dev.trymellon.spring.session.offline.OfflineSessionTokenVerifier;
import dev.trymellon.spring.session.offline.VerifiedTokenCache;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The verification path, measured against Spring Security's {@link NimbusJwtDecoder}
 * with the same RSA key and token, in the same run. Both check signature, expiry,
 * issuer and audience.
 * <ul>
 * <li>{@code trymellonCold}: the offline verifier without its cache (every call parses
 * and verifies the signature);</li>
 * <li>{@code trymellonColdNativeProvider}: the same, with Amazon Corretto Crypto Provider
 * as the verifier's signature provider;</li>
 * <li>{@code trymellonCacheHit}: a token seen before (same string instance), checked
 * against an in-memory revocation store holding 1,000 other users' revocations;</li>
 * <li>{@code trymellonCacheHitFreshString}: a token seen before, arriving as a new
 * string (includes copying the token: subtract {@code baselineFreshString});</li>
 * <li>{@code nimbusJwtDecoder}: Spring Security's decoder.</li>
 * </ul>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class VerificationBenchmark {

	private static final String ISSUER = "https://api.trymellonauth.com";

	private static final String CLIENT_ID = "client_bench";

	private String token;

	private char[] tokenChars;

	private OfflineSessionTokenVerifier cold;

	private OfflineSessionTokenVerifier cached;

	private NimbusJwtDecoder nimbus;

	private JwksKeySource keys;

	@Setup
	public void setUp() throws Exception {
		RSAKey key = new RSAKeyGenerator(2048).keyID("k_bench")
			.keyUse(KeyUse.SIGNATURE)
			.algorithm(JWSAlgorithm.RS256)
			.generate();
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("user_123")
			.issuer(ISSUER)
			.audience(CLIENT_ID)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(24 * 3600)))
			.claim("tenant_id", "tenant_1")
			.claim("app_id", "app_1")
			.claim("external_user_id", "ext_1")
			.claim(TryMellonSession.CUSTOM_CLAIMS_NAMESPACE, java.util.Map.of("roles", "admin editor", "plan", "pro"))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k_bench").build(), claims);
		jwt.sign(new RSASSASigner(key));
		this.token = jwt.serialize();
		this.tokenChars = this.token.toCharArray();

		JwksKeySource keys = JwksKeySource.fromJwkSet(new JWKSet(key.toPublicJWK()), Set.of(JWSAlgorithm.RS256));
		this.keys = keys;
		this.cold = OfflineSessionTokenVerifier.withKeys(keys).issuer(ISSUER).audiences(List.of(CLIENT_ID)).build();
		// As in production: the in-memory revocation store, holding other users' revocations.
		InMemoryRevocationStore revocations = new InMemoryRevocationStore();
		for (int i = 0; i < 1000; i++) {
			revocations.revoke(Revocation.user("user_revoked_" + i, now, now.plusSeconds(24 * 3600)));
		}
		this.cached = OfflineSessionTokenVerifier.withKeys(keys)
			.issuer(ISSUER)
			.audiences(List.of(CLIENT_ID))
			.cache(new VerifiedTokenCache(10_000))
			.revocationCheck(revocations::isRevoked)
			.build();
		this.cached.verify(this.token);

		this.nimbus = NimbusJwtDecoder.withPublicKey(key.toRSAPublicKey()).build();
		this.nimbus.setJwtValidator(new DelegatingOAuth2TokenValidator<Jwt>(JwtValidators.createDefaultWithIssuer(ISSUER),
				new JwtClaimValidator<List<String>>("aud", (aud) -> aud != null && aud.contains(CLIENT_ID))));
		this.nimbus.decode(this.token);
	}

	@Benchmark
	public TryMellonSession trymellonCold() {
		return this.cold.verify(this.token);
	}

	@Benchmark
	public TryMellonSession trymellonColdNativeProvider(NativeProvider nativeProvider) {
		return nativeProvider.verifier.verify(this.token);
	}

	@Benchmark
	public TryMellonSession trymellonCacheHit() {
		return this.cached.verify(this.token);
	}

	@Benchmark
	public TryMellonSession trymellonCacheHitFreshString() {
		return this.cached.verify(new String(this.tokenChars));
	}

	/**
	 * What {@code trymellonCacheHitFreshString} spends on making the new string, to
	 * subtract from it.
	 * @return a new copy of the token
	 */
	@Benchmark
	public String baselineFreshString() {
		return new String(this.tokenChars);
	}

	@Benchmark
	public Jwt nimbusJwtDecoder() {
		return this.nimbus.decode(this.token);
	}

	/**
	 * {@code trymellonCold}'s verifier with Amazon Corretto Crypto Provider checking the
	 * signature; a state of its own so that the other benchmarks run where the provider's
	 * native library does not load.
	 */
	@State(Scope.Benchmark)
	public static class NativeProvider {

		OfflineSessionTokenVerifier verifier;

		@Setup
		public void setUp(VerificationBenchmark benchmark) {
			AmazonCorrettoCryptoProvider provider = AmazonCorrettoCryptoProvider.INSTANCE;
			provider.assertHealthy();
			this.verifier = OfflineSessionTokenVerifier.withKeys(benchmark.keys)
				.issuer(ISSUER)
				.audiences(List.of(CLIENT_ID))
				.signatureProvider(provider)
				.build();
			this.verifier.verify(benchmark.token);
		}

	}

}
