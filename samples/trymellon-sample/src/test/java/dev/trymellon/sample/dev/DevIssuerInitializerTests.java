package dev.trymellon.sample.dev;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.util.JSONObjectUtils;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.trymellon.spring.test.TryMellonTestIssuer;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DevIssuerInitializerTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withInitializer(new DevIssuerInitializer());

	@Test
	void startsByDefaultAndPointsTheStarterAtIt() {
		this.runner.run((context) -> {
			TryMellonTestIssuer issuer = context.getBean(TryMellonTestIssuer.class);
			assertThat(context.getBeansOfType(TryMellonTestIssuer.class)).containsOnlyKeys(DevIssuerInitializer.BEAN_NAME);
			assertThat(context.getEnvironment().getProperty("trymellon.jwks.uri"))
				.isEqualTo(issuer.getJwksUri().toString());
			assertThat(context.getEnvironment().getProperty("trymellon.issuer")).isEqualTo(issuer.getIssuer());
			assertThat(context.getEnvironment().getProperty("trymellon.client-id")).isEqualTo("sample-client");
			assertThat(issuer.getAudience()).isEqualTo("sample-client");
			assertThat(context.getEnvironment().getProperty("trymellon.webhook.signing-secrets"))
				.isEqualTo("whsec_sample_development_only");
			assertThat(context.getEnvironment().getProperty("trymellon.api-base-url"))
				.isEqualTo(issuer.getBaseUrl().toString())
				.isEqualTo(issuer.api().getBaseUrl().toString())
				.matches("http://127\\.0\\.0\\.1:\\d+");
			assertThat(context.getEnvironment().getProperty("trymellon.app-id")).isEqualTo("app_sample");
			assertThat(issuer.getAppId()).isEqualTo("app_sample");
			assertThat(context.getEnvironment().getProperty("trymellon.validation.mode")).isNull();
		});
	}

	@Test
	void itsApiValidatesTheTokensItMintsForTheConfiguredApplication() {
		this.runner.run((context) -> {
			TryMellonTestIssuer issuer = context.getBean(TryMellonTestIssuer.class);
			String token = DevTokenController.mint(issuer, "alice", "admin");
			URI validate = URI.create(context.getEnvironment().getProperty("trymellon.api-base-url")
					+ "/v1/sessions/validate");
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(validate).header("Authorization", "Bearer " + token).build(),
						HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			Map<String, Object> data = JSONObjectUtils.getJSONObject(JSONObjectUtils.parse(response.body()), "data");
			assertThat(data).containsEntry("valid", true)
				.containsEntry("user_id", "alice")
				.containsEntry("tenant_id", "tenant_sample")
				.containsEntry("app_id", context.getEnvironment().getProperty("trymellon.app-id"));
			issuer.api().revokeUserSessions("alice");
			assertThat(HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(validate).header("Authorization", "Bearer " + token).build(),
						HttpResponse.BodyHandlers.ofString())
				.statusCode()).isEqualTo(401);
		});
	}

	@Test
	void keepsTheApplicationsAppIdAndApiBaseUrl() {
		this.runner.withPropertyValues("trymellon.app-id=app_mine", "trymellon.api-base-url=https://api.example.com")
			.run((context) -> {
				TryMellonTestIssuer issuer = context.getBean(TryMellonTestIssuer.class);
				assertThat(issuer.getAppId()).isEqualTo("app_mine");
				assertThat(issuer.token().claims()).containsEntry("app_id", "app_mine");
				assertThat(context.getEnvironment().getProperty("trymellon.app-id")).isEqualTo("app_mine");
				assertThat(context.getEnvironment().getProperty("trymellon.api-base-url"))
					.isEqualTo("https://api.example.com");
			});
	}

	@Test
	void keepsTheApplicationsClientIdAndSecret() {
		this.runner
			.withPropertyValues("trymellon.client-id=client_mine", "trymellon.webhook.signing-secrets=whsec_mine_0123456789abcdef")
			.run((context) -> {
				assertThat(context.getBean(TryMellonTestIssuer.class).getAudience()).isEqualTo("client_mine");
				assertThat(context.getEnvironment().getProperty("trymellon.client-id")).isEqualTo("client_mine");
				assertThat(context.getEnvironment().getProperty("trymellon.webhook.signing-secrets"))
					.isEqualTo("whsec_mine_0123456789abcdef");
			});
	}

	@Test
	void stopsWithTheContext() throws Exception {
		AtomicReference<URI> jwks = new AtomicReference<>();
		this.runner.run((context) -> {
			jwks.set(context.getBean(TryMellonTestIssuer.class).getJwksUri());
			assertThat(get(jwks.get()).statusCode()).isEqualTo(200);
		});
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> get(jwks.get()));
	}

	@Test
	void offWhenDisabled() {
		this.runner.withPropertyValues("trymellon.sample.dev-issuer.enabled=false").run(this::assertOff);
	}

	@Test
	void offWithAnExternalKeySource() {
		this.runner.withPropertyValues("trymellon.jwks.uri=https://api.trymellonauth.com/.well-known/jwks.json")
			.run(this::assertOff);
		this.runner.withPropertyValues("trymellon.jwks.location=classpath:jwks.json").run(this::assertOff);
	}

	@Test
	void neverUnderProductionProfiles() {
		for (String profile : new String[] { "prod", "production" }) {
			new ApplicationContextRunner()
				.withInitializer((context) -> context.getEnvironment().setActiveProfiles("cloud", profile))
				.withInitializer(new DevIssuerInitializer())
				.run(this::assertOff);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "Production", "PROD", "live", "Live", "LIVE", " production " })
	void neverUnderProductionProfilesInAnyCase(String profile) {
		new ApplicationContextRunner()
			.withInitializer((context) -> context.getEnvironment().setActiveProfiles("cloud", profile))
			.withInitializer(new DevIssuerInitializer())
			.run(this::assertOff);
	}

	@Test
	void neverUnderAProductionDefaultProfile() {
		new ApplicationContextRunner()
			.withInitializer((context) -> context.getEnvironment().setDefaultProfiles("Live"))
			.withInitializer(new DevIssuerInitializer())
			.run(this::assertOff);
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "preprod", "production-like", "default" })
	void startsUnderOtherProfiles(String profile) {
		new ApplicationContextRunner()
			.withInitializer((context) -> context.getEnvironment().setActiveProfiles(profile))
			.withInitializer(new DevIssuerInitializer())
			.run((context) -> assertThat(context.getBeansOfType(TryMellonTestIssuer.class))
				.containsOnlyKeys(DevIssuerInitializer.BEAN_NAME));
	}

	@Test
	void forbiddenProfilesAreConfigurable() {
		ApplicationContextRunner staging = new ApplicationContextRunner()
			.withPropertyValues("trymellon.sample.dev-issuer.forbidden-profiles=prod, Staging");
		staging.withInitializer((context) -> context.getEnvironment().setActiveProfiles("STAGING"))
			.withInitializer(new DevIssuerInitializer())
			.run(this::assertOff);
		staging.withInitializer((context) -> context.getEnvironment().setActiveProfiles("live"))
			.withInitializer(new DevIssuerInitializer())
			.run((context) -> assertThat(context.getBeansOfType(TryMellonTestIssuer.class)).hasSize(1));
	}

	private void assertOff(org.springframework.context.ApplicationContext context) {
		assertThat(context.getBeansOfType(TryMellonTestIssuer.class)).isEmpty();
		assertThat(context.getEnvironment().getProperty("trymellon.webhook.signing-secrets")).isNull();
		assertThat(context.getEnvironment().getProperty("trymellon.client-id")).isNull();
		assertThat(context.getEnvironment().getProperty("trymellon.api-base-url")).isNull();
		assertThat(context.getEnvironment().getProperty("trymellon.app-id")).isNull();
	}

	private static HttpResponse<String> get(URI uri) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
	}

}
