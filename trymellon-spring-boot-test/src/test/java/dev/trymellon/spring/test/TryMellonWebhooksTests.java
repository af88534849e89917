package dev.trymellon.spring.test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockServletContext;
import org.springframework.web.client.RestClient;

import dev.trymellon.spring.webhook.DeliveryResult;
import dev.trymellon.spring.webhook.InMemoryProcessedEventStore;
import dev.trymellon.spring.webhook.TryMellonWebhookReceiver;
import dev.trymellon.spring.webhook.WebhookSignatureVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class TryMellonWebhooksTests {

	/**
	 * The TryMellon SDK's test secret, for the known-answer vector only: with 15
	 * characters after 'whsec_' it is too short for the receiver.
	 */
	private static final String CONTRACT_SECRET = "whsec_test_1234567890";

	/** Long enough for 'trymellon.webhook.signing-secrets'. */
	private static final String SECRET = "whsec_test_kit_secret_0123456789";

	private static final String OTHER_SECRET = "whsec_other_test_secret_01234567";

	private final TryMellonWebhooks webhooks = TryMellonWebhooks.withSecret(SECRET);

	@Test
	void signatureMatchesTheContractTestVector() {
		byte[] body = "{\"event\":\"auth.success\",\"timestamp\":\"2026-04-15T12:00:00.000Z\"}"
			.getBytes(StandardCharsets.UTF_8);
		assertThat(TryMellonWebhooks.sign(CONTRACT_SECRET, body))
			.isEqualTo("3411b4971afa3155b8350a9e68bec15b0267ca219bb57ea3516b8ad8ba6972ae");
	}

	@Test
	void eventHasTheDocumentedEnvelopeAndHeaders() throws Exception {
		TryMellonWebhooks.Delivery delivery = this.webhooks.event("session.revoked")
			.data("user_id", "u1")
			.data("session_id", "s1")
			.data("revoked_at", Instant.parse("2026-11-28T04:00:00Z"));
		Map<String, Object> body = JSONObjectUtils.parse(delivery.getBodyAsString());
		assertThat(body).containsOnlyKeys("id", "type", "created_at", "application_id", "tenant_id", "data")
			.containsEntry("type", "session.revoked")
			.containsEntry("application_id", "app_test")
			.containsEntry("tenant_id", "tenant_test");
		assertThat((String) body.get("id")).matches("evt_[0-9a-f]{32}").isEqualTo(delivery.getId());
		assertThat(Instant.parse((String) body.get("created_at"))).isNotNull();
		assertThat(body.get("data"))
			.isEqualTo(Map.of("user_id", "u1", "session_id", "s1", "revoked_at", "2026-11-28T04:00:00Z"));
		Map<String, String> headers = delivery.getHeaders();
		assertThat(headers).containsOnlyKeys("tm-signature", "tm-timestamp", "tm-event-id");
		assertThat(headers.get("tm-signature")).matches("[0-9a-f]{64}")
			.isEqualTo(TryMellonWebhooks.sign(SECRET, delivery.getBody()));
		assertThat(Instant.parse(headers.get("tm-timestamp"))).isNotNull();
		assertThat(headers.get("tm-event-id"))
			.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
			.isEqualTo(delivery.getEventId());
	}

	@Test
	void signerDefaultsAndEnvelopeEdits() throws Exception {
		TryMellonWebhooks.Delivery delivery = TryMellonWebhooks.withSecret(SECRET)
			.applicationId("app_1")
			.tenantId("tenant_1")
			.event("user.locked")
			.id("evt_1")
			.createdAt(Instant.parse("2026-01-01T00:00:00Z"))
			.envelope("extra", 1)
			.withoutEnvelope("tenant_id")
			.data(Map.of("user_id", "u1"));
		assertThat(delivery.getBodyAsString()).isEqualTo("{\"id\":\"evt_1\",\"type\":\"user.locked\","
				+ "\"created_at\":\"2026-01-01T00:00:00Z\",\"application_id\":\"app_1\",\"extra\":1,"
				+ "\"data\":{\"user_id\":\"u1\"}}");
	}

	@Test
	void rawBodyIsSignedAsIs() {
		TryMellonWebhooks.Delivery delivery = this.webhooks.rawBody("{\"event\":\"auth.success\"}");
		assertThat(delivery.getBodyAsString()).isEqualTo("{\"event\":\"auth.success\"}");
		assertThat(delivery.getId()).isNull();
		assertThat(delivery.getSignature()).isEqualTo(TryMellonWebhooks.sign(SECRET,
				"{\"event\":\"auth.success\"}".getBytes(StandardCharsets.UTF_8)));
	}

	@Test
	void misSignedVariants() {
		TryMellonWebhooks.Delivery good = this.webhooks.event("session.logout").id("evt_fixed");
		String validForBody = TryMellonWebhooks.sign(SECRET, good.getBody());

		TryMellonWebhooks.Delivery wrongSecret = this.webhooks.event("session.logout").signedWith(OTHER_SECRET);
		assertThat(wrongSecret.getSignature())
			.isEqualTo(TryMellonWebhooks.sign(OTHER_SECRET, wrongSecret.getBody()))
			.isNotEqualTo(TryMellonWebhooks.sign(SECRET, wrongSecret.getBody()));

		TryMellonWebhooks.Delivery tampered = this.webhooks.event("session.logout").tamperedBody();
		String signed = TryMellonWebhooks.sign(SECRET,
				tampered.getBodyAsString().trim().getBytes(StandardCharsets.UTF_8));
		assertThat(tampered.getSignature()).isEqualTo(signed)
			.isNotEqualTo(TryMellonWebhooks.sign(SECRET, tampered.getBody()));
		assertThat(tampered.getBodyAsString()).endsWith("} ");

		assertThat(this.webhooks.event("x").unsigned().getHeaders()).doesNotContainKey("tm-signature");
		assertThat(this.webhooks.event("x").timestamp(null).getHeaders()).doesNotContainKey("tm-timestamp");
		assertThat(this.webhooks.event("x").timestamp(Instant.parse("2020-01-01T00:00:00Z")).getHeaders())
			.containsEntry("tm-timestamp", "2020-01-01T00:00:00Z");
		assertThat(this.webhooks.event("x").signature("abc").getHeaders()).containsEntry("tm-signature", "abc");
		assertThat(good.getSignature()).isEqualTo(validForBody);
		TryMellonWebhooks.Delivery upper = this.webhooks.event("x").upperCaseSignature()
			.signatureHeader("X-TryMellon-Signature");
		assertThat(upper.getHeaders()).doesNotContainKey("tm-signature")
			.containsEntry("X-TryMellon-Signature",
					TryMellonWebhooks.sign(SECRET, upper.getBody()).toUpperCase());
	}

	@Test
	void theReceiverAcceptsSignedDeliveriesAndRefusesTheMisSignedOnes() {
		List<Object> published = new ArrayList<>();
		TryMellonWebhookReceiver receiver = TryMellonWebhookReceiver
			.builder(new WebhookSignatureVerifier(List.of(SECRET)), new InMemoryProcessedEventStore(), published::add)
			.build();
		assertThat(deliver(receiver, this.webhooks.event("session.revoked").data("session_id", "s1")))
			.isEqualTo(DeliveryResult.ACCEPTED);
		assertThat(deliver(receiver, this.webhooks.event("user.locked").upperCaseSignature()
			.signatureHeader("X-TryMellon-Signature"))).isEqualTo(DeliveryResult.ACCEPTED);
		assertThat(deliver(receiver, this.webhooks.event("user.locked").signedWith(OTHER_SECRET)))
			.isEqualTo(DeliveryResult.SIGNATURE_INVALID);
		assertThat(deliver(receiver, this.webhooks.event("user.locked").tamperedBody()))
			.isEqualTo(DeliveryResult.SIGNATURE_INVALID);
		assertThat(deliver(receiver, this.webhooks.event("user.locked").unsigned()))
			.isEqualTo(DeliveryResult.SIGNATURE_MISSING);
		assertThat(deliver(receiver, this.webhooks.event("user.locked").timestamp(Instant.now().minusSeconds(3600))))
			.isEqualTo(DeliveryResult.TIMESTAMP_OUTSIDE_TOLERANCE);
		assertThat(published).hasSize(2);
	}

	private static DeliveryResult deliver(TryMellonWebhookReceiver receiver, TryMellonWebhooks.Delivery delivery) {
		Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		headers.putAll(delivery.getHeaders());
		return receiver.receive((name) -> (headers.containsKey(name)) ? List.of(headers.get(name)) : List.of(),
				delivery.getBody());
	}

	@Test
	void buildsMockMvcRequests() throws Exception {
		TryMellonWebhooks.Delivery delivery = this.webhooks.event("user.locked").data("user_id", "u1");
		MockHttpServletRequest request = delivery.post().buildRequest(new MockServletContext());
		assertThat(request.getMethod()).isEqualTo("POST");
		assertThat(request.getRequestURI()).isEqualTo("/webhooks/trymellon");
		assertThat(request.getContentType()).isEqualTo("application/json");
		assertThat(request.getContentAsByteArray()).isEqualTo(delivery.getBody());
		assertThat(request.getHeader("tm-signature")).isEqualTo(delivery.getSignature());
		assertThat(request.getHeader("tm-event-id")).isEqualTo(delivery.getEventId());
		assertThat(TryMellonWebhooks.withSecret(SECRET).path("/hooks").event("x").post().buildRequest(
				new MockServletContext()).getRequestURI()).isEqualTo("/hooks");
	}

	@Test
	void sendsWithRestClient() throws Exception {
		AtomicReference<byte[]> receivedBody = new AtomicReference<>();
		AtomicReference<Headers> receivedHeaders = new AtomicReference<>();
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/webhooks/trymellon", (exchange) -> {
			try (exchange; InputStream in = exchange.getRequestBody()) {
				receivedBody.set(in.readAllBytes());
				receivedHeaders.set(exchange.getRequestHeaders());
				exchange.sendResponseHeaders(204, -1);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		server.start();
		try {
			TryMellonWebhooks.Delivery delivery = this.webhooks.event("session.revoked").data("user_id", "u1");
			ResponseEntity<Void> response = delivery
				.post(RestClient.create(), "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/trymellon")
				.retrieve()
				.toBodilessEntity();
			assertThat(response.getStatusCode().value()).isEqualTo(204);
			assertThat(receivedBody.get()).isEqualTo(delivery.getBody());
			assertThat(receivedHeaders.get().getFirst("tm-signature")).isEqualTo(delivery.getSignature());
			assertThat(receivedHeaders.get().getFirst("tm-timestamp")).isEqualTo(delivery.getHeaders().get("tm-timestamp"));
			assertThat(receivedHeaders.get().getFirst("tm-event-id")).isEqualTo(delivery.getEventId());
			assertThat(receivedHeaders.get().getFirst("Content-Type")).isEqualTo("application/json");
		}
		finally {
			server.stop(0);
		}
	}

}
