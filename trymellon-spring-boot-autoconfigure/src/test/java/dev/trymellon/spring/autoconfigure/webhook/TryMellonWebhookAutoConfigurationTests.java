package dev.trymellon.spring.autoconfigure.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.DispatcherType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.trymellon.spring.actuate.WebhookDeliveryMetrics;
import dev.trymellon.spring.autoconfigure.TryMellonAutoConfiguration;
import dev.trymellon.spring.autoconfigure.actuate.TryMellonWebhookMetricsAutoConfiguration;
import dev.trymellon.spring.webhook.DeliveryListener;
import dev.trymellon.spring.webhook.DeliveryResult;
import dev.trymellon.spring.webhook.InMemoryProcessedEventStore;
import dev.trymellon.spring.webhook.ProcessedEventStore;
import dev.trymellon.spring.webhook.SessionLogoutEvent;
import dev.trymellon.spring.webhook.TestWebhookSigner;
import dev.trymellon.spring.webhook.TryMellonWebhookReceiver;
import dev.trymellon.spring.webhook.WebhookSignatureVerifier;
import dev.trymellon.spring.webhook.servlet.TryMellonWebhookFilter;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class TryMellonWebhookAutoConfigurationTests {

	private static final String SECRET = "whsec_autoconfig_secret_0123456789";

	private static final String REGISTRATION = "tryMellonWebhookFilterRegistration";

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TryMellonAutoConfiguration.class,
				TryMellonWebhookAutoConfiguration.class, TryMellonWebhookMetricsAutoConfiguration.class))
		.withPropertyValues("trymellon.client-id=client_test", "trymellon.jwks.uri=http://127.0.0.1:1/jwks");

	@Test
	void withoutSigningSecretTheReceiverDoesNotExist() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(REGISTRATION);
			assertThat(context).doesNotHaveBean(WebhookSignatureVerifier.class);
			assertThat(context).doesNotHaveBean(ProcessedEventStore.class);
			assertThat(context).doesNotHaveBean(TryMellonWebhookReceiver.class);
		});
	}

	@Test
	void withSigningSecretTheReceiverIsRegisteredBeforeSpringSecurity() {
		this.runner.withPropertyValues("trymellon.webhook.signing-secrets=" + SECRET).run((context) -> {
			assertThat(context).hasSingleBean(WebhookSignatureVerifier.class);
			assertThat(context).getBean(ProcessedEventStore.class).isInstanceOf(InMemoryProcessedEventStore.class);
			assertThat(context).hasSingleBean(TryMellonWebhookReceiver.class);
			FilterRegistrationBean<?> registration = registration(context);
			assertThat(registration.getFilter()).isInstanceOf(TryMellonWebhookFilter.class);
			assertThat(((TryMellonWebhookFilter) registration.getFilter()).getPath()).isEqualTo("/webhooks/trymellon");
			assertThat(registration.getOrder()).isEqualTo(-110);
			assertThat(registration.getUrlPatterns()).isEmpty();
			assertThat(registration.determineDispatcherTypes()).containsExactly(DispatcherType.REQUEST);
		});
	}

	@Test
	void filterStaysBeforeAnEarlierSecurityFilterOrder() {
		this.runner
			.withPropertyValues("trymellon.webhook.signing-secrets=" + SECRET, "spring.security.filter.order=-500")
			.run((context) -> assertThat(registration(context).getOrder()).isEqualTo(-510));
		this.runner
			.withPropertyValues("trymellon.webhook.signing-secrets=" + SECRET, "spring.security.filter.order=0")
			.run((context) -> assertThat(registration(context).getOrder()).isEqualTo(-110));
	}

	@Test
	void secretsListSupportsRotation() {
		this.runner
			.withPropertyValues("trymellon.webhook.signing-secrets=" + SECRET + ",whsec_previous_secret_000000000")
			.run((context) -> {
				WebhookSignatureVerifier verifier = context.getBean(WebhookSignatureVerifier.class);
				byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
				assertThat(verifier.verify(body, TestWebhookSigner.sign(SECRET, body))).isTrue();
				assertThat(verifier.verify(body, TestWebhookSigner.sign("whsec_previous_secret_000000000", body)))
					.isTrue();
			});
	}

	@Test
	void notInANonWebApplication() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(TryMellonAutoConfiguration.class, TryMellonWebhookAutoConfiguration.class))
			.withPropertyValues("trymellon.client-id=client_test", "trymellon.webhook.signing-secrets=" + SECRET)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(REGISTRATION);
				assertThat(context).doesNotHaveBean(WebhookSignatureVerifier.class);
			});
	}

	@Test
	void notInAReactiveWebApplication() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(TryMellonAutoConfiguration.class, TryMellonWebhookAutoConfiguration.class))
			.withPropertyValues("trymellon.client-id=client_test", "trymellon.webhook.signing-secrets=" + SECRET)
			.run((context) -> assertThat(context).doesNotHaveBean(WebhookSignatureVerifier.class));
	}

	@Test
	void notWithoutTheServletApi() {
		this.runner.withPropertyValues("trymellon.webhook.signing-secrets=" + SECRET)
			.withClassLoader(new FilteredClassLoader(jakarta.servlet.Filter.class))
			.run((context) -> assertThat(context).doesNotHaveBean(REGISTRATION));
	}

	@Test
	void emptySecretFailsTheStartupNamingTheProperty() {
		this.runner.withPropertyValues("trymellon.webhook.signing-secrets=").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("trymellon.webhook.signing-secrets");
		});
	}

	@Test
	void whitespaceSecretFailsTheStartupNamingTheProperty() {
		this.runner.withPropertyValues("trymellon.webhook.signing-secrets[0]=   ").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("trymellon.webhook.signing-secrets");
		});
	}

	@Test
	void blankSecretNextToAGoodOneFailsWithoutShowingTheGoodOne() {
		this.runner
			.withPropertyValues("trymellon.webhook.signing-secrets[0]=" + SECRET,
					"trymellon.webhook.signing-secrets[1]= ")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidConfigurationPropertyValueException.class)
					.hasMessageContaining("trymellon.webhook.signing-secrets[1]")
					.hasMessageNotContaining(SECRET);
			});
	}

	@Test
	void shortSecretFailsTheStartupNamingTheEntryAndTheOptOutWithoutTheSecret() {
		this.runner.withPropertyValues("trymellon.webhook.signing-secrets=" + SECRET + ",short_secret_1")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidConfigurationPropertyValueException.class)
					.hasMessageContaining("trymellon.webhook.signing-secrets[1]")
					.hasMessageContaining("fewer than 16 characters after the optional 'whsec_' prefix")
					.hasMessageContaining("trymellon.webhook.allow-short-secrets=true")
					.hasMessageNotContaining("short_secret_1")
					.hasMessageNotContaining(SECRET);
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "x", "whsec_", "whsec_0123456789abcde", "0123456789abcde", "whsec_whsec_123",
			"\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9" })
	void secretWithFewerThanSixteenCharactersAfterThePrefixFailsTheStartup(String secret) {
		this.runner.withPropertyValues("trymellon.webhook.signing-secrets=" + secret)
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("trymellon.webhook.signing-secrets[0]"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "0123456789abcdef", "whsec_0123456789abcdef", "whsec0123456789a", "whsec_whsec_1234567890" })
	void secretOfSixteenCharactersAfterThePrefixStartsWithoutWarning(String secret, CapturedOutput output) {
		this.runner.withPropertyValues("trymellon.webhook.signing-secrets=" + secret).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(WebhookSignatureVerifier.class);
			assertThat(output).doesNotContain("fewer than 16 characters");
		});
	}

	@Test
	void shortSecretIsAcceptedWithAWarningWhenExplicitlyAllowed(CapturedOutput output) {
		this.runner
			.withPropertyValues("trymellon.webhook.signing-secrets=" + SECRET + ",short_secret_1",
					"trymellon.webhook.allow-short-secrets=true")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
				assertThat(context.getBean(WebhookSignatureVerifier.class)
					.verify(body, TestWebhookSigner.sign("short_secret_1", body))).isTrue();
				assertThat(output).contains("WARN")
					.contains("trymellon.webhook.signing-secrets[1] has fewer than 16 characters")
					.contains("trymellon.webhook.allow-short-secrets=true")
					.containsOnlyOnce("has fewer than 16 characters")
					.doesNotContain("short_secret_1")
					.doesNotContain(SECRET);
			});
	}

	@Test
	void shortSecretFailsTheStartupAlsoWithTheApplicationsOwnVerifier() {
		this.runner.withPropertyValues("trymellon.webhook.signing-secrets=short")
			.withUserConfiguration(UserBeans.class)
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("trymellon.webhook.signing-secrets[0]"));
	}

	@Test
	void unsetVariableInTheListWhileRotatingFailsTheStartupNamingTheEntryAndTheFix() {
		this.runner
			.withPropertyValues("trymellon.webhook.signing-secrets=" + SECRET + ",${TRYMELLON_TEST_UNSET_SECRET:}")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidConfigurationPropertyValueException.class)
					.hasMessageContaining("trymellon.webhook.signing-secrets[1]")
					.hasMessageContaining("Entry 1 of the list of 2 signing secrets is empty or blank")
					.hasMessageContaining("Set the variable, or remove the entry from 'trymellon.webhook.signing-secrets'")
					.hasMessageNotContaining(SECRET);
			});
	}

	@Test
	void emptyEntryFailsTheStartupEvenWhenShortSecretsAreAllowed() {
		for (String secrets : new String[] { "," + SECRET, SECRET + ",," + SECRET }) {
			this.runner
				.withPropertyValues("trymellon.webhook.signing-secrets=" + secrets,
						"trymellon.webhook.allow-short-secrets=true")
				.run((context) -> assertThat(context.getStartupFailure()).as(secrets)
					.rootCause()
					.isInstanceOf(InvalidConfigurationPropertyValueException.class)
					.hasMessageContaining("is empty or blank"));
		}
	}

	@Test
	void invalidPathFailsTheStartupNamingTheProperty() {
		for (String path : new String[] { "webhooks", "/webhooks/", "/a;b", "/a/../b", "/a%2Fb" }) {
			this.runner.withPropertyValues("trymellon.webhook.signing-secrets=" + SECRET, "trymellon.webhook.path=" + path)
				.run((context) -> assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidConfigurationPropertyValueException.class)
					.hasMessageContaining("trymellon.webhook.path"));
		}
	}

	@Test
	void invalidSettingsFailTheStartupNamingTheProperty() {
		String[][] cases = { { "trymellon.webhook.tolerance=-1s", "trymellon.webhook.tolerance" },
				{ "trymellon.webhook.max-body-size=0", "trymellon.webhook.max-body-size" },
				{ "trymellon.webhook.replay-ttl=0s", "trymellon.webhook.replay-ttl" },
				{ "trymellon.webhook.processing-lease=0s", "trymellon.webhook.processing-lease" },
				{ "trymellon.webhook.signature-headers=", "trymellon.webhook.signature-headers" },
				{ "trymellon.webhook.signature-headers=tm signature", "trymellon.webhook.signature-headers" } };
		for (String[] entry : cases) {
			this.runner.withPropertyValues("trymellon.webhook.signing-secrets=" + SECRET, entry[0])
				.run((context) -> assertThat(context.getStartupFailure()).as(entry[0])
					.rootCause()
					.isInstanceOf(InvalidConfigurationPropertyValueException.class)
					.hasMessageContaining(entry[1]));
		}
	}

	@Test
	void propertiesReachTheFilter() {
		this.runner
			.withPropertyValues("trymellon.webhook.signing-secrets=" + SECRET, "trymellon.webhook.path=/hooks/tm",
					"trymellon.webhook.signature-headers=x-custom-signature", "trymellon.webhook.tolerance=0",
					"trymellon.webhook.max-body-size=1KB")
			.run((context) -> {
				TryMellonWebhookFilter filter = (TryMellonWebhookFilter) registration(context).getFilter();
				assertThat(filter.getPath()).isEqualTo("/hooks/tm");
				String body = "{\"id\":\"evt_p\",\"type\":\"session.logout\"}";
				MockHttpServletRequest request = request("/hooks/tm", body);
				request.addHeader("x-custom-signature", TestWebhookSigner.sign(SECRET, body));
				assertThat(deliver(filter, request).getStatus()).isEqualTo(200);
				MockHttpServletRequest defaultHeader = request("/hooks/tm", body);
				defaultHeader.addHeader("tm-signature", TestWebhookSigner.sign(SECRET, body));
				assertThat(deliver(filter, defaultHeader).getStatus()).isEqualTo(401);
				MockHttpServletRequest large = request("/hooks/tm", "{\"x\":\"" + "a".repeat(1100) + "\"}");
				large.addHeader("x-custom-signature", "0".repeat(64));
				assertThat(deliver(filter, large).getStatus()).isEqualTo(413);
			});
	}

	@Test
	void userStoreAndVerifierAreUsed() {
		this.runner.withPropertyValues("trymellon.webhook.signing-secrets=" + SECRET)
			.withUserConfiguration(UserBeans.class)
			.run((context) -> {
				assertThat(context).getBean(ProcessedEventStore.class).isSameAs(UserBeans.STORE);
				assertThat(context).getBean(WebhookSignatureVerifier.class).isSameAs(UserBeans.VERIFIER);
				TryMellonWebhookFilter filter = (TryMellonWebhookFilter) registration(context).getFilter();
				String body = "{\"id\":\"evt_u\",\"type\":\"session.logout\"}";
				MockHttpServletRequest request = request("/webhooks/trymellon", body);
				request.addHeader("tm-signature", TestWebhookSigner.sign("whsec_user_verifier_secret_0000", body));
				request.addHeader("tm-timestamp", Instant.now().toString());
				assertThat(deliver(filter, request).getStatus()).isEqualTo(200);
				assertThat(UserBeans.STORE.claim("id:evt_u", Duration.ofMinutes(1)))
					.isEqualTo(ProcessedEventStore.ClaimResult.COMPLETED);
			});
	}

	@Test
	void deliveriesAreCountedWithAMeterRegistry() {
		this.runner.withPropertyValues("trymellon.webhook.signing-secrets=" + SECRET)
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> {
				assertThat(context).hasSingleBean(WebhookDeliveryMetrics.class);
				TryMellonWebhookFilter filter = (TryMellonWebhookFilter) registration(context).getFilter();
				deliver(filter, request("/webhooks/trymellon", "{}"));
				assertThat(context.getBean(MeterRegistry.class)
					.get("trymellon.webhook.deliveries")
					.tag("outcome", "rejected")
					.tag("reason", "signature_missing")
					.counter()
					.count()).isEqualTo(1);
			});
	}

	@Test
	void everyDeliveryListenerBeanIsToldNextToTheMeters() {
		List<DeliveryResult> results = new CopyOnWriteArrayList<>();
		this.runner.withPropertyValues("trymellon.webhook.signing-secrets=" + SECRET)
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withBean(DeliveryListener.class, () -> results::add)
			.run((context) -> {
				TryMellonWebhookFilter filter = (TryMellonWebhookFilter) registration(context).getFilter();
				deliver(filter, request("/webhooks/trymellon", "{}"));
				assertThat(results).containsExactly(DeliveryResult.SIGNATURE_MISSING);
				assertThat(context.getBean(MeterRegistry.class)
					.get("trymellon.webhook.deliveries")
					.tag("reason", "signature_missing")
					.counter()
					.count()).isEqualTo(1);
			});
	}

	@Test
	void withoutAMeterRegistryNothingIsCounted() {
		this.runner.withPropertyValues("trymellon.webhook.signing-secrets=" + SECRET)
			.run((context) -> assertThat(context).doesNotHaveBean(WebhookDeliveryMetrics.class));
	}

	@Test
	void userReceiverIsTheOneRegistered() {
		TryMellonWebhookReceiver receiver = TryMellonWebhookReceiver
			.builder(UserBeans.VERIFIER, new InMemoryProcessedEventStore(10), (event) -> {
			})
			.path("/hooks/own")
			.build();
		this.runner.withPropertyValues("trymellon.webhook.signing-secrets=" + SECRET)
			.withBean(TryMellonWebhookReceiver.class, () -> receiver)
			.run((context) -> {
				assertThat(context).getBean(TryMellonWebhookReceiver.class).isSameAs(receiver);
				assertThat(((TryMellonWebhookFilter) registration(context).getFilter()).getPath())
					.isEqualTo("/hooks/own");
			});
	}

	@Test
	void withoutJacksonTheStartupFailsNamingTheDependency() {
		this.runner.withPropertyValues("trymellon.webhook.signing-secrets=" + SECRET)
			.withClassLoader(new FilteredClassLoader("tools.jackson"))
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidConfigurationPropertyValueException.class)
					.hasMessageContaining("trymellon.webhook.signing-secrets")
					.hasMessageContaining("tools.jackson.core:jackson-databind")
					.hasMessageNotContaining(SECRET);
			});
	}

	@Test
	void worksWithoutMicrometerAndWithoutSpringTx() {
		this.runner.withPropertyValues("trymellon.webhook.signing-secrets=" + SECRET)
			.withClassLoader(new FilteredClassLoader(MeterRegistry.class, PlatformTransactionManager.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasBean(REGISTRATION);
				assertThat(context).doesNotHaveBean(WebhookDeliveryMetrics.class);
				assertThat(context).doesNotHaveBean(WebhookTransactionConfiguration.class);
			});
	}

	@Test
	void withoutATransactionManagerEventsArePublishedWithoutTransaction() {
		this.runner.withPropertyValues("trymellon.webhook.signing-secrets=" + SECRET)
			.withBean(TransactionProbe.class, TransactionProbe::new)
			.run((context) -> {
				deliverSigned(context);
				assertThat(context.getBean(TransactionProbe.class).transactionActive).containsExactly(false);
			});
	}

	@Test
	void withTwoTransactionManagersAndNoPrimaryEventsArePublishedWithoutTransaction() {
		this.runner.withPropertyValues("trymellon.webhook.signing-secrets=" + SECRET)
			.withBean(TransactionProbe.class, TransactionProbe::new)
			.withBean("tm1", PlatformTransactionManager.class, TestTransactions::new)
			.withBean("tm2", PlatformTransactionManager.class, TestTransactions::new)
			.run((context) -> {
				deliverSigned(context);
				assertThat(context.getBean(TransactionProbe.class).transactionActive).containsExactly(false);
			});
	}

	@Test
	void withOneTransactionManagerEventsArePublishedInATransaction() {
		this.runner.withPropertyValues("trymellon.webhook.signing-secrets=" + SECRET)
			.withBean(TransactionProbe.class, TransactionProbe::new)
			.withBean(PlatformTransactionManager.class, TestTransactions::new)
			.run((context) -> {
				deliverSigned(context);
				assertThat(context.getBean(TransactionProbe.class).transactionActive).containsExactly(true);
			});
	}

	private static void deliverSigned(ApplicationContext context) throws Exception {
		TryMellonWebhookFilter filter = (TryMellonWebhookFilter) registration(context).getFilter();
		String body = "{\"id\":\"evt_tx\",\"type\":\"session.logout\"}";
		MockHttpServletRequest request = request("/webhooks/trymellon", body);
		request.addHeader("tm-signature", TestWebhookSigner.sign(SECRET, body));
		request.addHeader("tm-timestamp", Instant.now().toString());
		assertThat(deliver(filter, request).getStatus()).isEqualTo(200);
	}

	static class TransactionProbe {

		final List<Boolean> transactionActive = new CopyOnWriteArrayList<>();

		@EventListener
		void on(SessionLogoutEvent event) {
			this.transactionActive
				.add(TransactionSynchronizationManager.isActualTransactionActive());
		}

	}

	static class TestTransactions extends AbstractPlatformTransactionManager {

		@Override
		protected Object doGetTransaction() {
			return new Object();
		}

		@Override
		protected void doBegin(Object transaction, TransactionDefinition definition) {
		}

		@Override
		protected void doCommit(DefaultTransactionStatus status) {
		}

		@Override
		protected void doRollback(DefaultTransactionStatus status) {
		}

	}

	@Test
	void userRegistrationBeanReplacesTheDefault() {
		this.runner.withPropertyValues("trymellon.webhook.signing-secrets=" + SECRET)
			.withBean(REGISTRATION, FilterRegistrationBean.class, FilterRegistrationBean::new)
			.run((context) -> assertThat(registration(context).getFilter()).isNull());
	}

	private static FilterRegistrationBean<?> registration(ApplicationContext context) {
		return context.getBean(REGISTRATION, FilterRegistrationBean.class);
	}

	private static MockHttpServletRequest request(String path, String body) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
		request.setContent(body.getBytes(StandardCharsets.UTF_8));
		return request;
	}

	private static MockHttpServletResponse deliver(TryMellonWebhookFilter filter, MockHttpServletRequest request)
			throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		filter.doFilter(request, response, new MockFilterChain());
		return response;
	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeans {

		static final ProcessedEventStore STORE = new InMemoryProcessedEventStore(10);

		static final WebhookSignatureVerifier VERIFIER = new WebhookSignatureVerifier(
				List.of("whsec_user_verifier_secret_0000"));

		@Bean
		ProcessedEventStore userStore() {
			return STORE;
		}

		@Bean
		WebhookSignatureVerifier userVerifier() {
			return VERIFIER;
		}

	}

}
