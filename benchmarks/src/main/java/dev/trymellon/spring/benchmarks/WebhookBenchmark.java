package dev.trymellon.spring.benchmarks;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import dev.trymellon.spring.webhook.InMemoryProcessedEventStore;
import dev.trymellon.spring.webhook.SessionRevokedEvent;
import dev.trymellon.spring.webhook.TryMellonWebhookReceiver;
import dev.trymellon.spring.webhook.WebhookSignatureVerifier;
import dev.trymellon.spring.webhook.servlet.TryMellonWebhookFilter;

import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockServletContext;

/**
 * Receiving one webhook delivery on one thread, through the receiver filter as the
 * auto-configuration sets it up (default limits, the in-memory de-duplication store of
 * 100,000 events): headers and timestamp, body read, HMAC-SHA256 signature, JSON parse
 * into the typed event, de-duplication claim, publication to the application context
 * (one listener, counting), completion.
 * <p>
 * Every delivery is a new {@code session.revoked} event of {@code bodySize} bytes (its id
 * differs), so it is published, never answered as a duplicate. The request, its body and
 * its signature are prepared before each call, outside the measured time; the listener
 * count is checked against the calls after each iteration.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
@Threads(1)
public class WebhookBenchmark {

	static final String SECRET = "whsec_benchmark_3c1f8e0a9d2b47e6";

	static final String PATH = "/webhooks/trymellon";

	private static final String ID_PLACEHOLDER = "evt_0000000000000000";

	@Benchmark
	public int receive(Delivery delivery) throws Exception {
		delivery.filter.doFilter(delivery.request, delivery.response, delivery.chain);
		int status = delivery.response.getStatus();
		if (status != 200) {
			throw new IllegalStateException("The delivery was answered " + status);
		}
		delivery.calls++;
		return status;
	}

	@State(Scope.Thread)
	public static class Delivery {

		@Param({ "1024", "65536" })
		public int bodySize;

		TryMellonWebhookFilter filter;

		GenericApplicationContext context;

		Counter counter;

		byte[] template;

		int idOffset;

		Mac mac;

		long sequence;

		long calls;

		MockHttpServletRequest request;

		MockHttpServletResponse response;

		MockFilterChain chain;

		private final MockServletContext servletContext = new MockServletContext();

		@Setup(Level.Trial)
		public void setUp() throws GeneralSecurityException {
			this.context = new GenericApplicationContext();
			this.counter = new Counter();
			this.context.addApplicationListener(this.counter);
			this.context.refresh();
			this.filter = new TryMellonWebhookFilter(TryMellonWebhookReceiver
				.builder(new WebhookSignatureVerifier(List.of(SECRET)), new InMemoryProcessedEventStore(), this.context)
				.build());
			this.template = body(this.bodySize).getBytes(StandardCharsets.UTF_8);
			TokenVerificationBenchmark.check(this.template.length == this.bodySize, "the body is not " + this.bodySize
					+ " bytes but " + this.template.length);
			this.idOffset = new String(this.template, StandardCharsets.UTF_8).indexOf(ID_PLACEHOLDER) + 4;
			this.mac = Mac.getInstance("HmacSHA256");
			this.mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		}

		/**
		 * A new delivery: another event id, signed, with a current timestamp.
		 */
		@Setup(Level.Invocation)
		public void nextDelivery() {
			byte[] body = this.template.clone();
			String id = String.format("%016d", this.sequence++);
			for (int i = 0; i < id.length(); i++) {
				body[this.idOffset + i] = (byte) id.charAt(i);
			}
			MockHttpServletRequest request = new ContainerRequest(this.servletContext, body);
			request.setContentType("application/json");
			request.addHeader("tm-signature", HexFormat.of().formatHex(this.mac.doFinal(body)));
			request.addHeader("tm-timestamp",
					Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
			request.addHeader("tm-event-id", "dlv_" + id);
			this.request = request;
			this.response = new MockHttpServletResponse();
			this.chain = new MockFilterChain();
		}

		@TearDown(Level.Iteration)
		public void checkPublished() {
			TokenVerificationBenchmark.check(this.counter.count == this.calls,
					"published " + this.counter.count + " events for " + this.calls + " deliveries");
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			this.context.close();
		}

	}

	/**
	 * A {@code session.revoked} delivery of exactly {@code size} bytes: the documented
	 * envelope, and in {@code data} the session's devices (as many as fit) and a note
	 * padding to the size.
	 */
	static String body(int size) {
		String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
		StringBuilder json = new StringBuilder(size + 256);
		json.append("{\"id\":\"").append(ID_PLACEHOLDER).append("\",\"type\":\"").append(SessionRevokedEvent.TYPE);
		json.append("\",\"created_at\":\"").append(now).append("\",\"tenant_id\":\"").append(BenchmarkTokens.TENANT_ID);
		json.append("\",\"application_id\":\"").append(BenchmarkTokens.APP_ID).append("\",\"data\":{");
		json.append("\"user_id\":\"").append(BenchmarkTokens.userId("user", 7)).append("\",\"session_id\":\"");
		json.append(BenchmarkTokens.userId("sess", 7)).append("\",\"external_user_id\":\"ext_7\",");
		json.append("\"revoked_by\":\"admin\",\"reason\":\"user_signed_out_everywhere\",\"revoked_at\":\"");
		json.append(now).append("\",\"devices\":[");
		String closing = "],\"note\":\"\"}}";
		int device = 0;
		while (true) {
			String entry = ((device > 0) ? "," : "") + "{\"credential_id\":\"" + BenchmarkTokens.userId("cred", device)
					+ "\",\"ip\":\"203.0.113." + (device % 250) + "\",\"user_agent\":\"Mozilla/5.0 (X11; Linux x86_64)"
					+ " AppleWebKit/537.36\",\"last_seen_at\":\"" + now + "\"}";
			if (json.length() + entry.length() + closing.length() + 64 > size) {
				break;
			}
			json.append(entry);
			device++;
		}
		json.append("],\"note\":\"");
		int padding = size - json.length() - 3;
		json.append("x".repeat(Math.max(0, padding))).append("\"}}");
		return json.toString();
	}

	/**
	 * A mock request whose body stream reads in bulk, as a servlet container's does. The
	 * mock's own stream implements only the one-byte {@code read()}, so every bulk read
	 * goes through the JDK's default {@code InputStream.read(byte[], int, int)}, one call
	 * per byte (about 25 ns a byte on the reference machine: 25 µs of a 1 KiB receipt,
	 * 1.6 ms of a 64 KiB one), a cost of the mock that no container has.
	 */
	static final class ContainerRequest extends MockHttpServletRequest {

		private final ServletInputStream stream;

		ContainerRequest(MockServletContext servletContext, byte[] body) {
			super(servletContext, "POST", PATH);
			setContent(body);
			ByteArrayInputStream input = new ByteArrayInputStream(body);
			this.stream = new ServletInputStream() {

				@Override
				public int read() {
					return input.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) {
					return input.read(buffer, offset, length);
				}

				@Override
				public boolean isFinished() {
					return input.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException();
				}

			};
		}

		@Override
		public ServletInputStream getInputStream() {
			return this.stream;
		}

	}

	/**
	 * The application's listener: counts the events published.
	 */
	static final class Counter implements ApplicationListener<PayloadApplicationEvent<SessionRevokedEvent>> {

		long count;

		@Override
		public void onApplicationEvent(PayloadApplicationEvent<SessionRevokedEvent> event) {
			this.count++;
		}

	}

}
