package dev.trymellon.spring.autoconfigure.webhook;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.trymellon.spring.testfixtures.ReactorThreads;
import dev.trymellon.spring.webhook.SessionRevokedEvent;
import dev.trymellon.spring.webhook.TestWebhookSigner;
import dev.trymellon.spring.webhook.TryMellonWebhookEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the reactive receiver in a real Netty server behind a given Spring Security set-up:
 * the webhook works without any rule for it (CSRF included), and no other path is opened
 * or shadowed. The counterpart of {@code AbstractWebhookReceiverIntegrationTests}.
 */
@TestInstance(Lifecycle.PER_CLASS)
abstract class AbstractReactiveWebhookReceiverIntegrationTests {

	static final String SECRET = "whsec_integration_secret_0123456789";

	private static final String GENERIC_401 = "{\"title\":\"Unauthorized\",\"status\":401}";

	private static final String GENERIC_413 = "{\"title\":\"Content Too Large\",\"status\":413}";

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final ConfigurableApplicationContext context;

	private final int port;

	private final WebTestClient client;

	private final Listener listener;

	private final TestTransactionManager transactions;

	AbstractReactiveWebhookReceiverIntegrationTests(Class<?> securityConfiguration) {
		this.context = new SpringApplicationBuilder(App.class, securityConfiguration)
			.web(WebApplicationType.REACTIVE)
			.properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off",
					"trymellon.webhook.signing-secrets=" + SECRET, "trymellon.client-id=client_test",
					"trymellon.jwks.uri=http://127.0.0.1:1/jwks", "trymellon.redis.enabled=false")
			.run();
		this.port = Integer.parseInt(this.context.getEnvironment().getRequiredProperty("local.server.port"));
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.port)
			.responseTimeout(Duration.ofSeconds(20))
			.build();
		this.listener = this.context.getBean(Listener.class);
		this.transactions = this.context.getBean(TestTransactionManager.class);
	}

	@AfterAll
	void stop() {
		this.context.close();
	}

	@BeforeEach
	void reset() {
		this.listener.events.clear();
		this.listener.fail = false;
	}

	/**
	 * The answer the application's security gives to an unauthenticated POST to a path it
	 * does not open.
	 */
	abstract int securedAnswer();

	@Test
	void signedDeliveryIsPublishedWithoutAnyCredentialOrCsrfToken() throws Exception {
		String body = revoked("evt_ok_" + getClass().getSimpleName(), "ses_ok");
		int commits = this.transactions.commits.get();
		HttpResponse<String> response = post("/webhooks/trymellon", body, TestWebhookSigner.sign(SECRET, body));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEmpty();
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
		assertThat(this.listener.events).containsExactlyInAnyOrder("event:ses_ok:tx=true", "any:session.revoked",
				"after-commit:ses_ok");
		assertThat(this.listener.events.get(this.listener.events.size() - 1)).isEqualTo("after-commit:ses_ok");
		assertThat(this.listener.threads).allSatisfy((name) -> assertThat(name).matches(ReactorThreads.BOUNDED_ELASTIC));
		assertThat(this.transactions.commits.get()).isEqualTo(commits + 1);
	}

	@Test
	void unsignedDeliveryGetsTheReceiversGeneric401() throws Exception {
		HttpResponse<String> response = post("/webhooks/trymellon", revoked("evt_unsigned", "ses_x"), null);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).isEqualTo(GENERIC_401);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
		assertThat(this.listener.events).isEmpty();
	}

	@Test
	void getOnTheWebhookIsAnswered405ByTheReceiver() throws Exception {
		HttpResponse<String> response = get("/webhooks/trymellon");
		assertThat(response.statusCode()).isEqualTo(405);
		assertThat(response.headers().firstValue("Allow")).hasValue("POST");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/webhooks/trymellon/", "/webhooks/trymellon;x=1", "/webhooks/%74rymellon",
			"/webhooks%2Ftrymellon", "/WEBHOOKS/TRYMELLON", "//webhooks/trymellon", "/x/../webhooks/trymellon",
			"/webhooks/./trymellon", "/webhooks/trymellon%3B", "/webhooks/trymellonx" })
	void variantsOfThePathAreNotTheWebhookAndOpenNothing(String path) throws Exception {
		String body = revoked("evt_variant", "ses_variant");
		HttpResponse<String> response = post(path, body, TestWebhookSigner.sign(SECRET, body));
		assertThat(response.statusCode()).as(path).isIn(securedAnswer(), 400);
		assertThat(response.body()).isNotEqualTo(GENERIC_401);
		assertThat(this.listener.events).isEmpty();
	}

	@Test
	void otherPathsKeepTheApplicationsSecurity() throws Exception {
		HttpResponse<String> response = post("/api/orders", "{}", null);
		assertThat(response.statusCode()).isEqualTo(securedAnswer());
	}

	@Test
	void listenerFailureRollsBackAnswers500AndTheRetrySucceeds() throws Exception {
		String body = revoked("evt_retry_" + getClass().getSimpleName(), "ses_retry");
		String signature = TestWebhookSigner.sign(SECRET, body);
		int rollbacks = this.transactions.rollbacks.get();
		this.listener.fail = true;
		assertThat(post("/webhooks/trymellon", body, signature).statusCode()).isEqualTo(500);
		assertThat(this.transactions.rollbacks.get()).isEqualTo(rollbacks + 1);
		assertThat(this.listener.events).doesNotContain("after-commit:ses_retry");
		this.listener.fail = false;
		this.listener.events.clear();
		assertThat(post("/webhooks/trymellon", body, signature).statusCode()).isEqualTo(200);
		assertThat(this.listener.events).contains("event:ses_retry:tx=true", "after-commit:ses_retry");
		this.listener.events.clear();
		assertThat(post("/webhooks/trymellon", body, signature).statusCode()).isEqualTo(200);
		assertThat(this.listener.events).isEmpty();
	}

	@Test
	void chunkedBodyOverTheCapIsAnswered413() {
		byte[] large = ("{\"id\":\"evt_big\",\"type\":\"x\",\"pad\":\"" + "a".repeat(300 * 1024) + "\"}")
			.getBytes(StandardCharsets.UTF_8);
		this.client.post()
			.uri("/webhooks/trymellon")
			.header("tm-signature", TestWebhookSigner.sign(SECRET, large))
			.header("tm-timestamp", Instant.now().toString())
			.body(chunked(large), DataBuffer.class)
			.exchange()
			.expectStatus()
			.isEqualTo(413)
			.expectHeader()
			.valueEquals("Cache-Control", "no-store")
			.expectBody(String.class)
			.isEqualTo(GENERIC_413);
		assertThat(this.listener.events).isEmpty();
	}

	@Test
	void declaredLengthOverTheCapIsAnswered413() {
		this.client.post()
			.uri("/webhooks/trymellon")
			.header("tm-signature", "0".repeat(64))
			.header("tm-timestamp", Instant.now().toString())
			.bodyValue(new byte[300 * 1024])
			.exchange()
			.expectStatus()
			.isEqualTo(413)
			.expectBody(String.class)
			.isEqualTo(GENERIC_413);
	}

	@Test
	void chunkedBodyExactlyAtTheCapIsVerifiedOnItsBytes() {
		String start = "{\"id\":\"evt_at_cap_" + getClass().getSimpleName() + "\",\"type\":\"session.revoked\","
				+ "\"created_at\":\"" + Instant.now() + "\",\"data\":{\"user_id\":\"usr_1\",\"session_id\":"
				+ "\"ses_chunked\"},\"pad\":\"";
		byte[] body = (start + "a".repeat(256 * 1024 - start.length() - 2) + "\"}").getBytes(StandardCharsets.UTF_8);
		assertThat(body).hasSize(256 * 1024);
		this.client.post()
			.uri("/webhooks/trymellon")
			.header("tm-signature", TestWebhookSigner.sign(SECRET, body))
			.header("tm-timestamp", Instant.now().toString())
			.body(chunked(body), DataBuffer.class)
			.exchange()
			.expectStatus()
			.isOk();
		assertThat(this.listener.events).contains("event:ses_chunked:tx=true");
	}

	HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).GET().build(),
				BodyHandlers.ofString());
	}

	HttpResponse<String> post(String path, String body, String signature) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.timeout(Duration.ofSeconds(20))
			.header("Content-Type", "application/json")
			.header("tm-timestamp", Instant.now().toString())
			.POST(BodyPublishers.ofString(body));
		if (signature != null) {
			request.header("tm-signature", signature);
		}
		return this.http.send(request.build(), BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	/**
	 * The body in 8 KiB buffers of unknown total length: sent with chunked transfer
	 * encoding, no Content-Length.
	 */
	private static Flux<DataBuffer> chunked(byte[] body) {
		int size = 8192;
		return Flux.range(0, (body.length + size - 1) / size)
			.map((i) -> DefaultDataBufferFactory.sharedInstance
				.wrap(Arrays.copyOfRange(body, i * size, Math.min(i * size + size, body.length))));
	}

	private static String revoked(String id, String sessionId) {
		return "{\"id\":\"" + id + "\",\"type\":\"session.revoked\",\"created_at\":\"" + Instant.now()
				+ "\",\"data\":{\"user_id\":\"usr_1\",\"session_id\":\"" + sessionId + "\"}}";
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableTransactionManagement
	static class App {

		@Bean
		Listener listener() {
			return new Listener();
		}

		@Bean
		TestTransactionManager transactionManager() {
			return new TestTransactionManager();
		}

		@Bean
		OrdersController ordersController() {
			return new OrdersController();
		}

	}

	@RestController
	static class OrdersController {

		@GetMapping("/api/public")
		String open() {
			return "public";
		}

	}

	static class Listener {

		final List<String> events = new CopyOnWriteArrayList<>();

		final List<String> threads = new CopyOnWriteArrayList<>();

		volatile boolean fail;

		@EventListener
		void on(SessionRevokedEvent event) {
			this.threads.add(Thread.currentThread().getName());
			this.events.add("event:" + event.sessionId() + ":tx="
					+ TransactionSynchronizationManager.isActualTransactionActive());
			if (this.fail) {
				throw new IllegalStateException("listener failure");
			}
		}

		@EventListener
		void onAny(TryMellonWebhookEvent event) {
			this.events.add("any:" + event.type());
		}

		@TransactionalEventListener
		void afterCommit(SessionRevokedEvent event) {
			this.events.add("after-commit:" + event.sessionId());
		}

	}

	static class TestTransactionManager extends AbstractPlatformTransactionManager {

		final AtomicInteger commits = new AtomicInteger();

		final AtomicInteger rollbacks = new AtomicInteger();

		@Override
		protected Object doGetTransaction() {
			return new Object();
		}

		@Override
		protected void doBegin(Object transaction, TransactionDefinition definition) {
		}

		@Override
		protected void doCommit(DefaultTransactionStatus status) {
			this.commits.incrementAndGet();
		}

		@Override
		protected void doRollback(DefaultTransactionStatus status) {
			this.rollbacks.incrementAndGet();
		}

	}

}
