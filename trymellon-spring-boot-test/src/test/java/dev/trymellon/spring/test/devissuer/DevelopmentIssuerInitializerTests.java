package dev.trymellon.spring.test.devissuer;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.util.JSONObjectUtils;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.trymellon.spring.test.TryMellonTestIssuer;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.core.ResolvableType;
import org.springframework.http.server.reactive.ServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The development issuer's rules: on by default, pointing the starter at it without
 * overriding the application's settings; never when disabled, with a key source, or
 * under a forbidden profile in any case; its token endpoint and banner exist exactly
 * while it runs.
 */
class DevelopmentIssuerInitializerTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withInitializer(new DevelopmentIssuerInitializer());

	@Test
	void startsByDefaultAndPointsTheStarterAtIt() {
		this.runner.run((context) -> {
			TryMellonTestIssuer issuer = context.getBean(TryMellonTestIssuer.class);
			assertThat(context.getBeansOfType(TryMellonTestIssuer.class))
				.containsOnlyKeys(DevelopmentIssuerInitializer.BEAN_NAME);
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
			assertThat(issuer.token().claims()).containsEntry("tenant_id", "tenant_sample");
			assertThat(context.getEnvironment().getProperty("trymellon.validation.mode")).isNull();
		});
	}

	@Test
	void itsApiValidatesTheTokensItMintsForTheConfiguredApplication() {
		this.runner.run((context) -> {
			TryMellonTestIssuer issuer = context.getBean(TryMellonTestIssuer.class);
			String token = new DevelopmentTokens(issuer).mint("alice", "admin");
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
			.withPropertyValues("trymellon.client-id=client_mine",
					"trymellon.webhook.signing-secrets=whsec_mine_0123456789abcdef")
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
	void blankKeySourcePropertiesAreNoKeySource() {
		this.runner.withPropertyValues("trymellon.jwks.uri= ", "trymellon.jwks.location=")
			.run((context) -> assertThat(context.getEnvironment().getProperty("trymellon.jwks.uri"))
				.isEqualTo(context.getBean(TryMellonTestIssuer.class).getJwksUri().toString()));
	}

	@Test
	void neverUnderProductionProfiles() {
		for (String profile : new String[] { "prod", "production" }) {
			new ApplicationContextRunner()
				.withInitializer((context) -> context.getEnvironment().setActiveProfiles("cloud", profile))
				.withInitializer(new DevelopmentIssuerInitializer())
				.run(this::assertOff);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "Production", "PROD", "live", "Live", "LIVE", " production " })
	void neverUnderProductionProfilesInAnyCase(String profile) {
		new ApplicationContextRunner()
			.withInitializer((context) -> context.getEnvironment().setActiveProfiles("cloud", profile))
			.withInitializer(new DevelopmentIssuerInitializer())
			.run(this::assertOff);
	}

	@Test
	void neverUnderAProductionProfileEvenWhenExplicitlyEnabled() {
		new ApplicationContextRunner().withPropertyValues("trymellon.sample.dev-issuer.enabled=true")
			.withInitializer((context) -> context.getEnvironment().setActiveProfiles("prod"))
			.withInitializer(new DevelopmentIssuerInitializer())
			.run(this::assertOff);
	}

	@Test
	void neverUnderAProductionDefaultProfile() {
		new ApplicationContextRunner()
			.withInitializer((context) -> context.getEnvironment().setDefaultProfiles("Live"))
			.withInitializer(new DevelopmentIssuerInitializer())
			.run(this::assertOff);
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "preprod", "production-like", "default" })
	void startsUnderOtherProfiles(String profile) {
		new ApplicationContextRunner()
			.withInitializer((context) -> context.getEnvironment().setActiveProfiles(profile))
			.withInitializer(new DevelopmentIssuerInitializer())
			.run((context) -> assertThat(context.getBeansOfType(TryMellonTestIssuer.class))
				.containsOnlyKeys(DevelopmentIssuerInitializer.BEAN_NAME));
	}

	@Test
	void forbiddenProfilesAreConfigurable() {
		ApplicationContextRunner staging = new ApplicationContextRunner()
			.withPropertyValues("trymellon.sample.dev-issuer.forbidden-profiles=prod, Staging");
		staging.withInitializer((context) -> context.getEnvironment().setActiveProfiles("STAGING"))
			.withInitializer(new DevelopmentIssuerInitializer())
			.run(this::assertOff);
		staging.withInitializer((context) -> context.getEnvironment().setActiveProfiles("live"))
			.withInitializer(new DevelopmentIssuerInitializer())
			.run((context) -> assertThat(context.getBeansOfType(TryMellonTestIssuer.class)).hasSize(1));
	}

	@Test
	void servesTheTokenEndpointOfTheServletStack() {
		new WebApplicationContextRunner().withInitializer(new DevelopmentIssuerInitializer()).run((context) -> {
			assertThat(requestType(context)).isEqualTo(HttpServletRequest.class);
			assertThat(context.getBean(DevelopmentIssuerBanner.BEAN_NAME)).isInstanceOf(DevelopmentIssuerBanner.class);
		});
	}

	@Test
	void servesTheTokenEndpointOfTheReactiveStack() {
		new ReactiveWebApplicationContextRunner().withInitializer(new DevelopmentIssuerInitializer())
			.run((context) -> {
				assertThat(requestType(context)).isEqualTo(ServerHttpRequest.class);
				assertThat(context.getBean(DevelopmentIssuerBanner.BEAN_NAME))
					.isInstanceOf(DevelopmentIssuerBanner.class);
			});
	}

	@Test
	void noTokenEndpointOutsideAWebApplication() {
		this.runner.run((context) -> {
			assertThat(context.containsBean(DevelopmentTokenEndpoint.BEAN_NAME)).isFalse();
			assertThat(context.getBean(DevelopmentIssuerBanner.BEAN_NAME)).isInstanceOf(DevelopmentIssuerBanner.class);
		});
	}

	@Test
	void noTokenEndpointAndNoBannerWhenOff() {
		new WebApplicationContextRunner().withInitializer(new DevelopmentIssuerInitializer())
			.withPropertyValues("trymellon.sample.dev-issuer.enabled=false")
			.run(this::assertOff);
		new ReactiveWebApplicationContextRunner()
			.withInitializer((context) -> context.getEnvironment().setActiveProfiles("live"))
			.withInitializer(new DevelopmentIssuerInitializer())
			.run(this::assertOff);
	}

	private void assertOff(ApplicationContext context) {
		assertThat(context.getBeansOfType(TryMellonTestIssuer.class)).isEmpty();
		assertThat(context.containsBean(DevelopmentTokenEndpoint.BEAN_NAME)).isFalse();
		assertThat(context.containsBean(DevelopmentIssuerBanner.BEAN_NAME)).isFalse();
		assertThat(context.getEnvironment().getProperty("trymellon.webhook.signing-secrets")).isNull();
		assertThat(context.getEnvironment().getProperty("trymellon.client-id")).isNull();
		assertThat(context.getEnvironment().getProperty("trymellon.api-base-url")).isNull();
		assertThat(context.getEnvironment().getProperty("trymellon.app-id")).isNull();
	}

	/** The request type of the token endpoint, as the web stack resolves it. */
	private static @Nullable Class<?> requestType(ApplicationContext context) {
		Object endpoint = context.getBean(DevelopmentTokenEndpoint.BEAN_NAME);
		return ResolvableType.forClass(endpoint.getClass()).as(DevelopmentTokenEndpoint.class).getGeneric(0).resolve();
	}

	private static HttpResponse<String> get(URI uri) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
	}

}
