package dev.trymellon.spring.autoconfigure;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.trymellon.spring.autoconfigure.revocation.TryMellonRevocationAutoConfiguration;
import dev.trymellon.spring.autoconfigure.webhook.TryMellonWebhookAutoConfiguration;
import dev.trymellon.spring.testfixtures.TestTokens;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one INFO line the starter logs at startup: what it checks and with what, and never
 * a secret.
 */
@ExtendWith(OutputCaptureExtension.class)
class TryMellonStartupSummaryTests {

	private static final String WEBHOOK_SECRET = "whsec_summary_secret_value_0123456789";

	private static final String JWKS_PASSWORD = "jwks-password-1234";

	private static final String JWKS_QUERY_TOKEN = "query-token-5678";

	@Test
	void summaryWhenFullSetUpThenOneLineNamingEachPartAndNoSecret(CapturedOutput output) {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TryMellonAutoConfiguration.class,
					TryMellonRevocationAutoConfiguration.class, TryMellonWebhookAutoConfiguration.class))
			.withPropertyValues("trymellon.client-id=" + TestTokens.CLIENT_ID, "trymellon.audiences=second-client",
					"trymellon.jwks.uri=https://admin:" + JWKS_PASSWORD + "@keys.example.com/jwks.json?token="
							+ JWKS_QUERY_TOKEN,
					"trymellon.webhook.signing-secrets=" + WEBHOOK_SECRET, "trymellon.webhook.path=/hooks/tm")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				String line = summaryLine(output);
				assertThat(line).contains("issuer 'https://api.trymellonauth.com'")
					.contains("keys from https://keys.example.com/jwks.json?token=…")
					.contains("audience checked [" + TestTokens.CLIENT_ID + ", second-client]")
					.contains("token cache on (max 10000)")
					.contains("revocations memory")
					.contains("webhook POST /hooks/tm")
					.contains("validation mode offline")
					.contains("sandbox off");
				assertThat(output.getAll()).doesNotContain(WEBHOOK_SECRET)
					.doesNotContain(WEBHOOK_SECRET.substring("whsec_".length()))
					.doesNotContain(JWKS_PASSWORD)
					.doesNotContain(JWKS_QUERY_TOKEN);
			});
	}

	@Test
	void summaryWhenStaticKeysAndFeaturesOffThenSaysSo(CapturedOutput output) {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(TryMellonAutoConfiguration.class))
			.withPropertyValues("trymellon.audience-check=false", "trymellon.issuer-check=false",
					"trymellon.jwks.location=classpath:test-jwks.json", "trymellon.token.cache.enabled=false",
					"trymellon.revocation.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(summaryLine(output)).contains("issuer not checked")
					.contains("keys static from ")
					.contains("test-jwks.json")
					.contains("audience check OFF")
					.contains("token cache off")
					.contains("revocations off")
					.contains("webhook off");
			});
	}

	@Test
	void withoutSecretsWhenUrlCarriesUserInfoAndQueryThenBothHidden() {
		assertThat(TryMellonStartupSummary.withoutSecrets(URI.create("https://u:p@h.example:8443/a/b?x=1&y")))
			.isEqualTo("https://h.example:8443/a/b?x=…&…");
		assertThat(TryMellonStartupSummary.withoutSecrets(URI.create("file:/etc/keys.json")))
			.isEqualTo("file:///etc/keys.json");
	}

	private static String summaryLine(CapturedOutput output) {
		String[] lines = output.getAll().lines().filter((line) -> line.contains("TryMellon: ")).toArray(String[]::new);
		assertThat(lines).hasSize(1);
		assertThat(lines[0]).contains("INFO");
		return lines[0];
	}

}
