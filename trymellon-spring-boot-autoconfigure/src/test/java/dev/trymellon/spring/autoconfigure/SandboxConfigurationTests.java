package dev.trymellon.spring.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.SessionTokenVerifier;
import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.session.offline.OfflineSessionTokenVerifier;
import dev.trymellon.spring.testfixtures.TestTokens;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code trymellon.sandbox.*}: sandbox mode through the auto-configured verifier, the
 * startup warning and the forbidden-profile guard.
 */
@ExtendWith(OutputCaptureExtension.class)
class SandboxConfigurationTests {

	private static final String SANDBOX = "trymellon_sandbox_session_token_v1";

	private static final String STARTUP_WARNING = "TryMellon sandbox mode is on";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TryMellonAutoConfiguration.class))
		.withPropertyValues("trymellon.client-id=" + TestTokens.CLIENT_ID,
				"trymellon.jwks.uri=http://127.0.0.1:9/.well-known/jwks.json");

	@Test
	void sandboxWhenEnabledThenOneVerifierAcceptsTheSandboxTokenAndStartupWarns(CapturedOutput output) {
		this.contextRunner.withPropertyValues("trymellon.sandbox.enabled=true").run((context) -> {
			assertThat(context).hasSingleBean(SessionTokenVerifier.class);
			assertThat(context).hasSingleBean(OfflineSessionTokenVerifier.class);
			assertThat(context.getBean(SessionTokenVerifier.class).verify(SANDBOX).getUserId())
				.isEqualTo("sandbox-user");
			assertThat(output.getAll()).contains("WARN").contains(STARTUP_WARNING);
		});
	}

	@Test
	void sandboxWhenDefaultThenSandboxTokenRejectedAndNoStartupWarning(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			SessionTokenVerifier verifier = context.getBean(SessionTokenVerifier.class);
			assertThatExceptionOfType(SessionTokenException.class).isThrownBy(() -> verifier.verify(SANDBOX))
				.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(TryMellonErrorCode.SANDBOX_TOKEN_REJECTED));
			assertThat(output.getAll()).doesNotContain(STARTUP_WARNING);
		});
	}

	@Test
	void sandboxWhenCustomTokenThenItIsAccepted() {
		this.contextRunner.withPropertyValues("trymellon.sandbox.enabled=true", "trymellon.sandbox.token=dev_only_token")
			.run((context) -> assertThat(context.getBean(SessionTokenVerifier.class).verify("dev_only_token").getAppId())
				.isEqualTo("sandbox-app"));
	}

	@Test
	void startupWhenSandboxEnabledUnderProdProfileThenFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("trymellon.sandbox.enabled=true", "spring.profiles.active=dev,prod")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.satisfies((ex) -> assertThat(((InvalidConfigurationPropertyValueException) ex).getName())
					.isEqualTo("trymellon.sandbox.enabled"))
				.hasMessageContaining("prod"));
	}

	@Test
	void startupWhenSandboxEnabledUnderCustomForbiddenProfileThenFails() {
		this.contextRunner
			.withPropertyValues("trymellon.sandbox.enabled=true", "trymellon.sandbox.forbidden-profiles=staging",
					"spring.profiles.active=staging")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("trymellon.sandbox.enabled"));
	}

	@Test
	void startupWhenSandboxEnabledUnderAllowedProfileThenStarts() {
		this.contextRunner.withPropertyValues("trymellon.sandbox.enabled=true", "spring.profiles.active=dev")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void startupWhenSandboxDisabledUnderProdProfileThenStarts() {
		this.contextRunner.withPropertyValues("spring.profiles.active=prod")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void startupWhenSandboxTokenBlankThenFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("trymellon.sandbox.token= ")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("trymellon.sandbox.token"));
	}

}
