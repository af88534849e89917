package dev.trymellon.spring.session.offline;

import java.security.Provider;
import java.security.Security;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.testfixtures.MutableClock;
import dev.trymellon.spring.testfixtures.TestSignatureProviders;
import dev.trymellon.spring.testfixtures.TestTokens;

import static dev.trymellon.spring.testfixtures.TestTokens.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The verifier's own JCA provider: used for every signature it checks, checked before
 * use, never registered with the JVM.
 */
class SignatureProviderTests {

	private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

	private final MutableClock clock = new MutableClock(NOW);

	private final JwksKeySource keys = JwksKeySource.fromJwkSet(TestTokens.publicJwkSet(KEY), Set.of(JWSAlgorithm.RS256));

	private final List<String> registeredBefore = TestSignatureProviders.registered();

	private OfflineSessionTokenVerifier.Builder builder() {
		return OfflineSessionTokenVerifier.withKeys(this.keys)
			.issuer(TestTokens.ISSUER)
			.audiences(List.of(TestTokens.CLIENT_ID))
			.clock(this.clock);
	}

	@BeforeEach
	void resetCount() {
		TestSignatureProviders.Counting.SIGNATURES.set(0);
	}

	@Test
	void signatureProviderVerifiesEveryFreshToken() {
		OfflineSessionTokenVerifier verifier = builder().signatureProvider(new TestSignatureProviders.Counting())
			.build();
		TestSignatureProviders.Counting.SIGNATURES.set(0);
		assertThat(verifier.verify(TestTokens.token(NOW)).getUserId()).isEqualTo("user_123");
		assertThat(TestSignatureProviders.Counting.SIGNATURES).hasValue(1);
		verifier.verify(TestTokens.token(NOW, (claims) -> claims.subject("user_456")));
		assertThat(TestSignatureProviders.Counting.SIGNATURES).hasValue(2);
		assertThat(VerifierInternals.signatureProvider(verifier)).isInstanceOf(TestSignatureProviders.Counting.class);
	}

	@Test
	void signatureProviderIsNotAskedOnACacheHit() {
		OfflineSessionTokenVerifier verifier = builder().signatureProvider(new TestSignatureProviders.Counting())
			.cache(new VerifiedTokenCache(10))
			.build();
		TestSignatureProviders.Counting.SIGNATURES.set(0);
		String token = TestTokens.token(NOW);
		verifier.verify(token);
		verifier.verify(token);
		assertThat(TestSignatureProviders.Counting.SIGNATURES).hasValue(1);
	}

	@Test
	void signatureProviderRefusesAForgedSignature() {
		OfflineSessionTokenVerifier verifier = builder().signatureProvider(new TestSignatureProviders.Counting())
			.build();
		TestSignatureProviders.Counting.SIGNATURES.set(0);
		String forged = TestTokens.sign(TestTokens.ATTACKER_KEY,
				new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY.getKeyID()).build(),
				TestTokens.claims(NOW).build());
		assertThatExceptionOfType(SessionTokenException.class).isThrownBy(() -> verifier.verify(forged))
			.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(TryMellonErrorCode.SIGNATURE_INVALID));
		assertThat(TestSignatureProviders.Counting.SIGNATURES).hasValue(1);
	}

	@Test
	void defaultIsTheJdksProviders() {
		OfflineSessionTokenVerifier verifier = builder().build();
		assertThat(VerifierInternals.signatureProvider(verifier)).isNull();
		assertThat(verifier.verify(TestTokens.token(NOW)).getUserId()).isEqualTo("user_123");
		assertThat(TestSignatureProviders.Counting.SIGNATURES).hasValue(0);
	}

	@Test
	void signatureProviderIsNeverRegisteredWithTheJvm() {
		OfflineSessionTokenVerifier verifier = builder().signatureProvider(new TestSignatureProviders.Counting())
			.build();
		verifier.verify(TestTokens.token(NOW));
		assertThat(Security.getProvider(TestSignatureProviders.Counting.NAME)).isNull();
		assertThat(TestSignatureProviders.registered()).isEqualTo(this.registeredBefore);
	}

	@Test
	void buildWhenProviderLacksTheSignatureThenFailsNamingIt() {
		OfflineSessionTokenVerifier.Builder builder = builder().signatureProvider(new TestSignatureProviders.Empty());
		assertThatIllegalArgumentException().isThrownBy(builder::build)
			.withMessage("JCA provider 'TryMellonTestEmpty' cannot verify RS256 signatures: "
					+ "it has no Signature SHA256withRSA");
	}

	@Test
	void buildWhenProviderRefusesTheKnownSignatureThenFails() {
		OfflineSessionTokenVerifier.Builder builder = builder()
			.signatureProvider(new TestSignatureProviders.NeverValid());
		assertThatIllegalArgumentException().isThrownBy(builder::build)
			.withMessage("JCA provider 'TryMellonTestNeverValid' cannot verify RS256 signatures: "
					+ "it refused a valid signature");
	}

	@Test
	void buildWhenProviderAcceptsAWrongSignatureThenFails() {
		OfflineSessionTokenVerifier.Builder builder = builder()
			.signatureProvider(new TestSignatureProviders.AlwaysValid());
		assertThatIllegalArgumentException().isThrownBy(builder::build)
			.withMessage("JCA provider 'TryMellonTestAlwaysValid' cannot verify RS256 signatures: "
					+ "it accepted a signature of other bytes");
	}

	@Test
	void buildWhenProviderLacksAnotherAllowedAlgorithmThenFailsNamingIt() {
		OfflineSessionTokenVerifier.Builder rsa = builder().algorithms(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS512))
			.signatureProvider(new TestSignatureProviders.Counting());
		assertThatIllegalArgumentException().isThrownBy(rsa::build)
			.withMessage("JCA provider 'TryMellonTestCounting' cannot verify RS512 signatures: "
					+ "it has no Signature SHA512withRSA");
		OfflineSessionTokenVerifier.Builder ec = builder().algorithms(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256))
			.signatureProvider(new TestSignatureProviders.Counting());
		assertThatIllegalArgumentException().isThrownBy(ec::build)
			.withMessage("JCA provider 'TryMellonTestCounting' cannot verify ES256 signatures: "
					+ "it has no Signature SHA256withECDSA");
	}

	@Test
	void keyIsGivenAsItIsToAProviderWithoutAKeyFactory() throws Exception {
		java.security.PublicKey key = KEY.toRSAPublicKey();
		assertThat(SignatureProviders.translated(key, new TestSignatureProviders.Counting())).isSameAs(key);
	}

	@Test
	void keyIsTranslatedOnceIntoTheProvidersOwnKey() throws Exception {
		java.security.interfaces.RSAPublicKey key = KEY.toRSAPublicKey();
		java.security.PublicKey translated = SignatureProviders.translated(key, Security.getProvider("SunRsaSign"));
		assertThat(translated).isInstanceOfSatisfying(java.security.interfaces.RSAPublicKey.class, (rsa) -> {
			assertThat(rsa.getModulus()).isEqualTo(key.getModulus());
			assertThat(rsa.getPublicExponent()).isEqualTo(key.getPublicExponent());
		});
	}

	@Test
	void buildWithAFullProviderAcceptsEveryAlgorithm() {
		Provider sunRsaSign = Security.getProvider("SunRsaSign");
		OfflineSessionTokenVerifier verifier = builder()
			.algorithms(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512, JWSAlgorithm.PS256))
			.signatureProvider(sunRsaSign)
			.build();
		assertThat(verifier.verify(TestTokens.token(NOW)).getUserId()).isEqualTo("user_123");
	}

}
