package dev.trymellon.spring.webhook.reactive;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.NettyDataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;

import dev.trymellon.spring.actuate.WebhookDeliveryMetrics;
import dev.trymellon.spring.webhook.InMemoryProcessedEventStore;
import dev.trymellon.spring.webhook.ProcessedEventStore;
import dev.trymellon.spring.webhook.TestWebhookSigner;
import dev.trymellon.spring.webhook.TryMellonWebhookReceiver;
import dev.trymellon.spring.webhook.WebhookSignatureVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reactive adapter: path, method, body read bounded while it streams, answers,
 * threading. Mirrors {@code TryMellonWebhookFilterTests} of the servlet adapter; the
 * receiver's checks are tested without any web type in {@code TryMellonWebhookReceiverTests},
 * and the limits over a real Netty server in {@code ReactiveWebhookReceiverIntegrationTests}.
 */
class TryMellonWebhookWebFilterTests {

	static final String SECRET = "whsec_filter_test_secret_0123456789";

	static final Instant NOW = Instant.parse("2026-04-15T12:00:00Z");

	static final String SESSION_REVOKED = "{\"id\":\"evt_1\",\"type\":\"session.revoked\",\"created_at\":"
			+ "\"2026-04-15T11:59:00Z\",\"data\":{\"session_id\":\"ses_1\",\"user_id\":\"usr_1\"}}";

	private final List<Object> published = new CopyOnWriteArrayList<>();

	private final List<String> publishingThreads = new CopyOnWriteArrayList<>();

	private ApplicationEventPublisher publisher = this.published::add;

	private ProcessedEventStore store = new InMemoryProcessedEventStore();

	private final SimpleMeterRegistry meterRegistry = new SimpleMeterRegistry();

	private final WebhookDeliveryMetrics metrics = new WebhookDeliveryMetrics();

	private final List<String> listenerThreads = new CopyOnWriteArrayList<>();

	private final Scheduler scheduler = Schedulers.newBoundedElastic(4, 100, "webhook-test");

	private final NettyDataBufferFactory buffers = new NettyDataBufferFactory(new UnpooledByteBufAllocator(false));

	private final List<NettyDataBuffer> served = new CopyOnWriteArrayList<>();

	private TryMellonWebhookWebFilter filter = filter(256 * 1024);

	TryMellonWebhookWebFilterTests() {
		this.metrics.bindTo(this.meterRegistry);
	}

	@AfterEach
	void disposeScheduler() {
		this.scheduler.dispose();
	}

	private TryMellonWebhookWebFilter filter(long maxBodySize) {
		return new TryMellonWebhookWebFilter(TryMellonWebhookReceiver
			.builder(new WebhookSignatureVerifier(List.of(SECRET)), this.store, (event) -> {
				this.publishingThreads.add(Thread.currentThread().getName());
				this.publisher.publishEvent(event);
			})
			.clock(Clock.fixed(NOW, ZoneOffset.UTC))
			.maxBodySize(maxBodySize)
			.listener((result) -> {
				this.listenerThreads.add(Thread.currentThread().getName());
				this.metrics.delivered(result);
			})
			.build(), this.scheduler);
	}

	// --- answers -------------------------------------------------------------------

	@Test
	void signedDeliveryIsPublishedAndAnswered200WithAnEmptyBody() {
		MockServerHttpResponse response = send(signed(SESSION_REVOKED));
		assertThat(response.getStatusCode().value()).isEqualTo(200);
		assertThat(response.getBodyAsString().block()).isEmpty();
		assertThat(response.getHeaders().getContentLength()).isZero();
		assertThat(response.getHeaders().getFirst("Cache-Control")).isEqualTo("no-store");
		assertThat(this.published).hasSize(1);
		assertThat(count("accepted", "none")).isEqualTo(1);
		assertAllBuffersReleased();
	}

	@Test
	void receiverRunsOnTheGivenSchedulerNeverOnTheCallingThread() {
		send(signed(SESSION_REVOKED));
		MockServerWebExchange unsigned = exchange(
				MockServerHttpRequest.post("/webhooks/trymellon").header("tm-timestamp", NOW.toString()).body("{}"));
		this.filter.filter(unsigned, (exchange) -> Mono.empty()).block(Duration.ofSeconds(5));
		assertThat(this.publishingThreads).singleElement().asString().startsWith("webhook-test");
		assertThat(this.listenerThreads).hasSize(2).allSatisfy((name) -> assertThat(name).startsWith("webhook-test"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS" })
	void otherMethodsAreAnswered405(String method) {
		byte[] body = SESSION_REVOKED.getBytes(StandardCharsets.UTF_8);
		MockServerHttpResponse response = send(
				MockServerHttpRequest.method(HttpMethod.valueOf(method), URI.create("/webhooks/trymellon"))
					.header("tm-signature", TestWebhookSigner.sign(SECRET, body))
					.header("tm-timestamp", NOW.toString())
					.body(counted(body)));
		assertThat(response.getStatusCode().value()).isEqualTo(405);
		assertThat(response.getHeaders().getFirst("Allow")).isEqualTo("POST");
		assertThat(response.getBodyAsString().block()).isEqualTo("{\"title\":\"Method Not Allowed\",\"status\":405}");
		assertThat(this.published).isEmpty();
		assertThat(this.served).isEmpty();
		assertThat(count("rejected", "method_not_allowed")).isEqualTo(1);
	}

	@Test
	void rejectionBodyIsGenericProblem() {
		MockServerHttpResponse response = send(withSignature(SESSION_REVOKED, "0".repeat(64)));
		assertThat(response.getStatusCode().value()).isEqualTo(401);
		assertThat(response.getHeaders().getFirst("Content-Type")).isEqualTo("application/problem+json");
		assertThat(response.getBodyAsString().block()).isEqualTo("{\"title\":\"Unauthorized\",\"status\":401}");
		assertThat(response.getHeaders().getFirst("Cache-Control")).isEqualTo("no-store");
		assertThat(response.getHeaders().getContentLength()).isEqualTo(37);
		assertThat(count("rejected", "signature_invalid")).isEqualTo(1);
		assertAllBuffersReleased();
	}

	@Test
	void malformedJsonIsAnsweredWithTheGeneric400() {
		MockServerHttpResponse response = send(signed("{\"type\":\"session.revoked\",\"id\":"));
		assertThat(response.getStatusCode().value()).isEqualTo(400);
		assertThat(response.getBodyAsString().block()).isEqualTo("{\"title\":\"Bad Request\",\"status\":400}");
		assertThat(count("rejected", "malformed_json")).isEqualTo(1);
	}

	@Test
	void eventInTheFutureIsAnsweredWithTheGeneric401() {
		String future = SESSION_REVOKED.replace("2026-04-15T11:59:00Z", "2026-04-15T12:05:00.001Z");
		MockServerHttpResponse response = send(signed(future));
		assertThat(response.getStatusCode().value()).isEqualTo(401);
		assertThat(response.getBodyAsString().block()).isEqualTo("{\"title\":\"Unauthorized\",\"status\":401}");
		assertThat(count("rejected", "event_in_future")).isEqualTo(1);
	}

	@Test
	void listenerFailureIsAnsweredWithTheGeneric500() {
		this.publisher = (event) -> {
			throw new IllegalStateException("database down");
		};
		MockServerHttpResponse response = send(signed(SESSION_REVOKED));
		assertThat(response.getStatusCode().value()).isEqualTo(500);
		assertThat(response.getBodyAsString().block()).isEqualTo("{\"title\":\"Internal Server Error\",\"status\":500}");
		assertThat(count("failed", "listener_failed")).isEqualTo(1);
	}

	@Test
	void storeFailureIsAnsweredWithTheGeneric500() {
		this.store = new ProcessedEventStore() {
			@Override
			public ClaimResult claim(String key, Duration lease) {
				throw new IllegalStateException("store down");
			}

			@Override
			public void complete(String key, Duration retention) {
			}

			@Override
			public void release(String key) {
			}
		};
		this.filter = filter(256 * 1024);
		MockServerHttpResponse response = send(signed(SESSION_REVOKED));
		assertThat(response.getStatusCode().value()).isEqualTo(500);
		assertThat(response.getBodyAsString().block()).isEqualTo("{\"title\":\"Internal Server Error\",\"status\":500}");
		assertThat(this.published).isEmpty();
		assertThat(count("failed", "store_unavailable")).isEqualTo(1);
	}

	@Test
	void inProgressDuplicateIsAnsweredWithTheGeneric409() {
		this.store.claim("id:evt_1", Duration.ofMinutes(5));
		MockServerHttpResponse response = send(signed(SESSION_REVOKED));
		assertThat(response.getStatusCode().value()).isEqualTo(409);
		assertThat(response.getBodyAsString().block()).isEqualTo("{\"title\":\"Conflict\",\"status\":409}");
	}

	@Test
	void completedDuplicateIsAnswered200WithoutPublishingAgain() {
		assertThat(send(signed(SESSION_REVOKED)).getStatusCode().value()).isEqualTo(200);
		assertThat(send(signed(SESSION_REVOKED)).getStatusCode().value()).isEqualTo(200);
		assertThat(this.published).hasSize(1);
		assertThat(count("duplicate", "already_processed")).isEqualTo(1);
	}

	// --- body ------------------------------------------------------------------------

	@Test
	void declaredLengthOverTheLimitIsAnswered413WithoutReadingTheBody() {
		this.filter = filter(64);
		MockServerHttpResponse response = send(signed(SESSION_REVOKED));
		assertThat(response.getStatusCode().value()).isEqualTo(413);
		assertThat(response.getBodyAsString().block()).isEqualTo("{\"title\":\"Content Too Large\",\"status\":413}");
		assertThat(this.published).isEmpty();
		assertThat(this.served).isEmpty();
		assertThat(count("rejected", "body_too_large")).isEqualTo(1);
	}

	@Test
	void bodyOverTheLimitWithoutContentLengthIsAnswered413() {
		this.filter = filter(64);
		byte[] body = SESSION_REVOKED.getBytes(StandardCharsets.UTF_8);
		MockServerHttpResponse response = send(MockServerHttpRequest.post("/webhooks/trymellon")
			.header("tm-signature", TestWebhookSigner.sign(SECRET, body))
			.header("tm-timestamp", NOW.toString())
			.body(counted(body)));
		assertThat(response.getStatusCode().value()).isEqualTo(413);
		assertThat(this.published).isEmpty();
		assertThat(count("rejected", "body_too_large")).isEqualTo(1);
		assertAllBuffersReleased();
	}

	@Test
	void bodyExactlyAtTheLimitIsAccepted() {
		byte[] body = SESSION_REVOKED.getBytes(StandardCharsets.UTF_8);
		this.filter = filter(body.length);
		assertThat(send(signed(SESSION_REVOKED)).getStatusCode().value()).isEqualTo(200);
		byte[] second = SESSION_REVOKED.replace("evt_1", "evt_2").getBytes(StandardCharsets.UTF_8);
		MockServerHttpResponse chunked = send(MockServerHttpRequest.post("/webhooks/trymellon")
			.header("tm-signature", TestWebhookSigner.sign(SECRET, second))
			.header("tm-timestamp", NOW.toString())
			.body(counted(second)));
		assertThat(chunked.getStatusCode().value()).isEqualTo(200);
		assertThat(this.published).hasSize(2);
		assertAllBuffersReleased();
	}

	@Test
	void endlessBodyIsRefusedAtTheFirstBufferOverTheLimitAndEveryBufferIsReleased() {
		this.filter = filter(1000);
		AtomicInteger bytes = new AtomicInteger();
		Flux<DataBuffer> endless = Flux.generate((sink) -> {
			bytes.addAndGet(100);
			sink.next(buffer(" ".repeat(100).getBytes(StandardCharsets.UTF_8)));
		});
		MockServerHttpResponse response = send(MockServerHttpRequest.post("/webhooks/trymellon")
			.header("tm-signature", "0".repeat(64))
			.header("tm-timestamp", NOW.toString())
			.body(endless));
		assertThat(response.getStatusCode().value()).isEqualTo(413);
		// ten buffers fill the limit exactly; the eleventh is refused before it is copied
		assertThat(bytes.get()).isEqualTo(1100);
		assertAllBuffersReleased();
		assertThat(count("rejected", "body_too_large")).isEqualTo(1);
	}

	@Test
	void headersAreCheckedBeforeTheBodyIsRead() {
		AtomicBoolean subscribed = new AtomicBoolean();
		Flux<DataBuffer> body = Flux.<DataBuffer>never().doOnSubscribe((subscription) -> subscribed.set(true));
		MockServerHttpResponse response = send(MockServerHttpRequest.post("/webhooks/trymellon")
			.header("tm-timestamp", NOW.toString())
			.body(body));
		assertThat(response.getStatusCode().value()).isEqualTo(401);
		assertThat(subscribed).isFalse();
		assertThat(count("rejected", "signature_missing")).isEqualTo(1);
	}

	@Test
	void unreadableBodyIsAnswered400() {
		MockServerHttpResponse response = send(MockServerHttpRequest.post("/webhooks/trymellon")
			.header("tm-signature", "0".repeat(64))
			.header("tm-timestamp", NOW.toString())
			.body(Flux.concat(counted(new byte[10]), Flux.error(new IOException("connection reset")))));
		assertThat(response.getStatusCode().value()).isEqualTo(400);
		assertThat(response.getBodyAsString().block()).isEqualTo("{\"title\":\"Bad Request\",\"status\":400}");
		assertThat(count("rejected", "body_unreadable")).isEqualTo(1);
		assertAllBuffersReleased();
	}

	@Test
	void headerSentTwiceCountsTwice() {
		byte[] body = SESSION_REVOKED.getBytes(StandardCharsets.UTF_8);
		String signature = TestWebhookSigner.sign(SECRET, body);
		MockServerHttpResponse response = send(MockServerHttpRequest.post("/webhooks/trymellon")
			.header("tm-signature", signature, signature)
			.header("tm-timestamp", NOW.toString())
			.body(counted(body)));
		assertThat(response.getStatusCode().value()).isEqualTo(401);
		assertThat(count("rejected", "signature_duplicated")).isEqualTo(1);
		assertThat(this.served).isEmpty();
	}

	// --- path matching -------------------------------------------------------------------

	@ParameterizedTest
	@ValueSource(strings = { "/webhooks/trymellon/", "/webhooks/trymellon;jsessionid=1", "/webhooks/trymellon;",
			"/webhooks/%74rymellon", "/webhooks%2Ftrymellon", "/Webhooks/TryMellon", "/webhooks/trymellonx",
			"/webhooks", "//webhooks/trymellon", "/webhooks//trymellon", "/webhooks/./trymellon",
			"/x/../webhooks/trymellon", "/api/webhooks/trymellon" })
	void otherPathsGoDownTheChainUntouched(String path) {
		byte[] body = SESSION_REVOKED.getBytes(StandardCharsets.UTF_8);
		MockServerWebExchange exchange = exchange(
				MockServerHttpRequest.method(HttpMethod.POST, URI.create("http://localhost" + path))
					.header("tm-signature", TestWebhookSigner.sign(SECRET, body))
					.header("tm-timestamp", NOW.toString())
					.body(counted(body)));
		AtomicBoolean passed = new AtomicBoolean();
		this.filter.filter(exchange, passOn(passed)).block(Duration.ofSeconds(5));
		assertThat(passed).isTrue();
		assertThat(exchange.getResponse().getStatusCode()).isNull();
		assertThat(exchange.getResponse().isCommitted()).isFalse();
		assertThat(this.served).isEmpty();
		assertThat(this.published).isEmpty();
		// the meters are registered up front: none of them counted anything
		assertThat(this.meterRegistry.getMeters()).isNotEmpty()
			.allSatisfy((meter) -> assertThat(meter.measure()).allSatisfy(
					(measurement) -> assertThat(measurement.getValue()).isZero()));
		assertThat(this.filter.getPath()).isEqualTo("/webhooks/trymellon");
	}

	@Test
	void webhookRequestNeverGoesDownTheChain() {
		for (MockServerHttpRequest request : List.of(signed(SESSION_REVOKED), withSignature(SESSION_REVOKED, "x"),
				MockServerHttpRequest.get("/webhooks/trymellon").header("tm-timestamp", NOW.toString()).build())) {
			AtomicBoolean passed = new AtomicBoolean();
			MockServerWebExchange exchange = exchange(request);
			this.filter.filter(exchange, passOn(passed)).block(Duration.ofSeconds(5));
			assertThat(passed).isFalse();
			assertThat(exchange.getResponse().getStatusCode()).isNotNull();
		}
	}

	@Test
	void pathIsMatchedBelowTheBasePath() {
		byte[] body = SESSION_REVOKED.getBytes(StandardCharsets.UTF_8);
		MockServerHttpResponse response = send(MockServerHttpRequest.post("/app/webhooks/trymellon")
			.contextPath("/app")
			.header("tm-signature", TestWebhookSigner.sign(SECRET, body))
			.header("tm-timestamp", NOW.toString())
			.contentLength(body.length)
			.body(counted(body)));
		assertThat(response.getStatusCode().value()).isEqualTo(200);
		AtomicBoolean passed = new AtomicBoolean();
		this.filter.filter(exchange(MockServerHttpRequest.post("/app/x/webhooks/trymellon").contextPath("/app").build()),
				passOn(passed))
			.block(Duration.ofSeconds(5));
		assertThat(passed).isTrue();
	}

	@Test
	void orderedBeforeSpringSecurity() {
		assertThat(this.filter.getOrder()).isEqualTo(TryMellonWebhookWebFilter.DEFAULT_ORDER).isLessThan(-100);
		this.filter.setOrder(-500);
		assertThat(this.filter.getOrder()).isEqualTo(-500);
	}

	// --- helpers -------------------------------------------------------------------------

	private MockServerHttpResponse send(MockServerHttpRequest request) {
		MockServerWebExchange exchange = exchange(request);
		AtomicBoolean passed = new AtomicBoolean();
		this.filter.filter(exchange, passOn(passed)).block(Duration.ofSeconds(5));
		assertThat(passed).as("webhook request passed down the chain").isFalse();
		return exchange.getResponse();
	}

	private static MockServerWebExchange exchange(MockServerHttpRequest request) {
		return MockServerWebExchange.from(request);
	}

	private static WebFilterChain passOn(AtomicBoolean passed) {
		return (exchange) -> {
			passed.set(true);
			return Mono.empty();
		};
	}

	private double count(String outcome, String reason) {
		return this.meterRegistry.get("trymellon.webhook.deliveries")
			.tag("outcome", outcome)
			.tag("reason", reason)
			.counter()
			.count();
	}

	private MockServerHttpRequest signed(String body) {
		return withSignature(body, TestWebhookSigner.sign(SECRET, body));
	}

	private MockServerHttpRequest withSignature(String body, String signature) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		return MockServerHttpRequest.post("/webhooks/trymellon")
			.header("Content-Type", "application/json")
			.header("tm-signature", signature)
			.header("tm-timestamp", "2026-04-15T12:00:00.000Z")
			.contentLength(bytes.length)
			.body(counted(bytes));
	}

	/**
	 * The body in buffers of at most 16 bytes, each recorded to check its release.
	 */
	private Flux<DataBuffer> counted(byte[] body) {
		return Flux.range(0, (body.length + 15) / 16).map((i) -> {
			int from = i * 16;
			byte[] chunk = Arrays.copyOfRange(body, from, Math.min(from + 16, body.length));
			return buffer(chunk);
		});
	}

	private DataBuffer buffer(byte[] bytes) {
		NettyDataBuffer buffer = this.buffers.allocateBuffer(bytes.length);
		buffer.write(bytes);
		this.served.add(buffer);
		return buffer;
	}

	private void assertAllBuffersReleased() {
		assertThat(this.served).isNotEmpty()
			.allSatisfy((buffer) -> assertThat(buffer.getNativeBuffer().refCnt()).isZero());
	}

}
