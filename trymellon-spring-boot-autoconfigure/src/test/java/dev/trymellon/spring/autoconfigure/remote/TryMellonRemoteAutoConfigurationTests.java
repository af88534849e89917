package dev.trymellon.spring.autoconfigure.remote;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.trymellon.spring.actuate.RemoteCallMetrics;
import dev.trymellon.spring.actuate.TryMellonApiHealthIndicator;
import dev.trymellon.spring.autoconfigure.TryMellonAutoConfiguration;
import dev.trymellon.spring.autoconfigure.actuate.TryMellonApiHealthContributorAutoConfiguration;
import dev.trymellon.spring.autoconfigure.actuate.TryMellonRemoteMetricsAutoConfiguration;
import dev.trymellon.spring.autoconfigure.revocation.TryMellonRevocationAutoConfiguration;
import dev.trymellon.spring.remote.HybridSessionTokenVerifier;
import dev.trymellon.spring.remote.RemoteSessionChecker;
import dev.trymellon.spring.remote.RemoteSessionTokenVerifier;
import dev.trymellon.spring.remote.TryMellonApiClient;
import dev.trymellon.spring.revocation.RevocationStore;
import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.SessionTokenVerifier;
import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.session.offline.JwksKeySource;
import dev.trymellon.spring.session.offline.OfflineSessionTokenVerifier;
import dev.trymellon.spring.testfixtures.StaticKeysConfiguration;
import dev.trymellon.spring.testfixtures.TestTokens;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.micrometer.core.instrument.MeterRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TryMellonRemoteAutoConfigurationTests {

	private static final String VALID = """
			{"ok":true,"data":{"valid":true,"user_id":"user_123","external_user_id":null,\
			"tenant_id":"tenant_1","app_id":"app_1"}}""";

	private MockWebServer server;

	private ApplicationContextRunner contextRunner;

	@BeforeEach
	void start() throws IOException {
		this.server = new MockWebServer();
		this.server.start(InetAddress.getByName("127.0.0.1"), 0);
		this.contextRunner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(HttpClientAutoConfiguration.class,
					RestClientAutoConfiguration.class, TryMellonRemoteAutoConfiguration.class,
					TryMellonAutoConfiguration.class, TryMellonRevocationAutoConfiguration.class,
					TryMellonHybridAutoConfiguration.class))
			.withPropertyValues("trymellon.client-id=" + TestTokens.CLIENT_ID,
					"trymellon.api-base-url=" + this.server.url("/"), "trymellon.remote.max-retries=0");
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	private static MockResponse json(String body) {
		return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
	}

	@Test
	void offlineModeKeepsTheOfflineVerifierAndOffersOnlineChecks() {
		this.contextRunner.withUserConfiguration(StaticKeysConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(SessionTokenVerifier.class);
			assertThat(context).hasSingleBean(OfflineSessionTokenVerifier.class);
			assertThat(context).hasSingleBean(TryMellonApiClient.class);
			assertThat(context).hasSingleBean(RemoteSessionChecker.class);
			assertThat(this.server.getRequestCount()).isZero();
		});
	}

	@Test
	void remoteModeReplacesTheOfflineVerifierAndFetchesNoKeys() {
		this.server.enqueue(json(VALID));
		this.contextRunner.withPropertyValues("trymellon.validation.mode=remote", "trymellon.app-id=app_1")
			.run((context) -> {
				assertThat(context).hasSingleBean(SessionTokenVerifier.class);
				assertThat(context.getBean(SessionTokenVerifier.class)).isInstanceOf(RemoteSessionTokenVerifier.class);
				assertThat(context).doesNotHaveBean(JwksKeySource.class);
				assertThat(context.getBean(SessionTokenVerifier.class).verify("not-a-jwt").getUserId())
					.isEqualTo("user_123");
				assertThat(this.server.takeRequest().getTarget()).isEqualTo("/v1/sessions/validate");
			});
	}

	@Test
	void remoteModeIsCaseInsensitive() {
		this.contextRunner.withPropertyValues("trymellon.validation.mode=REMOTE", "trymellon.app-id=app_1")
			.run((context) -> assertThat(context.getBean(SessionTokenVerifier.class))
				.isInstanceOf(RemoteSessionTokenVerifier.class));
	}

	@Test
	void remoteModeWithoutAnAppIdFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("trymellon.validation.mode=remote").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("trymellon.app-id")
				.hasMessageContaining("trymellon.validation.mode");
		});
	}

	@Test
	void hybridModeWithoutAnAppIdFailsNamingTheProperty() {
		this.contextRunner.withUserConfiguration(StaticKeysConfiguration.class)
			.withPropertyValues("trymellon.validation.mode=hybrid")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("trymellon.app-id");
			});
	}

	@Test
	void introspectionWithoutAClientSecretFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("trymellon.remote.endpoint=introspect").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("trymellon.client-secret");
		});
	}

	@Test
	void remoteModeWithoutRestClientFailsNamingTheDependency() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.web.client"))
			.withPropertyValues("trymellon.validation.mode=remote", "trymellon.app-id=app_1")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("spring-boot-starter-restclient");
			});
	}

	@Test
	void offlineModeWithoutRestClientStillStarts() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.web.client"))
			.withUserConfiguration(StaticKeysConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(TryMellonApiClient.class);
				assertThat(context).hasSingleBean(OfflineSessionTokenVerifier.class);
			});
	}

	@Test
	void hybridModeReChecksOnlyTokensCaughtByTheFailSafeRule() {
		this.server.enqueue(json(VALID));
		this.contextRunner.withUserConfiguration(StaticKeysConfiguration.class)
			.withPropertyValues("trymellon.validation.mode=hybrid", "trymellon.app-id=app_1")
			.run((context) -> {
				SessionTokenVerifier verifier = context.getBean(SessionTokenVerifier.class);
				assertThat(verifier).isInstanceOf(HybridSessionTokenVerifier.class);
				Instant now = Instant.now();
				String plain = TestTokens.token(now.minusSeconds(60));
				String exact = TestTokens.token(now.minusSeconds(60), (claims) -> claims.claim("sid", "sess_gone"));
				context.getBean(RevocationStore.class)
					.revokeSession("sess_gone", "user_123", now, now.plus(Duration.ofHours(25)));
				assertThat(verifier.verify(plain).getUserId()).isEqualTo("user_123");
				assertThat(this.server.getRequestCount()).isEqualTo(1);
				assertThatExceptionOfType(SessionTokenException.class).isThrownBy(() -> verifier.verify(exact))
					.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(TryMellonErrorCode.SESSION_REVOKED));
				// the offline verifier alone, as in offline mode, would refuse both
				assertThat(this.server.getRequestCount()).isEqualTo(1);
			});
	}

	@Test
	void offlineModeKeepsRefusingTokensCaughtByTheFailSafeRule() {
		this.contextRunner.withUserConfiguration(StaticKeysConfiguration.class).run((context) -> {
			Instant now = Instant.now();
			context.getBean(RevocationStore.class)
				.revokeSession("sess_gone", "user_123", now, now.plus(Duration.ofHours(25)));
			assertThatExceptionOfType(SessionTokenException.class)
				.isThrownBy(() -> context.getBean(SessionTokenVerifier.class)
					.verify(TestTokens.token(now.minusSeconds(60))))
				.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(TryMellonErrorCode.SESSION_REVOKED));
			assertThat(this.server.getRequestCount()).isZero();
		});
	}

	@Test
	void metricsCountCallsByOutcomeAndHealthShowsTheLastKnownState() {
		this.server.enqueue(json(VALID));
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
					TryMellonRemoteMetricsAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class,
					TryMellonApiHealthContributorAutoConfiguration.class))
			.withPropertyValues("trymellon.validation.mode=remote", "trymellon.app-id=app_1")
			.run((context) -> {
				assertThat(context).hasSingleBean(RemoteCallMetrics.class);
				TryMellonApiHealthIndicator health = (TryMellonApiHealthIndicator) context
					.getBean(HealthContributorRegistry.class)
					.getContributor("trymellonApi");
				assertThat(health.health(true).getStatus()).isEqualTo(Status.UNKNOWN);
				assertThat(this.server.getRequestCount()).isZero();
				context.getBean(SessionTokenVerifier.class).verify("token-1");
				context.getBean(SessionTokenVerifier.class).verify("token-1");
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("trymellon.remote.calls").tag("endpoint", "validate").tag("outcome", "valid")
					.timer()
					.count()).isEqualTo(1);
				assertThat(registry.get("trymellon.remote.cache").tag("result", "hit").counter().count())
					.isEqualTo(1);
				assertThat(registry.get("trymellon.remote.calls").tag("outcome", "unavailable").timer().count())
					.isZero();
				assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);
				assertThat(health.health(true).getDetails()).containsEntry("lastOutcome", "VALID");
				assertThat(this.server.getRequestCount()).isEqualTo(1);
			});
	}

}
