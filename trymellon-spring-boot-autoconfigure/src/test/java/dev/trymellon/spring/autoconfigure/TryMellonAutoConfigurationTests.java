package dev.trymellon.spring.autoconfigure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import com.nimbusds.jose.jwk.JWKSet;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.SessionTokenVerifier;
import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.session.offline.JwksKeySource;
import dev.trymellon.spring.session.offline.OfflineSessionTokenVerifier;
import dev.trymellon.spring.session.offline.VerifierInternals;
import dev.trymellon.spring.session.offline.VerifiedTokenCache;
import dev.trymellon.spring.testfixtures.StaticKeysConfiguration;
import dev.trymellon.spring.testfixtures.TestTokens;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.context.properties.source.MutuallyExclusiveConfigurationPropertiesException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class TryMellonAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TryMellonAutoConfiguration.class));

	/**
	 * Keys point at a closed local port: a started context fetches in the background,
	 * and tests never reach the internet.
	 */
	private static final String LOCAL_JWKS = "trymellon.jwks.uri=http://127.0.0.1:9/.well-known/jwks.json";

	private final ApplicationContextRunner configured = this.contextRunner
		.withPropertyValues("trymellon.client-id=" + TestTokens.CLIENT_ID, LOCAL_JWKS);

	@Test
	void defaultsWhenClientIdSetThenOneOfflineVerifierWithCache() {
		this.configured.run((context) -> {
			assertThat(context).hasSingleBean(SessionTokenVerifier.class);
			assertThat(context).hasSingleBean(OfflineSessionTokenVerifier.class);
			assertThat(context).hasSingleBean(VerifiedTokenCache.class);
			assertThat(VerifierInternals.cache(context.getBean(OfflineSessionTokenVerifier.class)))
				.isSameAs(context.getBean(VerifiedTokenCache.class));
			assertThat(context.getBean(JwksKeySource.class).status().uri())
				.isEqualTo(URI.create("http://127.0.0.1:9/.well-known/jwks.json"));
		});
	}

	@Test
	void jwksUriWhenNotSetThenDerivedFromTheDefaultApiBaseUrl() {
		assertThat(JwksUris.jwksUri(new TryMellonProperties()))
			.isEqualTo(URI.create("https://api.trymellonauth.com/.well-known/jwks.json"));
	}

	@Test
	void jwksUriWhenApiBaseUrlSetThenDerivedFromIt() {
		TryMellonProperties properties = new TryMellonProperties();
		properties.setApiBaseUrl(URI.create("https://api.example.test/"));
		assertThat(JwksUris.jwksUri(properties))
			.isEqualTo(URI.create("https://api.example.test/.well-known/jwks.json"));
	}

	@Test
	void autoConfigurationWhenNoWebOrSecurityOrMicrometerClassesThenVerifierStillConfigured() {
		this.configured
			.withClassLoader(new FilteredClassLoader("jakarta.servlet", "org.springframework.security",
					"org.springframework.web", "io.micrometer", "org.springframework.data.redis"))
			.run((context) -> assertThat(context).hasSingleBean(SessionTokenVerifier.class));
	}

	@Test
	void verifierWhenUserDefinesOneThenTheWholeOfflineStackBacksOff() {
		this.configured.withUserConfiguration(UserVerifierConfig.class).run((context) -> {
			assertThat(context).hasSingleBean(SessionTokenVerifier.class);
			assertThat(context).doesNotHaveBean(OfflineSessionTokenVerifier.class);
			assertThat(context).doesNotHaveBean(JwksKeySource.class);
			assertThat(context).doesNotHaveBean(VerifiedTokenCache.class);
		});
	}

	@Test
	void verifierWhenUserDefinesOneThenClientIdIsNotRequired() {
		this.contextRunner.withUserConfiguration(UserVerifierConfig.class)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void startupWhenNoClientIdThenFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues(LOCAL_JWKS).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("trymellon.client-id");
		});
	}

	@Test
	void startupWhenOnlyAudiencesSetThenStarts() {
		this.contextRunner.withPropertyValues("trymellon.audiences=client_a,client_b", LOCAL_JWKS)
			.run((context) -> assertThat(context).hasSingleBean(SessionTokenVerifier.class));
	}

	@Test
	void startupWhenAudienceCheckExplicitlyOffThenStartsWithoutClientId() {
		this.contextRunner.withPropertyValues("trymellon.audience-check=false", LOCAL_JWKS)
			.run((context) -> assertThat(context).hasSingleBean(SessionTokenVerifier.class));
	}

	@Test
	void cacheWhenDisabledThenNoCacheBean() {
		this.configured.withPropertyValues("trymellon.token.cache.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(VerifiedTokenCache.class);
			assertThat(VerifierInternals.cache(context.getBean(OfflineSessionTokenVerifier.class))).isNull();
		});
	}

	@Test
	void keysWhenKeySourceBeanThenItIsUsed() {
		this.configured.withUserConfiguration(StaticKeysConfiguration.class).run((context) -> {
			JwksKeySource keys = context.getBean(JwksKeySource.class);
			assertThat(keys.status().isStatic()).isTrue();
			assertThat(context.getBean(SessionTokenVerifier.class).verify(TestTokens.token(Instant.now())).getKeyId())
				.isEqualTo("k_main");
		});
	}

	@Test
	void keysWhenAJwkSetBeanServesAnotherPurposeThenItIsNotTryMellonsKeys() {
		// An authorization server's own JWKSet bean must not become TryMellon's keys: a
		// token signed with it is checked against the configured JWKS URL, unreachable here.
		this.configured.withPropertyValues("trymellon.jwks.uri=http://127.0.0.1:9/jwks")
			.withBean("authorizationServerKeys", JWKSet.class, () -> TestTokens.publicJwkSet(TestTokens.KEY))
			.run((context) -> {
				assertThat(context.getBean(JwksKeySource.class).status().isStatic()).isFalse();
				assertThatExceptionOfType(SessionTokenException.class)
					.isThrownBy(() -> context.getBean(SessionTokenVerifier.class).verify(TestTokens.token(Instant.now())))
					.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(TryMellonErrorCode.KEYS_UNAVAILABLE));
			});
	}

	@Test
	void keysWhenLocationSetThenLoadedFromTheResource() {
		this.contextRunner
			.withPropertyValues("trymellon.client-id=" + TestTokens.CLIENT_ID,
					"trymellon.jwks.location=classpath:test-jwks.json")
			.run((context) -> {
			JwksKeySource keys = context.getBean(JwksKeySource.class);
			assertThat(keys.status().isStatic()).isTrue();
			assertThat(keys.status().keys()).isEqualTo(1);
		});
	}

	@Test
	void keysWhenLocationUnreadableThenFailsNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("trymellon.client-id=" + TestTokens.CLIENT_ID,
					"trymellon.jwks.location=classpath:missing-jwks.json")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("trymellon.jwks.location")
				.hasMessageContaining("Cannot read a JWKS document"));
	}

	@Test
	void keysWhenUriAndLocationBothSetThenFails() {
		this.configured
			.withPropertyValues("trymellon.jwks.uri=https://keys.example.test/jwks",
					"trymellon.jwks.location=classpath:test-jwks.json")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(MutuallyExclusiveConfigurationPropertiesException.class)
				.hasMessageContaining("trymellon.jwks.uri")
				.hasMessageContaining("trymellon.jwks.location"));
	}

	@Test
	void startupWhenInvalidPropertyThenFailsNamingIt() {
		assertFailsNaming("trymellon.token.clock-skew", "trymellon.token.clock-skew=-5s");
		assertFailsNaming("trymellon.token.algorithms", "trymellon.token.algorithms=");
		assertFailsNaming("trymellon.token.algorithms", "trymellon.token.algorithms=none");
		assertFailsNaming("trymellon.token.algorithms", "trymellon.token.algorithms=RS256,HS256");
		assertFailsNaming("trymellon.token.algorithms", "trymellon.token.algorithms=XX999");
		assertFailsNaming("trymellon.token.max-length", "trymellon.token.max-length=0");
		assertFailsNaming("trymellon.token.cache.max-size", "trymellon.token.cache.max-size=0");
		assertFailsNaming("trymellon.jwks.uri", "trymellon.jwks.uri=ftp://keys.example.test/jwks");
		assertFailsNaming("trymellon.jwks.uri", "trymellon.jwks.uri=/relative/jwks.json");
		assertFailsNaming("trymellon.api-base-url", "trymellon.api-base-url=not a url");
		assertFailsNaming("trymellon.jwks.ttl", "trymellon.jwks.ttl=0s");
		assertFailsNaming("trymellon.jwks.refresh-cooldown", "trymellon.jwks.refresh-cooldown=-1s");
		assertFailsNaming("trymellon.jwks.connect-timeout", "trymellon.jwks.connect-timeout=0ms");
		assertFailsNaming("trymellon.issuer", "trymellon.issuer= ");
		assertFailsNaming("trymellon.jwks.refresh-ahead", "trymellon.jwks.refresh-ahead=-1s");
		assertFailsNaming("trymellon.jwks.max-stale", "trymellon.jwks.max-stale=-1s");
		assertFailsNaming("trymellon.jwks.read-timeout", "trymellon.jwks.read-timeout=0s");
		assertFailsNaming("trymellon.jwks.max-size", "trymellon.jwks.max-size=0");
		assertFailsNaming("trymellon.jwks.max-size", "trymellon.jwks.max-size=4GB");
		assertFailsNaming("trymellon.token.max-lifetime", "trymellon.token.max-lifetime=0s");
	}

	private void assertFailsNaming(String property, String... properties) {
		this.configured.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			assertThat(failure).as(properties[0]).hasStackTraceContaining(property);
		});
	}

	@Test
	void requireOnStartupWhenJwksUnreachableThenFailsWithAnalysis() throws IOException {
		URI closed = TestTokens.unreachableJwksUri();
		this.configured
			.withPropertyValues("trymellon.jwks.uri=" + closed, "trymellon.jwks.require-on-startup=true",
					"trymellon.jwks.connect-timeout=500ms")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause().isInstanceOf(JwksUnavailableException.class);
				FailureAnalysis analysis = new JwksUnavailableFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains(closed.toString());
				assertThat(analysis.getDescription()).contains(": connection refused");
				assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("(connection refused)");
				assertThat(analysis.getAction()).contains("trymellon.jwks.require-on-startup=false");
			});
	}

	@Test
	void requireOnStartupWhenJwksAnswersAnErrorThenTheFailureNamesTheStatus() throws IOException {
		try (MockWebServer server = new MockWebServer()) {
			server.start(InetAddress.getByName("127.0.0.1"), 0);
			server.enqueue(new MockResponse.Builder().code(503).build());
			this.configured
				.withPropertyValues("trymellon.jwks.uri=" + server.url("/jwks"), "trymellon.jwks.require-on-startup=true")
				.run((context) -> {
					FailureAnalysis analysis = new JwksUnavailableFailureAnalyzer()
						.analyze(context.getStartupFailure());
					assertThat(analysis.getDescription()).contains(server.url("/jwks") + ": HTTP status 503");
				});
		}
	}

	@Test
	void keysWhenContextRunsThenTheBackgroundRefreshStartsAndStopsWithIt() throws IOException {
		try (MockWebServer server = new MockWebServer()) {
			server.start(InetAddress.getByName("127.0.0.1"), 0);
			server.enqueue(new MockResponse.Builder().code(200).body(TestTokens.jwks(TestTokens.KEY)).build());
			this.configured.withPropertyValues("trymellon.jwks.uri=" + server.url("/jwks")).run((context) -> {
				JwksKeySource keys = context.getBean(JwksKeySource.class);
				assertThat(keys.isRunning()).isTrue();
				await().atMost(Duration.ofSeconds(5)).until(() -> keys.status().keys() == 1);
				assertThat(server.getRequestCount()).isEqualTo(1);
				context.close();
				assertThat(keys.isRunning()).isFalse();
			});
		}
	}

	@Test
	void requireOnStartupWhenJwksReachableThenStartsWithKeys() throws IOException {
		try (MockWebServer server = new MockWebServer()) {
			server.start(InetAddress.getByName("127.0.0.1"), 0);
			server.enqueue(new MockResponse.Builder().code(200).body(TestTokens.jwks(TestTokens.KEY)).build());
			this.configured
				.withPropertyValues("trymellon.jwks.uri=" + server.url("/jwks"),
						"trymellon.jwks.require-on-startup=true")
				.run((context) -> assertThat(context.getBean(JwksKeySource.class).status().keys()).isEqualTo(1));
		}
	}

	@Test
	void startupWhenJwksUnreachableThenStartsAndReportsKeysUnavailable() throws IOException {
		URI closed = TestTokens.unreachableJwksUri();
		this.configured.withPropertyValues("trymellon.jwks.uri=" + closed).run((context) -> {
			assertThat(context).hasNotFailed();
			SessionTokenVerifier verifier = context.getBean(SessionTokenVerifier.class);
			assertThatExceptionOfType(SessionTokenException.class)
				.isThrownBy(() -> verifier.verify(TestTokens.token(Instant.now())))
				.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(TryMellonErrorCode.KEYS_UNAVAILABLE));
		});
	}

	@Test
	void verifierWhenJwksServedLocallyThenVerifiesRealTokensEndToEnd() throws IOException {
		try (MockWebServer server = new MockWebServer()) {
			server.start(InetAddress.getByName("127.0.0.1"), 0);
			server.enqueue(new MockResponse.Builder().code(200).body(TestTokens.jwks(TestTokens.KEY)).build());
			this.configured.withPropertyValues("trymellon.jwks.uri=" + server.url("/jwks"), "trymellon.app-id=app_1")
				.run((context) -> {
					SessionTokenVerifier verifier = context.getBean(SessionTokenVerifier.class);
					assertThat(verifier.verify(TestTokens.token(Instant.now())).getUserId()).isEqualTo("user_123");
					assertThatExceptionOfType(SessionTokenException.class)
						.isThrownBy(() -> verifier
							.verify(TestTokens.token(Instant.now(), (claims) -> claims.claim("app_id", "app_2"))))
						.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(TryMellonErrorCode.APP_ID_MISMATCH));
				});
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class UserVerifierConfig {

		@Bean
		SessionTokenVerifier myVerifier() {
			return (token) -> {
				throw new SessionTokenException(TryMellonErrorCode.TOKEN_MALFORMED, "custom");
			};
		}

	}

}
