package dev.trymellon.spring.autoconfigure.browser;

import org.junit.jupiter.api.Test;

import dev.trymellon.spring.browser.SessionCookieSettings;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class TryMellonSessionCookieAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TryMellonSessionCookieAutoConfiguration.class))
		.withPropertyValues("trymellon.token.cookie-name=__Host-tm_session");

	@Test
	void offByDefault() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(SessionCookieSettings.class));
	}

	@Test
	void settingsFromTheProperties() {
		this.contextRunner
			.withPropertyValues("trymellon.session-cookie.enabled=true", "trymellon.session-cookie.path=/auth/session",
					"trymellon.session-cookie.same-site=strict",
					"trymellon.session-cookie.allowed-origins=https://app.example.com",
					"trymellon.token.clock-skew=10s")
			.run((context) -> {
				SessionCookieSettings settings = context.getBean(SessionCookieSettings.class);
				assertThat(settings.getCookieName()).isEqualTo("__Host-tm_session");
				assertThat(settings.getPath()).isEqualTo("/auth/session");
				assertThat(settings.isSecure()).isTrue();
				assertThat(settings.getSameSite()).isEqualTo(SessionCookieSettings.SameSite.STRICT);
				assertThat(settings.getDomain()).isNull();
				assertThat(settings.getAllowedOrigins()).containsExactly("https://app.example.com");
				assertThat(settings.getClockSkew()).hasSeconds(10);
			});
	}

	@Test
	void enabledWithoutCookieNameFailsNamingTheProperty() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TryMellonSessionCookieAutoConfiguration.class))
			.withPropertyValues("trymellon.session-cookie.enabled=true")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("Property trymellon.token.cookie-name ")
				.hasMessageContaining("__Host-trymellon-session"));
	}

	@Test
	void hostPrefixWithoutSecureFailsNamingTheSecureProperty() {
		this.contextRunner
			.withPropertyValues("trymellon.session-cookie.enabled=true", "trymellon.session-cookie.secure=false")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("Property trymellon.session-cookie.secure ")
				.hasMessageContaining("must be Secure"));
	}

	@Test
	void hostPrefixWithADomainFailsNamingTheDomainProperty() {
		this.contextRunner
			.withPropertyValues("trymellon.session-cookie.enabled=true",
					"trymellon.session-cookie.domain=example.com")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("Property trymellon.session-cookie.domain ")
				.hasMessageContaining("must not have a Domain"));
	}

	@Test
	void wildcardOriginFailsNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("trymellon.session-cookie.enabled=true", "trymellon.session-cookie.allowed-origins=*")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("Property trymellon.session-cookie.allowed-origins ")
				.hasMessageContaining("no wildcard"));
	}

	@Test
	void badPathFailsNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("trymellon.session-cookie.enabled=true", "trymellon.session-cookie.path=/session/**")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("Property trymellon.session-cookie.path "));
	}

}
