package dev.trymellon.spring.autoconfigure.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.server.WebFilter;

import dev.trymellon.spring.redis.RedisProcessedEventStore;
import dev.trymellon.spring.redis.RedisTestSupport;
import dev.trymellon.spring.testfixtures.BlockHoundCalls;
import dev.trymellon.spring.testfixtures.ReactorThreads;
import dev.trymellon.spring.webhook.DeliveryListener;
import dev.trymellon.spring.webhook.DeliveryResult;
import dev.trymellon.spring.webhook.ProcessedEventStore;
import dev.trymellon.spring.webhook.SessionRevokedEvent;
import dev.trymellon.spring.webhook.TestWebhookSigner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Under BlockHound, every blocking call on a Netty event-loop thread fails: the receiver,
 * with the Redis de-duplication store, an event listener and a delivery listener that all
 * block, answers every kind of delivery correctly, so none of them ran on the event loop.
 * A control filter that blocks on the event loop shows that BlockHound is watching it.
 */
@TestInstance(Lifecycle.PER_CLASS)
class ReactiveWebhookBlockHoundTests {

	static {
		BlockHoundCalls.install();
	}

	private static final String SECRET = "whsec_blockhound_secret_0123456789";

	private final String prefix = RedisTestSupport.uniquePrefix();

	private final LettuceConnectionFactory redis = RedisTestSupport.connect();

	private final ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
		.web(WebApplicationType.REACTIVE)
		.properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off",
				"trymellon.webhook.signing-secrets=" + SECRET, "trymellon.client-id=client_test",
				"trymellon.jwks.uri=http://127.0.0.1:1/jwks", "trymellon.redis.key-prefix=" + this.prefix,
				"spring.data.redis.host=" + RedisTestSupport.HOST, "spring.data.redis.port=" + RedisTestSupport.PORT)
		.run("--trymellon.redis.enabled=true"); // over the test resources' application.properties

	private final WebTestClient client = WebTestClient.bindToServer()
		.baseUrl("http://127.0.0.1:" + this.context.getEnvironment().getRequiredProperty("local.server.port"))
		.responseTimeout(Duration.ofSeconds(20))
		.build();

	@AfterAll
	void stop() {
		BlockHoundCalls.report(ReactiveWebhookBlockHoundTests.class);
		this.context.close();
		RedisTestSupport.deleteKeys(this.redis, this.prefix);
		this.redis.destroy();
	}

	@Test
	void blockingOnTheEventLoopIsDetected() {
		this.client.get()
			.uri("/blocking")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((body) -> assertThat(body).startsWith("detected on reactor-http-"));
	}

	@Test
	void everyKindOfDeliveryIsAnsweredWithoutBlockingTheEventLoop() {
		assertThat(this.context.getBean(ProcessedEventStore.class)).isInstanceOf(RedisProcessedEventStore.class);
		Recorder recorder = this.context.getBean(Recorder.class);
		String body = "{\"id\":\"evt_blockhound\",\"type\":\"session.revoked\",\"created_at\":\"" + Instant.now()
				+ "\",\"data\":{\"user_id\":\"usr_1\",\"session_id\":\"ses_blockhound\"}}";
		String signature = TestWebhookSigner.sign(SECRET, body);
		assertThat(post(body.getBytes(StandardCharsets.UTF_8), signature, false)).isEqualTo(200);
		assertThat(post(body.getBytes(StandardCharsets.UTF_8), signature, true)).as("duplicate, chunked")
			.isEqualTo(200);
		assertThat(post(body.getBytes(StandardCharsets.UTF_8), "0".repeat(64), false)).isEqualTo(401);
		assertThat(post(body.getBytes(StandardCharsets.UTF_8), null, false)).isEqualTo(401);
		assertThat(post(new byte[300 * 1024], "0".repeat(64), false)).as("declared too large").isEqualTo(413);
		assertThat(post(new byte[300 * 1024], "0".repeat(64), true)).as("streamed too large").isEqualTo(413);
		assertThat(post("{\"id\":".getBytes(StandardCharsets.UTF_8), TestWebhookSigner.sign(SECRET, "{\"id\":"),
				false)).isEqualTo(400);
		this.client.get().uri("/webhooks/trymellon").exchange().expectStatus().isEqualTo(405);

		assertThat(recorder.events).containsExactly("ses_blockhound");
		assertThat(recorder.results).containsExactly(DeliveryResult.ACCEPTED, DeliveryResult.DUPLICATE,
				DeliveryResult.SIGNATURE_INVALID, DeliveryResult.SIGNATURE_MISSING, DeliveryResult.BODY_TOO_LARGE,
				DeliveryResult.BODY_TOO_LARGE, DeliveryResult.MALFORMED_JSON, DeliveryResult.METHOD_NOT_ALLOWED);
		assertThat(recorder.threads).hasSize(9).allSatisfy((name) -> assertThat(name).matches(ReactorThreads.BOUNDED_ELASTIC));
	}

	private int post(byte[] body, String signature, boolean chunked) {
		WebTestClient.RequestBodySpec request = this.client.post()
			.uri("/webhooks/trymellon")
			.header("tm-timestamp", Instant.now().toString());
		if (signature != null) {
			request.header("tm-signature", signature);
		}
		WebTestClient.RequestHeadersSpec<?> withBody = chunked ? request.body(chunks(body), DataBuffer.class)
				: request.bodyValue(body);
		return withBody.exchange().returnResult(String.class).getStatus().value();
	}

	private static Flux<DataBuffer> chunks(byte[] body) {
		int size = 8192;
		return Flux.range(0, (body.length + size - 1) / size)
			.map((i) -> DefaultDataBufferFactory.sharedInstance
				.wrap(Arrays.copyOfRange(body, i * size, Math.min(i * size + size, body.length))));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@Bean
		Recorder recorder() {
			return new Recorder();
		}

		@Bean
		DeliveryListener blockingDeliveryListener(Recorder recorder) {
			return (result) -> {
				recorder.block();
				recorder.results.add(result);
			};
		}

		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		WebFilter blockingOnTheEventLoop() {
			return (exchange, chain) -> {
				if (!exchange.getRequest().getPath().value().equals("/blocking")) {
					return chain.filter(exchange);
				}
				String answer;
				try {
					LockSupport.parkNanos(1_000_000); // a blocking call on the event loop
					answer = "not detected on " + Thread.currentThread().getName();
				}
				catch (BlockingOperationError ex) {
					answer = "detected on " + Thread.currentThread().getName();
				}
				byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
				return exchange.getResponse()
					.writeWith(Mono.just(exchange.getResponse().bufferFactory().wrap(bytes)));
			};
		}

		@Bean
		SecurityWebFilterChain openChain(ServerHttpSecurity http) {
			return http.authorizeExchange((exchanges) -> exchanges.anyExchange().permitAll())
				.csrf(ServerHttpSecurity.CsrfSpec::disable)
				.build();
		}

	}

	/**
	 * Records the events and results, blocking each time as a database write would.
	 */
	static class Recorder {

		final List<String> events = new CopyOnWriteArrayList<>();

		final List<DeliveryResult> results = new CopyOnWriteArrayList<>();

		final List<String> threads = new CopyOnWriteArrayList<>();

		@EventListener
		void on(SessionRevokedEvent event) {
			block();
			this.events.add(event.sessionId());
		}

		void block() {
			this.threads.add(Thread.currentThread().getName());
			LockSupport.parkNanos(1_000_000); // a blocking wait, as a JDBC call makes
		}

	}

}
