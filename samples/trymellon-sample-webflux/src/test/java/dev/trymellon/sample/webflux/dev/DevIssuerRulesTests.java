package dev.trymellon.sample.webflux.dev;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.trymellon.spring.test.TryMellonTestIssuer;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The development issuer's rules, the servlet sample's: on by default, pointing the
 * starter at it without overriding the application's settings; never with a key source,
 * when disabled, or under a forbidden profile in any case; {@code /dev/tokens} for
 * loopback clients only.
 */
class DevIssuerRulesTests {

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
			assertThat(context.getEnvironment().getProperty("trymellon.app-id")).isEqualTo("app_sample");
			assertThat(context.getEnvironment().getProperty("trymellon.api-base-url"))
				.isEqualTo(issuer.api().getBaseUrl().toString());
			assertThat(context.getEnvironment().getProperty("trymellon.webhook.signing-secrets"))
				.isEqualTo("whsec_sample_development_only");
		});
	}

	@Test
	void keepsTheApplicationsSettings() {
		this.runner
			.withPropertyValues("trymellon.client-id=my-client", "trymellon.app-id=app_mine",
					"trymellon.webhook.signing-secrets=whsec_my_own_secret_0123456789")
			.run((context) -> {
				assertThat(context.getBean(TryMellonTestIssuer.class).getAudience()).isEqualTo("my-client");
				assertThat(context.getEnvironment().getProperty("trymellon.client-id")).isEqualTo("my-client");
				assertThat(context.getEnvironment().getProperty("trymellon.app-id")).isEqualTo("app_mine");
				assertThat(context.getEnvironment().getProperty("trymellon.webhook.signing-secrets"))
					.isEqualTo("whsec_my_own_secret_0123456789");
			});
	}

	@Test
	void offWhenDisabledOrWithAnExternalKeySource() {
		this.runner.withPropertyValues("trymellon.sample.dev-issuer.enabled=false").run(this::assertOff);
		this.runner.withPropertyValues("trymellon.jwks.uri=https://api.trymellonauth.com/.well-known/jwks.json")
			.run(this::assertOff);
		this.runner.withPropertyValues("trymellon.jwks.location=classpath:jwks.json").run(this::assertOff);
	}

	@ParameterizedTest
	@ValueSource(strings = { "prod", "Production", "PROD", "live", "LIVE", " production " })
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

	@Test
	void devTokensAnswerLoopbackClientsOnly() throws Exception {
		for (String address : new String[] { "127.0.0.1", "::1", "127.0.0.2" }) {
			assertThat(DevTokenController.isLoopback(new InetSocketAddress(InetAddress.getByName(address), 40000)))
				.as(address)
				.isTrue();
		}
		for (String address : new String[] { "203.0.113.7", "10.0.0.1", "::ffff:203.0.113.7", "0.0.0.0" }) {
			assertThat(DevTokenController.isLoopback(new InetSocketAddress(InetAddress.getByName(address), 40000)))
				.as(address)
				.isFalse();
		}
		assertThat(DevTokenController.isLoopback(InetSocketAddress.createUnresolved("localhost", 40000))).isFalse();
		assertThat(DevTokenController.isLoopback(null)).isFalse();
	}

	private void assertOff(ApplicationContext context) {
		assertThat(context.getBeansOfType(TryMellonTestIssuer.class)).isEmpty();
		assertThat(context.getEnvironment().getProperty("trymellon.webhook.signing-secrets")).isNull();
		assertThat(context.getEnvironment().getProperty("trymellon.client-id")).isNull();
		assertThat(context.getEnvironment().getProperty("trymellon.api-base-url")).isNull();
	}

}
