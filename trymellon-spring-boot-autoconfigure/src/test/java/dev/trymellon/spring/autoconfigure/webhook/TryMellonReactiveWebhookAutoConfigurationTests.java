package dev.trymellon.spring.autoconfigure.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.server.WebFilter;

import dev.trymellon.spring.actuate.WebhookDeliveryMetrics;
import dev.trymellon.spring.autoconfigure.TryMellonAutoConfiguration;
import dev.trymellon.spring.autoconfigure.actuate.TryMellonWebhookMetricsAutoConfiguration;
import dev.trymellon.spring.autoconfigure.redis.TryMellonRedisAutoConfiguration;
import dev.trymellon.spring.autoconfigure.revocation.TryMellonRevocationAutoConfiguration;
import dev.trymellon.spring.redis.RedisProcessedEventStore;
import dev.trymellon.spring.redis.RedisTestSupport;
import dev.trymellon.spring.webhook.DeliveryListener;
import dev.trymellon.spring.webhook.DeliveryResult;
import dev.trymellon.spring.webhook.InMemoryProcessedEventStore;
import dev.trymellon.spring.webhook.ProcessedEventStore;
import dev.trymellon.spring.webhook.SessionLogoutEvent;
import dev.trymellon.spring.webhook.TestWebhookSigner;
import dev.trymellon.spring.webhook.TryMellonWebhookReceiver;
import dev.trymellon.spring.webhook.WebhookSignatureVerifier;
import dev.trymellon.spring.webhook.reactive.TryMellonWebhookWebFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reactive counterpart of {@code TryMellonWebhookAutoConfigurationTests}: the
 * conditions, the filter's order and the receiver's wiring; the receiver's property
 * checks are shared with the servlet side and tested there.
 */
class TryMellonReactiveWebhookAutoConfigurationTests {

	private static final String SECRET = "whsec_autoconfig_secret_0123456789";

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TryMellonAutoConfiguration.class,
				TryMellonWebhookAutoConfiguration.class, TryMellonReactiveWebhookAutoConfiguration.class,
				TryMellonWebhookMetricsAutoConfiguration.class))
		.withPropertyValues("trymellon.client-id=client_test", "trymellon.jwks.uri=http://127.0.0.1:1/jwks");

	@Test
	void withoutSigningSecretTheReceiverDoesNotExist() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(WebFilter.class);
			assertThat(context).doesNotHaveBean(WebhookSignatureVerifier.class);
			assertThat(context).doesNotHaveBean(TryMellonWebhookReceiver.class);
		});
	}

	@Test
	void withSigningSecretTheWebFilterIsOrderedBeforeSpringSecurity() {
		this.runner.withPropertyValues("trymellon.webhook.signing-secrets=" + SECRET).run((context) -> {
			assertThat(context).hasSingleBean(WebhookSignatureVerifier.class);
			assertThat(context).getBean(ProcessedEventStore.class).isInstanceOf(InMemoryProcessedEventStore.class);
			assertThat(context).hasSingleBean(TryMellonWebhookReceiver.class);
			assertThat(context).getBeans(WebFilter.class).hasSize(1);
			TryMellonWebhookWebFilter filter = context.getBean(TryMellonWebhookWebFilter.class);
			assertThat(filter.getPath()).isEqualTo("/webhooks/trymellon");
			// WebFluxSecurityConfiguration.WEB_FILTER_CHAIN_FILTER_ORDER
			assertThat(filter.getOrder()).isEqualTo(-110).isLessThan(-100);
			assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
		});
	}

	@Test
	void notInAServletWebApplication() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TryMellonAutoConfiguration.class,
					TryMellonReactiveWebhookAutoConfiguration.class))
			.withPropertyValues("trymellon.client-id=client_test", "trymellon.webhook.signing-secrets=" + SECRET)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(TryMellonWebhookWebFilter.class);
				assertThat(context).doesNotHaveBean(WebhookSignatureVerifier.class);
			});
	}

	@Test
	void notInANonWebApplication() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TryMellonAutoConfiguration.class,
					TryMellonReactiveWebhookAutoConfiguration.class))
			.withPropertyValues("trymellon.client-id=client_test", "trymellon.webhook.signing-secrets=" + SECRET)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(TryMellonWebhookWebFilter.class);
				assertThat(context).doesNotHaveBean(WebhookSignatureVerifier.class);
			});
	}

	@Test
	void notWithoutReactor() {
		this.runner.withPropertyValues("trymellon.webhook.signing-secrets=" + SECRET)
			.withClassLoader(new FilteredClassLoader(Mono.class))
			.run((context) -> {
				assertThat(context).doesNotHaveBean(TryMellonWebhookWebFilter.class);
				assertThat(context).doesNotHaveBean(TryMellonWebhookReceiver.class);
			});
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
	void shortSecretFailsTheStartupWithoutShowingIt() {
		this.runner.withPropertyValues("trymellon.webhook.signing-secrets=short_secret_1").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("trymellon.webhook.signing-secrets[0]")
				.hasMessageNotContaining("short_secret_1");
		});
	}

	@Test
	void propertiesReachTheFilter() {
		this.runner
			.withPropertyValues("trymellon.webhook.signing-secrets=" + SECRET, "trymellon.webhook.path=/hooks/tm",
					"trymellon.webhook.signature-headers=x-custom-signature", "trymellon.webhook.tolerance=0",
					"trymellon.webhook.max-body-size=1KB")
			.run((context) -> {
				TryMellonWebhookWebFilter filter = context.getBean(TryMellonWebhookWebFilter.class);
				assertThat(filter.getPath()).isEqualTo("/hooks/tm");
				String body = "{\"id\":\"evt_p\",\"type\":\"session.logout\"}";
				assertThat(deliver(filter, MockServerHttpRequest.post("/hooks/tm")
					.header("x-custom-signature", TestWebhookSigner.sign(SECRET, body))
					.body(body))).isEqualTo(200);
				assertThat(deliver(filter, MockServerHttpRequest.post("/hooks/tm")
					.header("tm-signature", TestWebhookSigner.sign(SECRET, body))
					.body(body))).isEqualTo(401);
				assertThat(deliver(filter, MockServerHttpRequest.post("/hooks/tm")
					.header("x-custom-signature", "0".repeat(64))
					.body("{\"x\":\"" + "a".repeat(1100) + "\"}"))).isEqualTo(413);
			});
	}

	@Test
	void userStoreAndVerifierAreUsed() {
		this.runner.withPropertyValues("trymellon.webhook.signing-secrets=" + SECRET)
			.withUserConfiguration(TryMellonWebhookAutoConfigurationTests.UserBeans.class)
			.run((context) -> {
				ProcessedEventStore store = context.getBean(ProcessedEventStore.class);
				assertThat(store).isSameAs(TryMellonWebhookAutoConfigurationTests.UserBeans.STORE);
				String body = "{\"id\":\"evt_reactive_u\",\"type\":\"session.logout\"}";
				assertThat(deliver(context.getBean(TryMellonWebhookWebFilter.class),
						MockServerHttpRequest.post("/webhooks/trymellon")
							.header("tm-signature", TestWebhookSigner.sign("whsec_user_verifier_secret_0000", body))
							.header("tm-timestamp", Instant.now().toString())
							.body(body)))
					.isEqualTo(200);
				assertThat(store.claim("id:evt_reactive_u", Duration.ofMinutes(1)))
					.isEqualTo(ProcessedEventStore.ClaimResult.COMPLETED);
			});
	}

	@Test
	void redisStoreIsUsedWhenRedisIsThere() {
		String prefix = RedisTestSupport.uniquePrefix();
		RedisTestSupport.connect().destroy();
		this.runner
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
					TryMellonRedisAutoConfiguration.class, TryMellonRevocationAutoConfiguration.class))
			.withPropertyValues("trymellon.webhook.signing-secrets=" + SECRET, "trymellon.revocation.enabled=false",
					"trymellon.redis.key-prefix=" + prefix, "spring.data.redis.host=" + RedisTestSupport.HOST,
					"spring.data.redis.port=" + RedisTestSupport.PORT)
			.run((context) -> assertThat(context.getBean(ProcessedEventStore.class))
				.isInstanceOf(RedisProcessedEventStore.class));
	}

	@Test
	void deliveriesAreCountedAndEveryDeliveryListenerIsTold() {
		List<DeliveryResult> results = new CopyOnWriteArrayList<>();
		this.runner.withPropertyValues("trymellon.webhook.signing-secrets=" + SECRET)
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withBean(DeliveryListener.class, () -> results::add)
			.run((context) -> {
				assertThat(context).hasSingleBean(WebhookDeliveryMetrics.class);
				deliver(context.getBean(TryMellonWebhookWebFilter.class),
						MockServerHttpRequest.post("/webhooks/trymellon").body("{}"));
				assertThat(results).containsExactly(DeliveryResult.SIGNATURE_MISSING);
				assertThat(context.getBean(MeterRegistry.class)
					.get("trymellon.webhook.deliveries")
					.tag("outcome", "rejected")
					.tag("reason", "signature_missing")
					.counter()
					.count()).isEqualTo(1);
			});
	}

	@Test
	void userWebFilterReplacesTheDefault() {
		TryMellonWebhookReceiver receiver = TryMellonWebhookReceiver
			.builder(TryMellonWebhookAutoConfigurationTests.UserBeans.VERIFIER, new InMemoryProcessedEventStore(10),
					(event) -> {
					})
			.path("/hooks/own")
			.build();
		TryMellonWebhookWebFilter own = new TryMellonWebhookWebFilter(receiver);
		own.setOrder(-1000);
		this.runner.withPropertyValues("trymellon.webhook.signing-secrets=" + SECRET)
			.withBean(TryMellonWebhookWebFilter.class, () -> own)
			.run((context) -> assertThat(context).getBeans(WebFilter.class).containsOnlyKeys("tryMellonWebhookWebFilter")
				.containsValue(own));
	}

	@Test
	void userReceiverIsTheOneFiltered() {
		TryMellonWebhookReceiver receiver = TryMellonWebhookReceiver
			.builder(TryMellonWebhookAutoConfigurationTests.UserBeans.VERIFIER, new InMemoryProcessedEventStore(10),
					(event) -> {
					})
			.path("/hooks/own")
			.build();
		this.runner.withPropertyValues("trymellon.webhook.signing-secrets=" + SECRET)
			.withBean(TryMellonWebhookReceiver.class, () -> receiver)
			.run((context) -> assertThat(context.getBean(TryMellonWebhookWebFilter.class).getPath())
				.isEqualTo("/hooks/own"));
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

	@Test
	void worksWithoutMicrometerAndWithoutSpringTx() {
		this.runner.withPropertyValues("trymellon.webhook.signing-secrets=" + SECRET)
			.withClassLoader(new FilteredClassLoader(MeterRegistry.class, PlatformTransactionManager.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(TryMellonWebhookWebFilter.class);
				assertThat(context).doesNotHaveBean(WebhookDeliveryMetrics.class);
				assertThat(context).doesNotHaveBean(WebhookTransactionConfiguration.class);
				deliverSigned(context);
			});
	}

	private static void deliverSigned(ApplicationContext context) {
		String body = "{\"id\":\"evt_tx_reactive\",\"type\":\"session.logout\"}";
		assertThat(deliver(context.getBean(TryMellonWebhookWebFilter.class),
				MockServerHttpRequest.post("/webhooks/trymellon")
					.header("tm-signature", TestWebhookSigner.sign(SECRET, body))
					.header("tm-timestamp", Instant.now().toString())
					.body(body)))
			.isEqualTo(200);
	}

	private static int deliver(TryMellonWebhookWebFilter filter, MockServerHttpRequest request) {
		MockServerWebExchange exchange = MockServerWebExchange.from(request);
		filter.filter(exchange, (passed) -> Mono.error(new AssertionError("passed down the chain")))
			.block(Duration.ofSeconds(5));
		MockServerHttpResponse response = exchange.getResponse();
		return response.getStatusCode().value();
	}

	static class TransactionProbe {

		final List<Boolean> transactionActive = new CopyOnWriteArrayList<>();

		@EventListener
		void on(SessionLogoutEvent event) {
			this.transactionActive.add(TransactionSynchronizationManager.isActualTransactionActive());
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

}
