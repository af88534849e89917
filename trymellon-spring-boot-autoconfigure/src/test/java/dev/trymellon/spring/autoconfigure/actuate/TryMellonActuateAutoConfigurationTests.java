package dev.trymellon.spring.autoconfigure.actuate;

import java.time.Instant;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import dev.trymellon.spring.actuate.SessionTokenMetrics;
import dev.trymellon.spring.actuate.TryMellonJwksHealthIndicator;
import dev.trymellon.spring.autoconfigure.TryMellonAutoConfiguration;
import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.SessionTokenVerifier;
import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.testfixtures.StaticKeysConfiguration;
import dev.trymellon.spring.testfixtures.TestTokens;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TryMellonActuateAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TryMellonAutoConfiguration.class,
				TryMellonHealthContributorAutoConfiguration.class, TryMellonMetricsAutoConfiguration.class))
		.withPropertyValues("trymellon.client-id=" + TestTokens.CLIENT_ID);

	private final ApplicationContextRunner withStaticKeys = this.contextRunner.withUserConfiguration(StaticKeysConfiguration.class);

	private final ApplicationContextRunner withMetrics = this.contextRunner
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class));

	@Test
	void metricsWhenMeterRegistryPresentThenEveryOutcomeIsCountedByCode() {
		this.withMetrics.withUserConfiguration(StaticKeysConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(SessionTokenMetrics.class);
			SessionTokenVerifier verifier = context.getBean(SessionTokenVerifier.class);
			String token = TestTokens.token(Instant.now());
			verifier.verify(token);
			verifier.verify(token);
			assertThatExceptionOfType(SessionTokenException.class)
				.isThrownBy(() -> verifier.verify(TestTokens.token(Instant.now(), (claims) -> claims.audience("x"))));
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(count(registry, "valid", "none", "miss")).isEqualTo(1);
			assertThat(count(registry, "valid", "none", "hit")).isEqualTo(1);
			assertThat(count(registry, "rejected", "AUDIENCE_MISMATCH", "miss")).isEqualTo(1);
			assertThat(count(registry, "rejected", "SIGNATURE_INVALID", "miss")).isZero();
			assertThat(registry.get("trymellon.token.cache.size").gauge().value()).isEqualTo(1);
			assertThat(registry.get("trymellon.jwks.keys").gauge().value()).isEqualTo(1);
		});
	}

	@Test
	void metricsWhenKeysUnavailableThenCountedAsUnavailable() {
		this.withMetrics.withPropertyValues("trymellon.jwks.uri=http://127.0.0.1:9/jwks")
			.run((context) -> {
				SessionTokenVerifier verifier = context.getBean(SessionTokenVerifier.class);
				assertThatExceptionOfType(SessionTokenException.class)
					.isThrownBy(() -> verifier.verify(TestTokens.token(Instant.now())))
					.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(TryMellonErrorCode.KEYS_UNAVAILABLE));
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(count(registry, "unavailable", "KEYS_UNAVAILABLE", "miss")).isEqualTo(1);
				assertThat(registry.get("trymellon.jwks.fetches").tag("result", "failure").functionCounter().count())
					.isGreaterThanOrEqualTo(1);
			});
	}

	@Test
	void healthWhenRegisteredThenTheContributorIsNamedTrymellon() {
		this.withStaticKeys.withConfiguration(AutoConfigurations.of(HealthContributorRegistryAutoConfiguration.class))
			.run((context) -> {
				HealthContributorRegistry registry = context.getBean(HealthContributorRegistry.class);
				assertThat(registry.getContributor("trymellon")).isInstanceOf(TryMellonJwksHealthIndicator.class);
				assertThat(registry.getContributor("tryMellon")).isNull();
			});
	}

	@Test
	void metricsWhenNoMeterRegistryThenNoMetricsBean() {
		this.withStaticKeys.run((context) -> assertThat(context).doesNotHaveBean(SessionTokenMetrics.class));
	}

	@Test
	void metricsWhenMicrometerAbsentThenVerifierStillWorks() {
		this.withStaticKeys.withClassLoader(new FilteredClassLoader("io.micrometer")).run((context) -> {
			assertThat(context).doesNotHaveBean(SessionTokenMetrics.class);
			assertThat(context.getBean(SessionTokenVerifier.class).verify(TestTokens.token(Instant.now())).getUserId())
				.isEqualTo("user_123");
		});
	}

	@Test
	void healthWhenStaticKeysThenUp() {
		this.withStaticKeys.run((context) -> {
			Health health = context.getBean(TryMellonJwksHealthIndicator.class).health(true);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("keys", 1).containsEntry("source", "static");
		});
	}

	@Test
	void healthWhenJwksUnreachableThenDown() {
		this.contextRunner.withPropertyValues("trymellon.jwks.uri=http://127.0.0.1:9/jwks").run((context) -> {
			context.getBean(dev.trymellon.spring.session.offline.JwksKeySource.class).refreshNow();
			Health health = context.getBean(TryMellonJwksHealthIndicator.class).health(true);
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("keys", 0).containsEntry("lastFetchFailed", true);
			assertThat(health.getDetails().get("lastFailure")).asString().startsWith("connection refused");
		});
	}

	@Test
	@SuppressWarnings("unchecked")
	void healthWhenRevocationAndWebhookConfiguredThenTheIndicatorReportsThem() {
		new org.springframework.boot.test.context.runner.WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TryMellonAutoConfiguration.class,
					TryMellonHealthContributorAutoConfiguration.class,
					dev.trymellon.spring.autoconfigure.revocation.TryMellonRevocationAutoConfiguration.class,
					dev.trymellon.spring.autoconfigure.webhook.TryMellonWebhookAutoConfiguration.class))
			.withUserConfiguration(StaticKeysConfiguration.class)
			.withPropertyValues("trymellon.client-id=" + TestTokens.CLIENT_ID,
					"trymellon.webhook.signing-secrets=whsec_actuate_test_secret_0123456789",
					"trymellon.health.down-when-redis-unreachable=true")
			.run((context) -> {
				Health health = context.getBean(TryMellonJwksHealthIndicator.class).health(true);
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat((java.util.Map<String, Object>) health.getDetails().get("revocations"))
					.containsEntry("kind", "memory")
					.containsEntry("size", 0);
				assertThat((java.util.Map<String, Object>) health.getDetails().get("webhook"))
					.containsEntry("path", "/webhooks/trymellon")
					.containsEntry("lastAccepted", "never");
				assertThat(context.getBean(TryMellonHealthProperties.class).isDownWhenRedisUnreachable()).isTrue();
			});
	}

	@Test
	void healthWhenNoRevocationOrWebhookThenKeysOnly() {
		this.withStaticKeys.run((context) -> assertThat(
				context.getBean(TryMellonJwksHealthIndicator.class).health(true).getDetails())
			.doesNotContainKeys("revocations", "webhook"));
	}

	@Test
	void healthWhenDisabledThenNoIndicator() {
		this.withStaticKeys.withPropertyValues("management.health.trymellon.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TryMellonJwksHealthIndicator.class));
	}

	@Test
	void healthWhenHealthModuleAbsentThenNoIndicator() {
		this.withStaticKeys.withClassLoader(new FilteredClassLoader(org.springframework.boot.health.contributor.HealthIndicator.class))
			.run((context) -> assertThat(context).doesNotHaveBean(TryMellonJwksHealthIndicator.class));
	}

	private static double count(MeterRegistry registry, String outcome, String code, String cache) {
		return registry.get("trymellon.token.verifications")
			.tag("outcome", outcome)
			.tag("code", code)
			.tag("cache", cache)
			.counter()
			.count();
	}

}
