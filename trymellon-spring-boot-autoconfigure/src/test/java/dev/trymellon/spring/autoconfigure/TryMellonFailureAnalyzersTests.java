package dev.trymellon.spring.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import dev.trymellon.spring.autoconfigure.webhook.TryMellonWebhookAutoConfiguration;
import dev.trymellon.spring.testfixtures.TestTokens;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.core.env.Environment;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every startup failure the starter raises is explained by the first analyzer Spring
 * Boot asks (the analyzers of every {@code META-INF/spring.factories}, in order), with the
 * property and its fix, and never a secret.
 */
class TryMellonFailureAnalyzersTests {

	private static final String SHORT_SECRET = "whsec_tooshort";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TryMellonAutoConfiguration.class));

	@Test
	void missingClientIdNamesThePropertyAndHowToSetIt() {
		this.contextRunner.withPropertyValues("trymellon.jwks.location=classpath:test-jwks.json")
			.run(analyzed((analysis) -> {
				assertThat(analysis.getDescription()).contains("'trymellon.client-id'").contains("'aud'");
				assertThat(analysis.getAction()).contains("--trymellon.client-id=")
					.contains("trymellon.audience-check=false")
					.contains("docs/configuration.md");
			}));
	}

	@Test
	void emptyWebhookSecretNamesThePropertyAndTheEnvironmentVariable() {
		webhook("trymellon.webhook.signing-secrets=,").run(analyzed((analysis) -> {
			assertThat(analysis.getDescription()).contains("trymellon.webhook.signing-secrets");
			assertThat(analysis.getAction()).contains("${TRYMELLON_WEBHOOK_SECRET}").contains("rotate");
		}));
	}

	@Test
	void weakWebhookSecretIsExplainedWithoutShowingIt() {
		webhook("trymellon.webhook.signing-secrets=" + SHORT_SECRET).run(analyzed((analysis) -> {
			assertThat(analysis.getDescription()).contains("trymellon.webhook.signing-secrets")
				.contains("fewer than 16")
				.doesNotContain(SHORT_SECRET)
				.doesNotContain("tooshort");
			assertThat(analysis.getAction()).contains("at least 16 characters").doesNotContain("tooshort");
		}));
	}

	@Test
	void sandboxUnderAForbiddenProfileSaysWhichProfileAndWhatToRemove() {
		this.contextRunner
			.withPropertyValues("trymellon.client-id=" + TestTokens.CLIENT_ID,
					"trymellon.jwks.location=classpath:test-jwks.json", "trymellon.sandbox.enabled=true",
					"spring.profiles.active=prod")
			.withInitializer((context) -> context.getEnvironment().setActiveProfiles("prod"))
			.run(analyzed((analysis) -> {
				assertThat(analysis.getDescription()).contains("'trymellon.sandbox.enabled'").contains("'prod'");
				assertThat(analysis.getAction()).contains("remove 'trymellon.sandbox.enabled=true'")
					.contains("trymellon.sandbox.forbidden-profiles");
			}));
	}

	@Test
	void unreadableJwksLocationSaysWhatToPointItAt() {
		this.contextRunner
			.withPropertyValues("trymellon.client-id=" + TestTokens.CLIENT_ID,
					"trymellon.jwks.location=classpath:no-such-jwks.json")
			.run(analyzed((analysis) -> {
				assertThat(analysis.getDescription()).contains("'trymellon.jwks.location'")
					.contains("Cannot read a JWKS document");
				assertThat(analysis.getAction()).contains("classpath:trymellon-jwks.json")
					.contains("trymellon.jwks.uri");
			}));
	}

	@Test
	void badJwksUriSaysWhatAnAcceptedOneLooksLike() {
		this.contextRunner
			.withPropertyValues("trymellon.client-id=" + TestTokens.CLIENT_ID, "trymellon.jwks.uri=/relative")
			.run(analyzed((analysis) -> {
				assertThat(analysis.getDescription()).contains("'trymellon.jwks.uri'").contains("'/relative'");
				assertThat(analysis.getAction()).contains("https://api.trymellonauth.com/.well-known/jwks.json");
			}));
	}

	@Test
	void uriAndLocationTogetherSaysWhichToKeep() {
		this.contextRunner
			.withPropertyValues("trymellon.client-id=" + TestTokens.CLIENT_ID,
					"trymellon.jwks.location=classpath:test-jwks.json", "trymellon.jwks.uri=https://keys.example/jwks")
			.run(analyzed((analysis) -> {
				assertThat(analysis.getDescription()).contains("trymellon.jwks.uri")
					.contains("trymellon.jwks.location");
				assertThat(analysis.getAction()).contains("Keep 'trymellon.jwks.uri'").contains("remove the other");
			}));
	}

	@Test
	void invalidCombinationOfRetentionAndLifetimeGivesTheMinimum() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(
					dev.trymellon.spring.autoconfigure.revocation.TryMellonRevocationAutoConfiguration.class))
			.withPropertyValues("trymellon.client-id=" + TestTokens.CLIENT_ID,
					"trymellon.jwks.location=classpath:test-jwks.json", "trymellon.revocation.retention=1h")
			.run(analyzed((analysis) -> {
				assertThat(analysis.getDescription()).contains("'trymellon.revocation.retention'").contains("PT24H1M");
				assertThat(analysis.getAction()).contains("trymellon.token.max-lifetime");
			}));
	}

	@Test
	void jwksRequiredOnStartupAndUnreachableSaysTheCause() {
		this.contextRunner
			.withPropertyValues("trymellon.client-id=" + TestTokens.CLIENT_ID,
					"trymellon.jwks.uri=" + TestTokens.unreachableJwksUri(), "trymellon.jwks.require-on-startup=true")
			.run(analyzed((analysis) -> {
				assertThat(analysis.getDescription()).contains("connection refused");
				assertThat(analysis.getAction()).contains("trymellon.jwks.require-on-startup=false");
			}));
	}

	@Test
	void otherPropertiesAreLeftToBootsAnalyzer() {
		TryMellonPropertyFailureAnalyzer analyzer = new TryMellonPropertyFailureAnalyzer(null);
		assertThat(analyzer.analyze(
				new org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException(
						"server.port", "x", "bad")))
			.isNull();
	}

	private WebApplicationContextRunner webhook(String secrets) {
		return new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TryMellonAutoConfiguration.class,
					TryMellonWebhookAutoConfiguration.class))
			.withPropertyValues("trymellon.client-id=" + TestTokens.CLIENT_ID,
					"trymellon.jwks.location=classpath:test-jwks.json", secrets);
	}

	private static <C extends org.springframework.context.ApplicationContext, A extends org.springframework.boot.test.context.assertj.ApplicationContextAssertProvider<C>> ContextConsumer<A> analyzed(
			java.util.function.Consumer<FailureAnalysis> assertions) {
		return (context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = firstAnalysis(context.getStartupFailure(), new org.springframework.core.env.StandardEnvironment());
			assertThat(analysis).as("an analysis").isNotNull();
			assertThat(analysis.getDescription()).startsWith("TryMellon");
			assertions.accept(analysis);
		};
	}

	/** What Spring Boot prints: the first analysis of the analyzers, in their order. */
	private static @Nullable FailureAnalysis firstAnalysis(Throwable failure, Environment environment) {
		List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, ArgumentResolver.of(Environment.class, environment)
				.and(org.springframework.beans.factory.BeanFactory.class,
						new org.springframework.beans.factory.support.DefaultListableBeanFactory()),
					// as Spring Boot does: an analyzer whose library is absent is skipped
					(factoryType, implementationName, ex) -> {
					});;
		AnnotationAwareOrderComparator.sort(analyzers);
		for (FailureAnalyzer analyzer : analyzers) {
			FailureAnalysis analysis = analyzer.analyze(failure);
			if (analysis != null) {
				return analysis;
			}
		}
		return null;
	}

}
