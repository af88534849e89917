package dev.trymellon.spring.webhook.servlet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import dev.trymellon.spring.actuate.WebhookDeliveryMetrics;
import dev.trymellon.spring.webhook.InMemoryProcessedEventStore;
import dev.trymellon.spring.webhook.ProcessedEventStore;
import dev.trymellon.spring.webhook.TestWebhookSigner;
import dev.trymellon.spring.webhook.TryMellonWebhookReceiver;
import dev.trymellon.spring.webhook.WebhookSignatureVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The servlet adapter: path, method, bounded body, answers. The receiver's checks are
 * tested without any servlet type in {@code TryMellonWebhookReceiverTests}.
 */
class TryMellonWebhookFilterTests {

	static final String SECRET = "whsec_filter_test_secret_0123456789";

	static final Instant NOW = Instant.parse("2026-04-15T12:00:00Z");

	static final String SESSION_REVOKED = "{\"id\":\"evt_1\",\"type\":\"session.revoked\",\"created_at\":"
			+ "\"2026-04-15T11:59:00Z\",\"data\":{\"session_id\":\"ses_1\",\"user_id\":\"usr_1\"}}";

	private final List<Object> published = new CopyOnWriteArrayList<>();

	private ApplicationEventPublisher publisher = this.published::add;

	private ProcessedEventStore store = new InMemoryProcessedEventStore();

	private final SimpleMeterRegistry meterRegistry = new SimpleMeterRegistry();

	private final WebhookDeliveryMetrics metrics = new WebhookDeliveryMetrics();

	private TryMellonWebhookFilter filter = filter(256 * 1024);

	TryMellonWebhookFilterTests() {
		this.metrics.bindTo(this.meterRegistry);
	}

	private TryMellonWebhookFilter filter(long maxBodySize) {
		return new TryMellonWebhookFilter(TryMellonWebhookReceiver
			.builder(new WebhookSignatureVerifier(List.of(SECRET)), this.store,
					(event) -> this.publisher.publishEvent(event))
			.clock(Clock.fixed(NOW, ZoneOffset.UTC))
			.maxBodySize(maxBodySize)
			.listener(this.metrics)
			.build());
	}

	// --- answers -------------------------------------------------------------------

	@Test
	void signedDeliveryIsPublishedAndAnswered200WithAnEmptyBody() throws Exception {
		MockHttpServletResponse response = send(signed(SESSION_REVOKED));
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getContentAsByteArray()).isEmpty();
		assertThat(response.getContentLength()).isZero();
		assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
		assertThat(this.published).hasSize(1);
		assertThat(count("accepted", "none")).isEqualTo(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS" })
	void otherMethodsAreAnswered405(String method) throws Exception {
		MockHttpServletRequest request = signed(SESSION_REVOKED);
		request.setMethod(method);
		MockHttpServletResponse response = send(request);
		assertThat(response.getStatus()).isEqualTo(405);
		assertThat(response.getHeader("Allow")).isEqualTo("POST");
		assertThat(response.getContentAsString()).isEqualTo("{\"title\":\"Method Not Allowed\",\"status\":405}");
		assertThat(this.published).isEmpty();
		assertThat(count("rejected", "method_not_allowed")).isEqualTo(1);
	}

	@Test
	void rejectionBodyIsGenericProblem() throws Exception {
		MockHttpServletRequest request = signed(SESSION_REVOKED);
		request.removeHeader("tm-signature");
		request.addHeader("tm-signature", "0".repeat(64));
		MockHttpServletResponse response = send(request);
		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(response.getContentType()).isEqualTo("application/problem+json");
		assertThat(response.getContentAsString()).isEqualTo("{\"title\":\"Unauthorized\",\"status\":401}");
		assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
		assertThat(count("rejected", "signature_invalid")).isEqualTo(1);
	}

	@Test
	void malformedJsonIsAnsweredWithTheGeneric400() throws Exception {
		MockHttpServletResponse response = send(signed("{\"type\":\"session.revoked\",\"id\":"));
		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(response.getContentAsString()).isEqualTo("{\"title\":\"Bad Request\",\"status\":400}");
		assertThat(count("rejected", "malformed_json")).isEqualTo(1);
	}

	@Test
	void eventInTheFutureIsAnsweredWithTheGeneric401() throws Exception {
		String future = SESSION_REVOKED.replace("2026-04-15T11:59:00Z", "2026-04-15T12:05:00.001Z");
		MockHttpServletResponse response = send(signed(future));
		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(response.getContentAsString()).isEqualTo("{\"title\":\"Unauthorized\",\"status\":401}");
		assertThat(count("rejected", "event_in_future")).isEqualTo(1);
	}

	@Test
	void listenerFailureIsAnsweredWithTheGeneric500() throws Exception {
		this.publisher = (event) -> {
			throw new IllegalStateException("database down");
		};
		MockHttpServletResponse response = send(signed(SESSION_REVOKED));
		assertThat(response.getStatus()).isEqualTo(500);
		assertThat(response.getContentAsString()).isEqualTo("{\"title\":\"Internal Server Error\",\"status\":500}");
		assertThat(count("failed", "listener_failed")).isEqualTo(1);
	}

	@Test
	void storeFailureIsAnsweredWithTheGeneric500() throws Exception {
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
		MockHttpServletResponse response = send(signed(SESSION_REVOKED));
		assertThat(response.getStatus()).isEqualTo(500);
		assertThat(response.getContentAsString()).isEqualTo("{\"title\":\"Internal Server Error\",\"status\":500}");
		assertThat(this.published).isEmpty();
		assertThat(count("failed", "store_unavailable")).isEqualTo(1);
	}

	@Test
	void inProgressDuplicateIsAnsweredWithTheGeneric409() throws Exception {
		this.store.claim("id:evt_1", Duration.ofMinutes(5));
		MockHttpServletResponse response = send(signed(SESSION_REVOKED));
		assertThat(response.getStatus()).isEqualTo(409);
		assertThat(response.getContentAsString()).isEqualTo("{\"title\":\"Conflict\",\"status\":409}");
	}

	// --- body ------------------------------------------------------------------------

	@Test
	void declaredLengthOverTheLimitIsAnswered413() throws Exception {
		this.filter = filter(64);
		MockHttpServletResponse response = send(signed(SESSION_REVOKED));
		assertThat(response.getStatus()).isEqualTo(413);
		assertThat(response.getContentAsString()).isEqualTo("{\"title\":\"Content Too Large\",\"status\":413}");
		assertThat(this.published).isEmpty();
		assertThat(count("rejected", "body_too_large")).isEqualTo(1);
	}

	@Test
	void bodyOverTheLimitWithoutContentLengthIsAnswered413() throws Exception {
		this.filter = filter(64);
		byte[] body = SESSION_REVOKED.getBytes(StandardCharsets.UTF_8);
		MockHttpServletRequest request = withoutContentLength(body);
		request.addHeader("tm-signature", TestWebhookSigner.sign(SECRET, body));
		request.addHeader("tm-timestamp", NOW.toString());
		assertThat(send(request).getStatus()).isEqualTo(413);
		assertThat(this.published).isEmpty();
		assertThat(count("rejected", "body_too_large")).isEqualTo(1);
	}

	@Test
	void bodyExactlyAtTheLimitIsAccepted() throws Exception {
		this.filter = filter(SESSION_REVOKED.getBytes(StandardCharsets.UTF_8).length);
		assertThat(send(signed(SESSION_REVOKED)).getStatus()).isEqualTo(200);
		this.filter = filter(SESSION_REVOKED.getBytes(StandardCharsets.UTF_8).length);
		byte[] body = SESSION_REVOKED.replace("evt_1", "evt_2").getBytes(StandardCharsets.UTF_8);
		MockHttpServletRequest chunked = withoutContentLength(body);
		chunked.addHeader("tm-signature", TestWebhookSigner.sign(SECRET, body));
		chunked.addHeader("tm-timestamp", NOW.toString());
		assertThat(send(chunked).getStatus()).isEqualTo(200);
	}

	@Test
	void endlessBodyIsReadOnlyToOneByteOverTheLimit() throws Exception {
		this.filter = filter(1000);
		CountingEndlessStream endless = new CountingEndlessStream();
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/webhooks/trymellon") {
			@Override
			public ServletInputStream getInputStream() {
				return endless;
			}
		};
		request.addHeader("tm-signature", "0".repeat(64));
		request.addHeader("tm-timestamp", NOW.toString());
		assertThat(send(request).getStatus()).isEqualTo(413);
		assertThat(endless.served.get()).isEqualTo(1001);
	}

	@Test
	void headersAreCheckedBeforeTheBodyIsRead() throws Exception {
		CountingEndlessStream endless = new CountingEndlessStream();
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/webhooks/trymellon") {
			@Override
			public ServletInputStream getInputStream() {
				return endless;
			}
		};
		request.addHeader("tm-timestamp", NOW.toString());
		MockHttpServletResponse response = send(request);
		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(endless.served.get()).isZero();
		assertThat(count("rejected", "signature_missing")).isEqualTo(1);
	}

	@Test
	void unreadableBodyIsAnswered400() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/webhooks/trymellon") {
			@Override
			public ServletInputStream getInputStream() {
				return new CountingEndlessStream() {
					@Override
					public int read(byte[] buffer, int offset, int length) throws IOException {
						throw new IOException("connection reset");
					}
				};
			}
		};
		request.addHeader("tm-signature", "0".repeat(64));
		request.addHeader("tm-timestamp", NOW.toString());
		MockHttpServletResponse response = send(request);
		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(response.getContentAsString()).isEqualTo("{\"title\":\"Bad Request\",\"status\":400}");
		assertThat(count("rejected", "body_unreadable")).isEqualTo(1);
	}

	// --- path matching -------------------------------------------------------------------

	@ParameterizedTest
	@ValueSource(strings = { "/webhooks/trymellon/", "/webhooks/trymellon;jsessionid=1", "/webhooks/trymellon;",
			"/webhooks/%74rymellon", "/webhooks%2Ftrymellon", "/Webhooks/TryMellon", "/webhooks/trymellonx",
			"/webhooks", "//webhooks/trymellon", "/webhooks//trymellon", "/webhooks/./trymellon",
			"/x/../webhooks/trymellon", "/api/webhooks/trymellon" })
	void otherPathsGoDownTheChainUntouched(String uri) throws Exception {
		MockHttpServletRequest request = signed(SESSION_REVOKED);
		request.setRequestURI(uri);
		MockHttpServletResponse response = new MockHttpServletResponse();
		MockFilterChain chain = new MockFilterChain();
		this.filter.doFilter(request, response, chain);
		assertThat(chain.getRequest()).isSameAs(request);
		assertThat(response.isCommitted()).isFalse();
		assertThat(response.getContentAsByteArray()).isEmpty();
		assertThat(this.published).isEmpty();
		// the meters are registered up front: none of them counted anything
		assertThat(this.meterRegistry.getMeters()).isNotEmpty()
			.allSatisfy((meter) -> assertThat(meter.measure()).allSatisfy(
					(measurement) -> assertThat(measurement.getValue()).isZero()));
		assertThat(this.filter.getPath()).isEqualTo("/webhooks/trymellon");
	}

	@Test
	void webhookRequestNeverGoesDownTheChain() throws Exception {
		MockHttpServletRequest get = signed(SESSION_REVOKED);
		get.setMethod("GET");
		for (MockHttpServletRequest request : List.of(signed(SESSION_REVOKED), withSignature(SESSION_REVOKED, "x"),
				get)) {
			MockFilterChain chain = new MockFilterChain();
			this.filter.doFilter(request, new MockHttpServletResponse(), chain);
			assertThat(chain.getRequest()).isNull();
		}
	}

	@Test
	void pathIsMatchedBelowTheContextPath() throws Exception {
		MockHttpServletRequest request = signed(SESSION_REVOKED);
		request.setContextPath("/app");
		request.setRequestURI("/app/webhooks/trymellon");
		assertThat(send(request).getStatus()).isEqualTo(200);
		MockHttpServletRequest outside = signed(SESSION_REVOKED);
		outside.setContextPath("/app");
		outside.setRequestURI("/webhooks/trymellon");
		MockFilterChain chain = new MockFilterChain();
		this.filter.doFilter(outside, new MockHttpServletResponse(), chain);
		assertThat(chain.getRequest()).isSameAs(outside);
	}

	// --- helpers -------------------------------------------------------------------------

	private MockHttpServletResponse send(MockHttpServletRequest request) throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		MockFilterChain chain = new MockFilterChain();
		this.filter.doFilter(request, response, chain);
		assertThat(chain.getRequest()).as("webhook request passed down the chain").isNull();
		return response;
	}

	private double count(String outcome, String reason) {
		return this.meterRegistry.get("trymellon.webhook.deliveries")
			.tag("outcome", outcome)
			.tag("reason", reason)
			.counter()
			.count();
	}

	private static MockHttpServletRequest signed(String body) {
		return withSignature(body, TestWebhookSigner.sign(SECRET, body));
	}

	private static MockHttpServletRequest withSignature(String body, String signature) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/webhooks/trymellon");
		request.setContentType("application/json");
		request.setContent(body.getBytes(StandardCharsets.UTF_8));
		request.addHeader("tm-signature", signature);
		request.addHeader("tm-timestamp", "2026-04-15T12:00:00.000Z");
		return request;
	}

	private static MockHttpServletRequest withoutContentLength(byte[] body) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/webhooks/trymellon") {
			@Override
			public long getContentLengthLong() {
				return -1;
			}

			@Override
			public int getContentLength() {
				return -1;
			}
		};
		request.setContent(body);
		return request;
	}

	/**
	 * A body that never ends, counting the bytes it served.
	 */
	static class CountingEndlessStream extends ServletInputStream {

		final AtomicInteger served = new AtomicInteger();

		@Override
		public int read() throws IOException {
			this.served.incrementAndGet();
			return ' ';
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int chunk = Math.min(length, 100);
			java.util.Arrays.fill(buffer, offset, offset + chunk, (byte) ' ');
			this.served.addAndGet(chunk);
			return chunk;
		}

		@Override
		public boolean isFinished() {
			return false;
		}

		@Override
		public boolean isReady() {
			return true;
		}

		@Override
		public void setReadListener(ReadListener listener) {
		}

	}

}
