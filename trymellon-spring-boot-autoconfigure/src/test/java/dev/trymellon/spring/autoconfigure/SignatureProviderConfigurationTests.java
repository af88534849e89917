package dev.trymellon.spring.autoconfigure;

import java.security.Security;
import java.time.Instant;
import java.util.List;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.SessionTokenVerifier;
import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.session.offline.OfflineSessionTokenVerifier;
import dev.trymellon.spring.session.offline.VerifierInternals;
import dev.trymellon.spring.testfixtures.StaticKeysConfiguration;
import dev.trymellon.spring.testfixtures.TestSignatureProviders;
import dev.trymellon.spring.testfixtures.TestTokens;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code trymellon.token.signature-provider}: the provider it names verifies every token
 * signature, found registered or on the classpath, never registered by the starter; a
 * name that finds nothing, or a provider that does not verify, stops the startup.
 */
@ExtendWith(OutputCaptureExtension.class)
class SignatureProviderConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TryMellonAutoConfiguration.class))
		.withUserConfiguration(StaticKeysConfiguration.class)
		.withPropertyValues("trymellon.client-id=" + TestTokens.CLIENT_ID);

	private final List<String> registeredBefore = TestSignatureProviders.registered();

	@BeforeEach
	void resetCount() {
		TestSignatureProviders.Counting.SIGNATURES.set(0);
	}

	private static OfflineSessionTokenVerifier verifier(ApplicationContext context) {
		return context.getBean(OfflineSessionTokenVerifier.class);
	}

	private static String forged() {
		return TestTokens.sign(TestTokens.ATTACKER_KEY,
				new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(TestTokens.KEY.getKeyID()).build(),
				TestTokens.claims(Instant.now()).build());
	}

	private static void assertSignatureInvalid(ApplicationContext context, String token) {
		SessionTokenVerifier verifier = context.getBean(SessionTokenVerifier.class);
		assertThatExceptionOfType(SessionTokenException.class).isThrownBy(() -> verifier.verify(token))
			.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(TryMellonErrorCode.SIGNATURE_INVALID));
	}

	@Test
	void defaultVerifiesWithTheJdksProviders() {
		this.contextRunner.run((context) -> {
			assertThat(VerifierInternals.signatureProvider(verifier(context))).isNull();
			assertThat(verifier(context).verify(TestTokens.token(Instant.now())).getUserId()).isEqualTo("user_123");
			assertThat(TestSignatureProviders.Counting.SIGNATURES).hasValue(0);
		});
	}

	@Test
	void providerOnTheClasspathVerifiesEveryFreshTokenAndIsNotRegistered(CapturedOutput output) {
		this.contextRunner.withPropertyValues("trymellon.token.signature-provider=" + TestSignatureProviders.Counting.NAME)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(VerifierInternals.signatureProvider(verifier(context)))
					.isInstanceOf(TestSignatureProviders.Counting.class);
				int afterStartup = TestSignatureProviders.Counting.SIGNATURES.get();
				assertThat(afterStartup).as("the startup check verified with it").isPositive();
				assertThat(verifier(context).verify(TestTokens.token(Instant.now())).getUserId())
					.isEqualTo("user_123");
				assertThat(TestSignatureProviders.Counting.SIGNATURES).hasValue(afterStartup + 1);
				assertSignatureInvalid(context, forged());
				assertThat(TestSignatureProviders.Counting.SIGNATURES).hasValue(afterStartup + 2);
				assertThat(Security.getProvider(TestSignatureProviders.Counting.NAME)).isNull();
				assertThat(TestSignatureProviders.registered()).isEqualTo(this.registeredBefore);
			});
		assertThat(output).contains("JCA provider 'TryMellonTestCounting' 1.0");
	}

	@Test
	void registeredProviderIsFoundByName() {
		this.contextRunner.withPropertyValues("trymellon.token.signature-provider= SunRsaSign ").run((context) -> {
			assertThat(VerifierInternals.signatureProvider(verifier(context)))
				.isSameAs(Security.getProvider("SunRsaSign"));
			assertThat(verifier(context).verify(TestTokens.token(Instant.now())).getUserId()).isEqualTo("user_123");
			assertSignatureInvalid(context, forged());
		});
	}

	@Test
	void absentProviderStopsTheStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("trymellon.token.signature-provider=NoSuchProvider").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, (ex) -> {
					assertThat(ex.getName()).isEqualTo("trymellon.token.signature-provider");
					assertThat(ex.getValue()).isEqualTo("NoSuchProvider");
					assertThat(ex.getReason()).isEqualTo("No JCA provider of this name is registered with the JVM "
							+ "or on the classpath (as a java.security.Provider service)");
				});
			assertThat(TryMellonPropertyFixes.forProperty("trymellon.token.signature-provider"))
				.contains("Provider.getName()")
				.contains("software.amazon.cryptools:AmazonCorrettoCryptoProvider")
				.contains("remove the property");
		});
	}

	@Test
	void blankNameStopsTheStartup() {
		this.contextRunner.withPropertyValues("trymellon.token.signature-provider= ").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, (ex) -> {
					assertThat(ex.getName()).isEqualTo("trymellon.token.signature-provider");
					assertThat(ex.getReason()).startsWith("Must name a JCA provider");
				});
		});
	}

	@Test
	void providerThatDoesNotVerifyStopsTheStartup() {
		this.contextRunner
			.withPropertyValues("trymellon.token.signature-provider=" + TestSignatureProviders.AlwaysValid.NAME)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, (ex) -> {
						assertThat(ex.getName()).isEqualTo("trymellon.token.signature-provider");
						assertThat(ex.getValue()).isEqualTo(TestSignatureProviders.AlwaysValid.NAME);
						assertThat(ex.getReason()).isEqualTo("JCA provider 'TryMellonTestAlwaysValid' cannot verify "
								+ "RS256 signatures: it accepted a signature of other bytes");
					});
			});
		assertThat(TestSignatureProviders.registered()).isEqualTo(this.registeredBefore);
	}

	@Test
	void amazonCorrettoCryptoProviderVerifiesRealTokens() {
		Throwable loadingError = AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError();
		assumeTrue(loadingError == null,
				() -> "Amazon Corretto Crypto Provider's native library does not load here: " + loadingError);
		this.contextRunner.withPropertyValues("trymellon.token.signature-provider=AmazonCorrettoCryptoProvider")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(VerifierInternals.signatureProvider(verifier(context)))
					.isInstanceOf(AmazonCorrettoCryptoProvider.class);
				for (int i = 0; i < 20; i++) {
					String userId = "user_" + i;
					String token = TestTokens.token(Instant.now(), (claims) -> claims.subject(userId));
					assertThat(verifier(context).verify(token).getUserId()).isEqualTo(userId);
				}
				assertSignatureInvalid(context, forged());
				assertThat(Security.getProvider("AmazonCorrettoCryptoProvider")).isNull();
				assertThat(TestSignatureProviders.registered()).isEqualTo(this.registeredBefore);
			});
	}

}
