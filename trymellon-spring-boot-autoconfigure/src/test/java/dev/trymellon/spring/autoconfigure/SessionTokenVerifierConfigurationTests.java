package dev.trymellon.spring.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.SessionTokenVerifier;
import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.testfixtures.StaticKeysConfiguration;
import dev.trymellon.spring.testfixtures.TestTokens;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The {@code trymellon.token.*} properties of the verifier, the session-id claims it
 * shares with revocation, and the plain-http JWKS warning.
 */
@ExtendWith(OutputCaptureExtension.class)
class SessionTokenVerifierConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TryMellonAutoConfiguration.class))
		.withUserConfiguration(StaticKeysConfiguration.class)
		.withPropertyValues("trymellon.client-id=" + TestTokens.CLIENT_ID);

	private static void assertRejected(ApplicationContext context, String token, TryMellonErrorCode code) {
		SessionTokenVerifier verifier = context.getBean(SessionTokenVerifier.class);
		assertThatExceptionOfType(SessionTokenException.class).isThrownBy(() -> verifier.verify(token))
			.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(code));
	}

	private static String tokenLasting(Duration lifetime) {
		Instant now = Instant.now();
		return TestTokens.token(now, (claims) -> claims.expirationTime(Date.from(now.plus(lifetime))));
	}

	@Test
	void maxLifetimeWhenDefaultThenTokensOverTwentyFourHoursAreRefused() {
		this.contextRunner.run((context) -> {
			assertRejected(context, tokenLasting(Duration.ofHours(24).plusSeconds(1)),
					TryMellonErrorCode.TOKEN_LIFETIME_TOO_LONG);
			assertThat(context.getBean(SessionTokenVerifier.class).verify(tokenLasting(Duration.ofHours(24)))
				.getUserId()).isEqualTo("user_123");
		});
	}

	@Test
	void maxLifetimeWhenSetThenUsed() {
		this.contextRunner.withPropertyValues("trymellon.token.max-lifetime=30m")
			.run((context) -> assertRejected(context, tokenLasting(Duration.ofMinutes(31)),
					TryMellonErrorCode.TOKEN_LIFETIME_TOO_LONG));
	}

	@ParameterizedTest
	@ValueSource(strings = { "0s", "-1h" })
	void maxLifetimeWhenNotPositiveThenStartupFails(String value) {
		this.contextRunner.withPropertyValues("trymellon.token.max-lifetime=" + value)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("trymellon.token.max-lifetime"));
	}

	@Test
	void expectedTypeWhenSetThenOtherAndMissingTypesAreRefused() {
		this.contextRunner.withPropertyValues("trymellon.token.expected-type=JWT").run((context) -> {
			assertRejected(context, TestTokens.token(Instant.now()), TryMellonErrorCode.TOKEN_TYPE_MISMATCH);
			assertRejected(context, typed("onboarding+jwt"), TryMellonErrorCode.TOKEN_TYPE_MISMATCH);
			assertThat(context.getBean(SessionTokenVerifier.class).verify(typed("JWT")).getUserId())
				.isEqualTo("user_123");
		});
	}

	@Test
	void expectedTypeWhenUnsetThenAnyTypeIsAccepted() {
		this.contextRunner.run((context) -> assertThat(
				context.getBean(SessionTokenVerifier.class).verify(typed("onboarding+jwt")).getUserId())
			.isEqualTo("user_123"));
	}

	@Test
	void expectedTypeWhenBlankThenStartupFails() {
		this.contextRunner.withPropertyValues("trymellon.token.expected-type= ")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("trymellon.token.expected-type"));
	}

	private static String typed(String type) {
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k_main")
			.type(new JOSEObjectType(type))
			.build();
		return TestTokens.sign(TestTokens.KEY, header, TestTokens.claims(Instant.now()).build());
	}

	@Test
	void requiredClaimsWhenSetThenATokenLackingOneIsMalformed() {
		this.contextRunner.withPropertyValues("trymellon.token.required-claims=tenant_id, external_user_id")
			.run((context) -> {
				assertRejected(context, TestTokens.token(Instant.now()), TryMellonErrorCode.TOKEN_MALFORMED);
				assertThat(context.getBean(SessionTokenVerifier.class)
					.verify(TestTokens.token(Instant.now(), (claims) -> claims.claim("external_user_id", "ext_1")))
					.getExternalUserId()).isEqualTo("ext_1");
			});
	}

	@Test
	void requiredClaimsWhenAnEntryIsEmptyThenStartupFails() {
		this.contextRunner.withPropertyValues("trymellon.token.required-claims=tenant_id,,app_id")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("trymellon.token.required-claims"));
	}

	@Test
	void sessionIdClaimsPropertyThenTheSessionIdIsReadFromThem() {
		this.contextRunner.withPropertyValues("trymellon.revocation.session-id-claims=tm_sid").run((context) -> {
			SessionTokenVerifier verifier = context.getBean(SessionTokenVerifier.class);
			assertThat(verifier
				.verify(TestTokens.token(Instant.now(), (claims) -> claims.claim("sid", "s_1").claim("tm_sid", "t_1")))
				.getSessionId()).isEqualTo("t_1");
			assertThat(verifier.verify(TestTokens.token(Instant.now(), (claims) -> claims.claim("sid", "s_1")))
				.getSessionId()).isNull();
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://keys.example.com/jwks.json", "http://10.0.0.7:8080/jwks.json",
			"http://127.0.0.1.example.com/jwks.json", "http://[::2]/jwks.json", "http://128.0.0.1/jwks.json",
			"HTTP://localhost.example.com/jwks.json" })
	void warnIfPlainHttpWhenOutsideLoopbackThenWarns(String uri, CapturedOutput output) {
		JwksUris.warnIfPlainHttp(URI.create(uri));
		assertThat(output).contains("TryMellon signing keys are fetched over plain http from")
			.contains(URI.create(uri).getHost());
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://keys.example.com/jwks.json", "http://localhost:8080/jwks.json",
			"http://LOCALHOST/jwks.json", "http://127.0.0.1:9/jwks.json", "http://127.255.3.4/jwks.json",
			"http://[::1]:8080/jwks.json", "http://[0:0:0:0:0:0:0:1]/jwks.json" })
	void warnIfPlainHttpWhenHttpsOrLoopbackThenSilent(String uri, CapturedOutput output) {
		JwksUris.warnIfPlainHttp(URI.create(uri));
		assertThat(output).doesNotContain("plain http");
	}

	@Test
	void jwksKeySourceWhenPlainHttpOnLoopbackThenNoWarning(CapturedOutput output) {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(TryMellonAutoConfiguration.class))
			.withPropertyValues("trymellon.client-id=" + TestTokens.CLIENT_ID,
					"trymellon.jwks.uri=http://127.0.0.1:9/.well-known/jwks.json")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).doesNotContain("plain http");
	}

}
