package dev.trymellon.spring.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.trymellon.spring.testfixtures.StaticKeysConfiguration;
import dev.trymellon.spring.testfixtures.TestTokens;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class UnknownPropertiesReporterTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TryMellonAutoConfiguration.class))
		.withUserConfiguration(StaticKeysConfiguration.class)
		.withPropertyValues("trymellon.client-id=" + TestTokens.CLIENT_ID);

	@Test
	void misspelledPropertyIsReportedWithTheClosestKnownName(CapturedOutput output) {
		this.contextRunner.withPropertyValues("trymellon.secuirty.permit-paths=/public/**").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).contains("Unknown property 'trymellon.secuirty.permit-paths'")
				.contains("Did you mean 'trymellon.security.permit-paths'?");
		});
	}

	@Test
	void eachUnknownPropertyIsReportedOnce(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("trymellon.token.clock-skw=10s", "trymellon.authorites.role-claims=roles")
			.run((context) -> {
				assertThat(output).contains("Did you mean 'trymellon.token.clock-skew'?")
					.contains("Did you mean 'trymellon.authorities.role-claims'?");
				assertThat(occurrences(output.getOut(), "Unknown property 'trymellon.token.clock-skw'")).isOne();
			});
	}

	@Test
	void knownPropertiesInAnyRelaxedFormIndexedOrBelowAMapAreNotReported(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("trymellon.token.clock-skew=10s", "trymellon.token.clockSkew=10s",
					"trymellon.TOKEN.max-length=4096", "trymellon.audiences[0]=other-client",
					"trymellon.authorities.claims.plan.prefix=PLAN_",
					"trymellon.authorities.claims[beta].upper-case=true")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).doesNotContain("Unknown property");
			});
	}

	@Test
	void environmentVariablesAreNotChecked(CapturedOutput output) {
		this.contextRunner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new SystemEnvironmentPropertySource("systemEnvironment",
						Map.of("TRYMELLON_WEBHOOK_SECRET", "whsec_0123456789abcdef"))))
			.run((context) -> {
				assertThat(context.getEnvironment().getProperty("trymellon.webhook.secret")).isNotNull();
				assertThat(output).doesNotContain("Unknown property");
			});
	}

	@Test
	void noTryMellonPropertiesBesidesKnownOnesThenNothingIsLogged(CapturedOutput output) {
		this.contextRunner.withPropertyValues("other.setting=1").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).doesNotContain("Unknown property");
		});
	}

	private static int occurrences(String text, String part) {
		int count = 0;
		for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
			count++;
		}
		return count;
	}

}
