package dev.trymellon.spring.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationEventPublisher;

import dev.trymellon.spring.actuate.WebhookDeliveryMetrics;
import dev.trymellon.spring.webhook.ProcessedEventStore.ClaimResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

@ExtendWith(OutputCaptureExtension.class)
class TryMellonWebhookReceiverTests {

	static final String SECRET = "whsec_filter_test_secret_0123456789";

	static final String OLD_SECRET = "whsec_old_rotated_secret_9876543210";

	static final Instant NOW = Instant.parse("2026-04-15T12:00:00Z");

	static final String SESSION_REVOKED = "{\"id\":\"evt_1\",\"type\":\"session.revoked\",\"created_at\":"
			+ "\"2026-04-15T11:59:00Z\",\"application_id\":\"app_1\",\"tenant_id\":\"ten_1\",\"data\":{"
			+ "\"session_id\":\"ses_1\",\"user_id\":\"usr_1\",\"external_user_id\":\"ext_1\",\"revoked_by\":\"admin_1\","
			+ "\"reason\":\"admin\",\"revoked_at\":\"2026-04-15T11:58:59.5Z\",\"extra\":{\"k\":[1,2]}}}";

	static final String SDK_SESSION_REVOKED = "{\"event\":\"session.revoked\",\"timestamp\":\"2026-04-15T11:59:00.000Z\","
			+ "\"data\":{\"tenant_id\":\"ten_2\",\"application_id\":\"app_2\",\"user_id\":\"usr_2\","
			+ "\"session_id\":\"ses_2\",\"revoked_at\":\"2026-04-15T11:58:00+02:00\"}}";

	private final List<Object> published = new CopyOnWriteArrayList<>();

	private ApplicationEventPublisher publisher = this.published::add;

	private final InMemoryProcessedEventStore store = new InMemoryProcessedEventStore();

	private final SimpleMeterRegistry meterRegistry = new SimpleMeterRegistry();

	private final WebhookDeliveryMetrics metrics = metrics(this.meterRegistry);

	private TryMellonWebhookReceiver receiver = receiver(Duration.ofMinutes(5), 256 * 1024);

	private static WebhookDeliveryMetrics metrics(SimpleMeterRegistry registry) {
		WebhookDeliveryMetrics metrics = new WebhookDeliveryMetrics();
		metrics.bindTo(registry);
		return metrics;
	}

	private TryMellonWebhookReceiver receiver(Duration tolerance, long maxBodySize) {
		return TryMellonWebhookReceiver
			.builder(new WebhookSignatureVerifier(List.of(SECRET, OLD_SECRET)), this.store,
					(event) -> this.publisher.publishEvent(event))
			.clock(Clock.fixed(NOW, ZoneOffset.UTC))
			.tolerance(tolerance)
			.maxBodySize(maxBodySize)
			.listener(this.metrics)
			.build();
	}

	// --- answers -------------------------------------------------------------------

	@Test
	void signedDeliveryIsPublishedAndAnswered200() throws Exception {
		DeliveryResult result = send(signed(SESSION_REVOKED));
		assertThat(result.status()).isEqualTo(200);
		assertThat(result).isEqualTo(DeliveryResult.ACCEPTED);
		assertThat(this.published).singleElement().isInstanceOf(SessionRevokedEvent.class);
		assertThat(count("accepted", "none")).isEqualTo(1);
	}

	@Test
	void bodyExactlyAtTheLimitIsAccepted() throws Exception {
		this.receiver = receiver(Duration.ofMinutes(5), SESSION_REVOKED.getBytes(StandardCharsets.UTF_8).length);
		assertThat(send(signed(SESSION_REVOKED)).status()).isEqualTo(200);
	}


	@Test
	void malformedJsonIsAnswered400() throws Exception {
		DeliveryResult result = send(signed("{\"type\":\"session.revoked\",\"id\":"));
		assertThat(result.status()).isEqualTo(400);
		assertThat(count("rejected", "malformed_json")).isEqualTo(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "[1,2]", "\"text\"", "", "{\"id\":\"e\",\"type\":\"a\",\"type\":\"session.revoked\"}",
			"{id:\"e\",type:\"x\"}", "{\"id\":\"e\",\"type\":\"x\"} trailing" })
	void nonObjectOrAmbiguousJsonIsAnswered400(String body) throws Exception {
		assertThat(send(signed(body)).status()).isEqualTo(400);
		assertThat(this.published).isEmpty();
	}

	@Test
	void invalidUtf8IsAnswered400() throws Exception {
		byte[] body = { '{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}' };
		assertThat(send(signed(body)).status()).isEqualTo(400);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "{\"id\":\"evt_1\"}|type_missing",
			"{\"id\":\"evt_1\",\"type\":\"\"}|field_invalid", "{\"id\":\"evt_1\",\"type\":7}|field_invalid",
			"{\"type\":\"session.revoked\"}|id_missing", "{\"id\":42,\"type\":\"session.revoked\"}|field_invalid",
			"{\"id\":\"evt 1\",\"type\":\"session.revoked\"}|field_invalid",
			"{\"id\":\"evt_1\",\"type\":\"session.revoked\",\"data\":[1]}|field_invalid",
			"{\"id\":\"evt_1\",\"type\":\"session.revoked\",\"data\":{\"user_id\":7}}|field_invalid",
			"{\"id\":\"evt_1\",\"type\":\"session.revoked\",\"data\":{\"revoked_at\":\"yesterday\"}}|field_invalid",
			"{\"id\":\"evt_1\",\"type\":\"session.revoked\",\"created_at\":\"2026-04-15\"}|field_invalid",
			"{\"id\":\"evt_1\",\"type\":\"session.revoked\",\"tenant_id\":true}|field_invalid" })
	void missingOrInvalidFieldsAreAnswered400(String body, String reason) throws Exception {
		assertThat(send(signed(body)).status()).isEqualTo(400);
		assertThat(this.published).isEmpty();
		assertThat(count("rejected", reason)).isEqualTo(1);
	}

	@Test
	void eventCreatedBeforeTheReplayTtlIsAnswered401() throws Exception {
		String old = SESSION_REVOKED.replace("2026-04-15T11:59:00Z", "2026-04-12T11:59:59Z");
		assertThat(send(signed(old)).status()).isEqualTo(401);
		assertThat(this.published).isEmpty();
		assertThat(count("rejected", "event_too_old")).isEqualTo(1);
		String recent = SESSION_REVOKED.replace("2026-04-15T11:59:00Z", "2026-04-12T12:00:01Z");
		assertThat(send(signed(recent)).status()).isEqualTo(200);
	}

	@Test
	void eventCreatedFurtherInTheFutureThanTheToleranceIsAnswered401() throws Exception {
		String future = SESSION_REVOKED.replace("2026-04-15T11:59:00Z", "2026-04-15T12:05:00.001Z");
		assertThat(send(signed(future)).status()).isEqualTo(401);
		assertThat(send(signed(future.replace("evt_1", "evt_2"))).status()).isEqualTo(401);
		assertThat(this.published).isEmpty();
		assertThat(count("rejected", "event_in_future")).isEqualTo(2);
		assertThat(send(signed(future.replace("evt_1", "evt_3")))).isEqualTo(DeliveryResult.EVENT_IN_FUTURE);
		String sdkFuture = SDK_SESSION_REVOKED.replace("2026-04-15T11:59:00.000Z", "2027-01-01T00:00:00Z");
		assertThat(send(signed(sdkFuture, "dlv_1")).status()).isEqualTo(401);
		assertThat(count("rejected", "event_in_future")).isEqualTo(4);
		String atTheLimit = SESSION_REVOKED.replace("2026-04-15T11:59:00Z", "2026-04-15T12:05:00Z");
		assertThat(send(signed(atTheLimit)).status()).isEqualTo(200);
		assertThat(this.published).hasSize(1);
	}

	@Test
	void futureCreationTimeIsNotCheckedWhenTheToleranceIsZero() throws Exception {
		this.receiver = receiver(Duration.ZERO, 256 * 1024);
		String future = SESSION_REVOKED.replace("2026-04-15T11:59:00Z", "2026-04-15T13:00:00Z");
		assertThat(send(signed(future)).status()).isEqualTo(200);
		assertThat(count("rejected", "event_in_future")).isZero();
	}

	// --- signature header ------------------------------------------------------------

	@Test
	void missingSignatureIsAnswered401() throws Exception {
		TestDelivery request = signed(SESSION_REVOKED);
		request.removeHeader("tm-signature");
		assertThat(send(request).status()).isEqualTo(401);
		assertThat(count("rejected", "signature_missing")).isEqualTo(1);
	}

	@Test
	void emptySignatureIsAnswered401() throws Exception {
		TestDelivery request = withSignature(SESSION_REVOKED, "");
		assertThat(send(request).status()).isEqualTo(401);
		assertThat(count("rejected", "signature_invalid")).isEqualTo(1);
	}

	@Test
	void duplicatedSignatureIsAnswered401EvenWhenOneIsValid() throws Exception {
		TestDelivery request = signed(SESSION_REVOKED);
		request.addHeader("tm-signature", "0".repeat(64));
		assertThat(send(request).status()).isEqualTo(401);
		assertThat(count("rejected", "signature_duplicated")).isEqualTo(1);
		TestDelivery twice = signed(SESSION_REVOKED);
		twice.addHeader("tm-signature", TestWebhookSigner.sign(SECRET, SESSION_REVOKED));
		assertThat(send(twice).status()).isEqualTo(401);
		assertThat(this.published).isEmpty();
	}

	@Test
	void signatureHeaderNamesAreCaseInsensitive() throws Exception {
		TestDelivery request = withoutHeaders(SESSION_REVOKED);
		request.addHeader("TM-Signature", TestWebhookSigner.sign(SECRET, SESSION_REVOKED));
		request.addHeader("Tm-TIMESTAMP", NOW.toString());
		assertThat(send(request).status()).isEqualTo(200);
	}

	@Test
	void sdkSignatureHeaderIsAccepted() throws Exception {
		TestDelivery request = withoutHeaders(SESSION_REVOKED);
		request.addHeader("X-TryMellon-Signature", TestWebhookSigner.sign(SECRET, SESSION_REVOKED));
		request.addHeader("tm-timestamp", NOW.toString());
		assertThat(send(request).status()).isEqualTo(200);
	}

	@Test
	void firstConfiguredSignatureHeaderPresentIsTheOneChecked() throws Exception {
		TestDelivery request = withSignature(SESSION_REVOKED, "0".repeat(64));
		request.addHeader("x-trymellon-signature", TestWebhookSigner.sign(SECRET, SESSION_REVOKED));
		assertThat(send(request).status()).isEqualTo(401);
	}

	@Test
	void uppercaseHexSignatureIsAccepted() throws Exception {
		String signature = TestWebhookSigner.sign(SECRET, SESSION_REVOKED).toUpperCase();
		assertThat(send(withSignature(SESSION_REVOKED, signature)).status()).isEqualTo(200);
	}

	@Test
	void signatureOfADifferentBodyIsAnswered401() throws Exception {
		String signature = TestWebhookSigner.sign(SECRET, SDK_SESSION_REVOKED);
		assertThat(send(withSignature(SESSION_REVOKED, signature)).status()).isEqualTo(401);
	}

	@Test
	void oneChangedByteIsAnswered401() throws Exception {
		String signature = TestWebhookSigner.sign(SECRET, SESSION_REVOKED);
		String changed = SESSION_REVOKED.replace("usr_1", "usr_2");
		assertThat(send(withSignature(changed, signature)).status()).isEqualTo(401);
		assertThat(this.published).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(ints = { 63, 62, 32, 1 })
	void truncatedSignatureIsAnswered401(int length) throws Exception {
		String signature = TestWebhookSigner.sign(SECRET, SESSION_REVOKED).substring(0, length);
		assertThat(send(withSignature(SESSION_REVOKED, signature)).status()).isEqualTo(401);
	}

	@Test
	void nonHexSignatureIsAnswered401() throws Exception {
		String signature = TestWebhookSigner.sign(SECRET, SESSION_REVOKED).substring(0, 63) + "z";
		assertThat(send(withSignature(SESSION_REVOKED, signature)).status()).isEqualTo(401);
	}

	@Test
	void tenThousandCharacterSignatureIsAnswered401() throws Exception {
		assertThat(send(withSignature(SESSION_REVOKED, "f".repeat(10_000))).status()).isEqualTo(401);
	}

	@Test
	void signatureUnderTheOldSecretIsAcceptedAfterRotation() throws Exception {
		String signature = TestWebhookSigner.sign(OLD_SECRET, SESSION_REVOKED);
		assertThat(send(withSignature(SESSION_REVOKED, signature)).status()).isEqualTo(200);
		String unknown = TestWebhookSigner.sign("whsec_some_other_secret_000000000", SDK_SESSION_REVOKED);
		assertThat(send(withSignature(SDK_SESSION_REVOKED, unknown)).status()).isEqualTo(401);
	}

	@Test
	void bodyWithByteOrderMarkAndNonAsciiTextVerifiesOnExactBytes() throws Exception {
		String secret = "whsec_second_vector_abcdef012345";
		this.receiver = TryMellonWebhookReceiver
			.builder(new WebhookSignatureVerifier(List.of(secret)), this.store, this.published::add)
			.clock(Clock.fixed(NOW, ZoneOffset.UTC))
			.build();
		TestDelivery request = withoutHeaders(WebhookSignatureVerifierTests.BOM_BODY);
		request.addHeader("tm-signature", WebhookSignatureVerifierTests.BOM_SIGNATURE);
		request.addHeader("tm-timestamp", NOW.toString());
		DeliveryResult result = send(request);
		assertThat(result.status()).isEqualTo(200);
		assertThat(this.published).singleElement().isInstanceOfSatisfying(UserLockedEvent.class, (event) -> {
			assertThat(event.id()).isEqualTo("evt_bom");
			assertThat(event.userId()).isEqualTo("usr_\u00fc");
			assertThat(event.reason()).isEqualTo("Zu viele Versuche \u2013 gesperrt \u2713");
		});
	}

	// --- timestamp header ------------------------------------------------------------

	@Test
	void missingTimestampIsAnswered401() throws Exception {
		TestDelivery request = signed(SESSION_REVOKED);
		request.removeHeader("tm-timestamp");
		assertThat(send(request).status()).isEqualTo(401);
		assertThat(count("rejected", "timestamp_missing")).isEqualTo(1);
	}

	@Test
	void emptyTimestampIsAnswered401() throws Exception {
		TestDelivery request = signed(SESSION_REVOKED);
		request.removeHeader("tm-timestamp");
		request.addHeader("tm-timestamp", "");
		assertThat(send(request).status()).isEqualTo(401);
		assertThat(count("rejected", "timestamp_malformed")).isEqualTo(1);
	}

	@Test
	void duplicatedTimestampIsAnswered401() throws Exception {
		TestDelivery request = signed(SESSION_REVOKED);
		request.addHeader("tm-timestamp", NOW.toString());
		assertThat(send(request).status()).isEqualTo(401);
		assertThat(count("rejected", "timestamp_duplicated")).isEqualTo(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "2026-04-15T11:54:00Z", "2026-04-15T12:06:00Z", "2026-04-15T14:06:00+02:00" })
	void timestampSixMinutesOffIsAnswered401(String timestamp) throws Exception {
		TestDelivery request = withTimestamp(timestamp);
		assertThat(send(request).status()).isEqualTo(401);
		assertThat(count("rejected", "timestamp_outside_tolerance")).isEqualTo(1);
		assertThat(this.published).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "2026-04-15T11:55:00Z", "2026-04-15T12:05:00.000Z", "2026-04-15T13:59:30+02:00",
			"2026-04-15T11:57:00.123456-00:00" })
	void timestampWithinFiveMinutesIsAccepted(String timestamp) throws Exception {
		assertThat(send(withTimestamp(timestamp)).status()).isEqualTo(200);
	}

	@ParameterizedTest
	@ValueSource(strings = { "yesterday", "1776254400", "2026-04-15 12:00:00", "2026-04-15T12:00:00",
			"Wed, 15 Apr 2026 12:00:00 GMT" })
	void unparseableTimestampIsAnswered401(String timestamp) throws Exception {
		assertThat(send(withTimestamp(timestamp)).status()).isEqualTo(401);
		assertThat(count("rejected", "timestamp_malformed")).isEqualTo(1);
	}

	@Test
	void zeroToleranceTurnsTheTimestampCheckOff() throws Exception {
		this.receiver = receiver(Duration.ZERO, 256 * 1024);
		TestDelivery request = signed(SESSION_REVOKED);
		request.removeHeader("tm-timestamp");
		assertThat(send(request).status()).isEqualTo(200);
		assertThat(send(withTimestamp("2020-01-01T00:00:00Z", SDK_SESSION_REVOKED, "evt_x")).status())
			.isEqualTo(200);
	}

	// --- event id header -------------------------------------------------------------

	@Test
	void eventIdHeaderIsTheIdWhenTheBodyHasNone() throws Exception {
		TestDelivery request = signed(SDK_SESSION_REVOKED);
		request.addHeader("TM-Event-Id", "0b7e9c3a-4f3e-4bb0-9c1e-5d7a1f0c2b11");
		assertThat(send(request).status()).isEqualTo(200);
		assertThat(this.published).singleElement()
			.isInstanceOfSatisfying(SessionRevokedEvent.class,
					(event) -> assertThat(event.id()).isEqualTo("0b7e9c3a-4f3e-4bb0-9c1e-5d7a1f0c2b11"));
	}

	@Test
	void bodyIdWinsOverTheEventIdHeader() throws Exception {
		TestDelivery request = signed(SESSION_REVOKED);
		request.addHeader("tm-event-id", "delivery-1");
		send(request);
		assertThat(this.published).singleElement()
			.isInstanceOfSatisfying(SessionRevokedEvent.class, (event) -> assertThat(event.id()).isEqualTo("evt_1"));
	}

	@Test
	void missingIdEverywhereIsAnswered400() throws Exception {
		assertThat(send(signed(SDK_SESSION_REVOKED)).status()).isEqualTo(400);
		assertThat(count("rejected", "id_missing")).isEqualTo(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "a b", "x\u0007y" })
	void invalidEventIdHeaderIsAnswered400(String value) throws Exception {
		TestDelivery request = signed(SDK_SESSION_REVOKED);
		request.addHeader("tm-event-id", value);
		assertThat(send(request).status()).isEqualTo(400);
		assertThat(count("rejected", "event_id_header_invalid")).isEqualTo(1);
	}

	@Test
	void overlongEventIdHeaderIsAnswered400() throws Exception {
		TestDelivery request = signed(SDK_SESSION_REVOKED);
		request.addHeader("tm-event-id", "e".repeat(257));
		assertThat(send(request).status()).isEqualTo(400);
	}

	@Test
	void duplicatedEventIdHeaderIsAnswered400() throws Exception {
		TestDelivery request = signed(SDK_SESSION_REVOKED);
		request.addHeader("tm-event-id", "delivery-1");
		request.addHeader("tm-event-id", "delivery-2");
		assertThat(send(request).status()).isEqualTo(400);
		assertThat(this.published).isEmpty();
	}

	// --- duplicates --------------------------------------------------------------------

	@Test
	void completedDuplicateIsAnswered200WithoutPublishingAgain() throws Exception {
		assertThat(send(signed(SESSION_REVOKED)).status()).isEqualTo(200);
		assertThat(send(signed(SESSION_REVOKED)).status()).isEqualTo(200);
		assertThat(this.published).hasSize(1);
		assertThat(count("duplicate", "already_processed")).isEqualTo(1);
	}

	@Test
	void bodyIdIsTheKeyEvenWhenTheBodyDiffers() throws Exception {
		send(signed(SESSION_REVOKED));
		String sameIdOtherBody = SESSION_REVOKED.replace("ses_1", "ses_9");
		assertThat(send(signed(sameIdOtherBody)).status()).isEqualTo(200);
		assertThat(this.published).hasSize(1);
	}

	@Test
	void withoutBodyIdTheKeyIsTheBodyHashNotTheUnsignedEventIdHeader() throws Exception {
		TestDelivery first = signed(SDK_SESSION_REVOKED);
		first.addHeader("tm-event-id", "delivery-1");
		TestDelivery replay = signed(SDK_SESSION_REVOKED);
		replay.addHeader("tm-event-id", "delivery-2-changed-by-an-attacker");
		assertThat(send(first).status()).isEqualTo(200);
		assertThat(send(replay).status()).isEqualTo(200);
		assertThat(this.published).hasSize(1);
		TestDelivery otherEvent = signed(SDK_SESSION_REVOKED.replace("ses_2", "ses_3"));
		otherEvent.addHeader("tm-event-id", "delivery-1");
		assertThat(send(otherEvent).status()).isEqualTo(200);
		assertThat(this.published).hasSize(2);
	}

	@Test
	void sameEventDeliveredConcurrentlyIsPublishedExactlyOnce() throws Exception {
		int deliveries = 6;
		CountDownLatch othersAnswered = new CountDownLatch(deliveries - 1);
		AtomicInteger publications = new AtomicInteger();
		this.publisher = (event) -> {
			publications.incrementAndGet();
			try {
				othersAnswered.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		};
		ExecutorService executor = Executors.newFixedThreadPool(deliveries);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Integer>> statuses = new ArrayList<>();
			for (int i = 0; i < deliveries; i++) {
				Callable<Integer> delivery = () -> {
					start.await();
					int status = send(signed(SESSION_REVOKED)).status();
					if (status == 409) {
						othersAnswered.countDown();
					}
					return status;
				};
				statuses.add(executor.submit(delivery));
			}
			start.countDown();
			List<Integer> answers = new ArrayList<>();
			for (Future<Integer> status : statuses) {
				answers.add(status.get(60, TimeUnit.SECONDS));
			}
			assertThat(answers).containsOnly(200, 409);
			assertThat(Collections.frequency(answers, 200)).isEqualTo(1);
			assertThat(publications).hasValue(1);
			assertThat(count("in_progress", "in_progress")).isEqualTo(deliveries - 1);
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(send(signed(SESSION_REVOKED)).status()).isEqualTo(200);
		assertThat(publications).hasValue(1);
	}

	@Test
	void listenerFailureAnswers500AndTheRetrySucceeds() throws Exception {
		AtomicInteger attempts = new AtomicInteger();
		this.publisher = (event) -> {
			if (attempts.incrementAndGet() == 1) {
				throw new IllegalStateException("database down");
			}
			this.published.add(event);
		};
		DeliveryResult failed = send(signed(SESSION_REVOKED));
		assertThat(failed.status()).isEqualTo(500);
		assertThat(failed).isEqualTo(DeliveryResult.LISTENER_FAILED);
		assertThat(count("failed", "listener_failed")).isEqualTo(1);
		assertThat(send(signed(SESSION_REVOKED)).status()).isEqualTo(200);
		assertThat(attempts).hasValue(2);
		assertThat(this.published).hasSize(1);
		assertThat(send(signed(SESSION_REVOKED)).status()).isEqualTo(200);
		assertThat(attempts).hasValue(2);
	}

	@Test
	void storeFailureAnswers500WithoutPublishing() throws Exception {
		ProcessedEventStore failing = new ProcessedEventStore() {
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
		this.receiver = TryMellonWebhookReceiver
			.builder(new WebhookSignatureVerifier(List.of(SECRET)), failing, this.published::add)
			.clock(Clock.fixed(NOW, ZoneOffset.UTC))
			.listener(this.metrics)
			.build();
		DeliveryResult result = send(signed(SESSION_REVOKED));
		assertThat(result.status()).isEqualTo(500);
		assertThat(result).isEqualTo(DeliveryResult.STORE_FAILED);
		assertThat(this.published).isEmpty();
		assertThat(count("failed", "store_unavailable")).isEqualTo(1);
	}

	@Test
	void storeFailureHandsTheVerifiedEventToTheOutageHandlersInOrderAndStillAnswers500(CapturedOutput output)
			throws Exception {
		List<String> handled = new CopyOnWriteArrayList<>();
		this.receiver = TryMellonWebhookReceiver
			.builder(new WebhookSignatureVerifier(List.of(SECRET)), downStore(), this.published::add)
			.clock(Clock.fixed(NOW, ZoneOffset.UTC))
			.storeOutageHandler((event) -> {
				handled.add("first:" + event.id());
				throw new IllegalStateException("handler broken");
			})
			.storeOutageHandler((event) -> handled.add("second:" + ((SessionRevokedEvent) event).sessionId()))
			.build();
		DeliveryResult result = send(signed(SESSION_REVOKED));
		assertThat(result).isEqualTo(DeliveryResult.STORE_FAILED);
		assertThat(result.status()).isEqualTo(500);
		assertThat(handled).containsExactly("first:evt_1", "second:ses_1");
		assertThat(this.published).isEmpty();
		assertThat(output).contains("a store-outage handler failed");
		// the retry during the outage is handed over again (handlers are idempotent)
		assertThat(send(signed(SESSION_REVOKED))).isEqualTo(DeliveryResult.STORE_FAILED);
		assertThat(handled).hasSize(4);
	}

	@Test
	void outageHandlersSeeNeitherClaimedNorRefusedDeliveries() throws Exception {
		List<Object> handled = new CopyOnWriteArrayList<>();
		this.receiver = TryMellonWebhookReceiver
			.builder(new WebhookSignatureVerifier(List.of(SECRET)), this.store, this.published::add)
			.clock(Clock.fixed(NOW, ZoneOffset.UTC))
			.storeOutageHandler(handled::add)
			.build();
		assertThat(send(signed(SESSION_REVOKED))).isEqualTo(DeliveryResult.ACCEPTED);
		assertThat(send(signed(SESSION_REVOKED))).isEqualTo(DeliveryResult.DUPLICATE);
		assertThat(send(withSignature(SESSION_REVOKED.replace("evt_1", "evt_2"), "0".repeat(64))))
			.isEqualTo(DeliveryResult.SIGNATURE_INVALID);
		assertThat(handled).isEmpty();
		assertThat(this.published).hasSize(1);
	}

	private static ProcessedEventStore downStore() {
		return new ProcessedEventStore() {
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
	}

	@Test
	void failureToCompleteAfterPublishingStillAnswers200() throws Exception {
		ProcessedEventStore failing = new ProcessedEventStore() {
			@Override
			public ClaimResult claim(String key, Duration lease) {
				return ClaimResult.CLAIMED;
			}

			@Override
			public void complete(String key, Duration retention) {
				throw new IllegalStateException("store down");
			}

			@Override
			public void release(String key) {
			}
		};
		this.receiver = TryMellonWebhookReceiver
			.builder(new WebhookSignatureVerifier(List.of(SECRET)), failing, this.published::add)
			.clock(Clock.fixed(NOW, ZoneOffset.UTC))
			.build();
		assertThat(send(signed(SESSION_REVOKED)).status()).isEqualTo(200);
		assertThat(this.published).hasSize(1);
	}

	// --- events ------------------------------------------------------------------------

	@Test
	void documentedEnvelopeBecomesTypedEvent() throws Exception {
		send(signed(SESSION_REVOKED));
		assertThat(this.published).singleElement().isInstanceOfSatisfying(SessionRevokedEvent.class, (event) -> {
			assertThat(event.id()).isEqualTo("evt_1");
			assertThat(event.type()).isEqualTo("session.revoked");
			assertThat(event.createdAt()).isEqualTo(Instant.parse("2026-04-15T11:59:00Z"));
			assertThat(event.tenantId()).isEqualTo("ten_1");
			assertThat(event.applicationId()).isEqualTo("app_1");
			assertThat(event.userId()).isEqualTo("usr_1");
			assertThat(event.sessionId()).isEqualTo("ses_1");
			assertThat(event.externalUserId()).isEqualTo("ext_1");
			assertThat(event.revokedBy()).isEqualTo("admin_1");
			assertThat(event.reason()).isEqualTo("admin");
			assertThat(event.revokedAt()).isEqualTo(Instant.parse("2026-04-15T11:58:59.500Z"));
			assertThat(event.data()).containsEntry("extra", Map.of("k", List.of(1L, 2L)));
		});
	}

	@Test
	void sdkEnvelopeBecomesTypedEvent() throws Exception {
		TestDelivery request = signed(SDK_SESSION_REVOKED);
		request.addHeader("tm-event-id", "delivery-7");
		send(request);
		assertThat(this.published).singleElement().isInstanceOfSatisfying(SessionRevokedEvent.class, (event) -> {
			assertThat(event.id()).isEqualTo("delivery-7");
			assertThat(event.createdAt()).isEqualTo(Instant.parse("2026-04-15T11:59:00Z"));
			assertThat(event.tenantId()).isEqualTo("ten_2");
			assertThat(event.applicationId()).isEqualTo("app_2");
			assertThat(event.userId()).isEqualTo("usr_2");
			assertThat(event.sessionId()).isEqualTo("ses_2");
			assertThat(event.revokedAt()).isEqualTo(Instant.parse("2026-04-15T09:58:00Z"));
			assertThat(event.externalUserId()).isNull();
		});
	}

	@ParameterizedTest
	@CsvSource({ "application.secret_rotated,ApplicationSecretRotatedEvent", "session.revoked,SessionRevokedEvent",
			"session.logout,SessionLogoutEvent", "user.locked,UserLockedEvent",
			"credential.revoked,CredentialRevokedEvent", "identifier.linked,IdentifierLinkedEvent",
			"identifier.unlinked,IdentifierUnlinkedEvent",
			"recovery.enrollment.issued,RecoveryEnrollmentIssuedEvent",
			"recovery.enrollment.completed,RecoveryEnrollmentCompletedEvent", "auth.success,AuthSuccessEvent",
			"user.created.someday,UnknownWebhookEvent" })
	void everyTypeHasItsRecord(String type, String recordName) throws Exception {
		String body = "{\"id\":\"evt_" + type + "\",\"type\":\"" + type + "\",\"data\":{\"user_id\":\"usr_1\"}}";
		assertThat(send(signed(body)).status()).isEqualTo(200);
		assertThat(this.published).singleElement().satisfies((event) -> {
			assertThat(event.getClass().getSimpleName()).isEqualTo(recordName);
			assertThat(((TryMellonWebhookEvent) event).type()).isEqualTo(type);
			assertThat(((TryMellonWebhookEvent) event).data()).containsEntry("user_id", "usr_1");
		});
	}

	@Test
	void typedAccessorsOfEveryRecord() throws Exception {
		send(signed("{\"id\":\"e1\",\"type\":\"application.secret_rotated\",\"data\":{\"client_id\":\"cli_1\","
				+ "\"rotated_by\":\"adm\",\"actor_user_id\":\"usr_a\",\"rotated_at\":\"2026-04-15T11:00:00Z\","
				+ "\"previous_secret_expires_at\":null}}"));
		send(signed("{\"id\":\"e2\",\"type\":\"session.logout\",\"data\":{\"user_id\":\"u\",\"session_id\":\"s\","
				+ "\"external_user_id\":\"x\",\"logged_out_at\":\"2026-04-15T11:00:00Z\"}}"));
		send(signed("{\"id\":\"e3\",\"type\":\"user.locked\",\"data\":{\"user_id\":\"u\",\"external_user_id\":\"x\","
				+ "\"locked_at\":\"2026-04-15T11:00:00Z\",\"lockout_level\":\"hard\",\"reason\":\"r\"}}"));
		send(signed("{\"id\":\"e4\",\"type\":\"credential.revoked\",\"data\":{\"user_id\":\"u\","
				+ "\"credential_id\":\"c\",\"revoked_at\":\"2026-04-15T11:00:00Z\",\"reason\":\"r\"}}"));
		send(signed("{\"id\":\"e5\",\"type\":\"identifier.linked\",\"data\":{\"user_id\":\"u\",\"identifier_id\":\"i\","
				+ "\"identifier_type\":\"email\",\"identifier_value\":\"a@b.c\",\"linked_at\":\"2026-04-15T11:00:00Z\"}}"));
		send(signed("{\"id\":\"e6\",\"type\":\"identifier.unlinked\",\"data\":{\"user_id\":\"u\","
				+ "\"identifier_id\":\"i\",\"identifier_type\":\"wallet\",\"identifier_value\":\"0xabc\","
				+ "\"unlinked_at\":\"2026-04-15T11:00:00Z\"}}"));
		send(signed("{\"id\":\"e7\",\"type\":\"recovery.enrollment.issued\",\"data\":{\"user_id\":\"u\","
				+ "\"external_user_id\":\"x\",\"ticket_id\":\"t\",\"context_hash\":\"h\","
				+ "\"expires_at\":\"2026-04-16T11:00:00Z\",\"issued_at\":\"2026-04-15T11:00:00Z\"}}"));
		send(signed("{\"id\":\"e8\",\"type\":\"recovery.enrollment.completed\",\"data\":{\"user_id\":\"u\","
				+ "\"ticket_id\":\"t\",\"credential_id\":\"c\",\"reason\":\"b2b_enrollment\","
				+ "\"completed_at\":\"2026-04-15T11:00:00Z\"}}"));
		send(signed("{\"event\":\"auth.success\",\"timestamp\":\"2026-04-15T11:59:00.000Z\",\"data\":{"
				+ "\"user_id\":\"u\",\"external_user_id\":\"x\",\"credential_id\":\"c\","
				+ "\"timestamp\":\"2026-04-15T11:58:00Z\"}}", "delivery-9"));
		Instant at = Instant.parse("2026-04-15T11:00:00Z");
		assertThat(this.published).hasSize(9);
		assertThat(this.published.get(0)).isEqualTo(new ApplicationSecretRotatedEvent(
				new WebhookEnvelope("e1", null, null, null,
						Map.of("client_id", "cli_1", "rotated_by", "adm", "actor_user_id", "usr_a", "rotated_at",
								"2026-04-15T11:00:00Z")),
				"cli_1", "adm", "usr_a", at, null));
		assertThat(this.published.get(1))
			.isEqualTo(new SessionLogoutEvent(publishedEnvelope("e2", 1), "u", "s", "x", at));
		assertThat(this.published.get(2))
			.isEqualTo(new UserLockedEvent(publishedEnvelope("e3", 2), "u", "x", at, "hard", "r"));
		assertThat(this.published.get(3))
			.isEqualTo(new CredentialRevokedEvent(publishedEnvelope("e4", 3), "u", "c", at, "r"));
		assertThat(this.published.get(4))
			.isEqualTo(new IdentifierLinkedEvent(publishedEnvelope("e5", 4), "u", "i", "email", "a@b.c", at));
		assertThat(this.published.get(5))
			.isEqualTo(new IdentifierUnlinkedEvent(publishedEnvelope("e6", 5), "u", "i", "wallet", "0xabc", at));
		assertThat(this.published.get(6)).isEqualTo(new RecoveryEnrollmentIssuedEvent(publishedEnvelope("e7", 6), "u",
				"x", "t", "h", Instant.parse("2026-04-16T11:00:00Z"), at));
		assertThat(this.published.get(7)).isEqualTo(
				new RecoveryEnrollmentCompletedEvent(publishedEnvelope("e8", 7), "u", "t", "c", "b2b_enrollment", at));
		assertThat(this.published.get(8)).isEqualTo(new AuthSuccessEvent(
				new WebhookEnvelope("delivery-9", Instant.parse("2026-04-15T11:59:00Z"), null, null,
						((TryMellonWebhookEvent) this.published.get(8)).data()),
				"u", "x", "c", Instant.parse("2026-04-15T11:58:00Z")));
	}

	/**
	 * An envelope with the id and the data of the published event at the index.
	 */
	private WebhookEnvelope publishedEnvelope(String id, int index) {
		return new WebhookEnvelope(id, null, null, null, ((TryMellonWebhookEvent) this.published.get(index)).data());
	}

	@Test
	void unknownTypeIsPublishedAndAnswered200() throws Exception {
		String body = "{\"id\":\"evt_new\",\"type\":\"billing.upgraded\",\"created_at\":\"2026-04-15T11:00:00Z\","
				+ "\"tenant_id\":\"ten_1\",\"data\":{\"application_id\":\"app_9\",\"plan\":\"pro\"}}";
		assertThat(send(signed(body)).status()).isEqualTo(200);
		assertThat(this.published).singleElement()
			.isEqualTo(new UnknownWebhookEvent(new WebhookEnvelope("evt_new", Instant.parse("2026-04-15T11:00:00Z"),
					"ten_1", "app_9", Map.of("application_id", "app_9", "plan", "pro")), "billing.upgraded"));
		assertThat(count("accepted", "unknown_type")).isEqualTo(1);
	}

	@Test
	void dataIsReadOnly() throws Exception {
		send(signed(SESSION_REVOKED));
		TryMellonWebhookEvent event = (TryMellonWebhookEvent) this.published.get(0);
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> event.data().put("x", "y"));
		@SuppressWarnings("unchecked")
		Map<String, Object> extra = (Map<String, Object>) event.data().get("extra");
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> extra.put("x", "y"));
	}

	// --- path -----------------------------------------------------------------------------

	@ParameterizedTest
	@ValueSource(strings = { "", "/", "webhooks", "/webhooks/", "/a//b", "/a/./b", "/a/../b", "/a;b", "/a%20b",
			"/a b", "/a?b", "/a#b", "/a\\b", "/\u00e4" })
	void unsafePathsAreRefused(String path) {
		TryMellonWebhookReceiver.Builder builder = TryMellonWebhookReceiver.builder(
				new WebhookSignatureVerifier(List.of(SECRET)), this.store, this.published::add);
		assertThatIllegalArgumentException().isThrownBy(() -> builder.path(path))
			.withMessageContaining("must be an absolute path");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/webhooks/trymellon", "/hooks", "/api/v1/tm-events_2.x~y" })
	void plainPathsAreAccepted(String path) {
		assertThat(TryMellonWebhookReceiver
			.builder(new WebhookSignatureVerifier(List.of(SECRET)), this.store, this.published::add)
			.path(path)
			.build()
			.getPath()).isEqualTo(path);
	}

	// --- logs ----------------------------------------------------------------------------

	@Test
	void logsNeverContainSecretsSignaturesOrBodies(CapturedOutput output) throws Exception {
		String marker = "usr_body_marker_31337";
		String body = SESSION_REVOKED.replace("usr_1", marker);
		String signature = TestWebhookSigner.sign(SECRET, body);
		String wrongSignature = TestWebhookSigner.sign(SECRET, body + " ");
		String oldSignature = TestWebhookSigner.sign(OLD_SECRET, body);
		send(withSignature(body, wrongSignature));
		send(withSignature(body.replace("session.revoked", "user.locked"), signature));
		send(withSignature("{\"broken\":\"" + marker, TestWebhookSigner.sign(SECRET, "{\"broken\":\"" + marker)));
		String invalidField = "{\"id\":\"e\",\"type\":\"session.revoked\",\"data\":{\"user_id\":[\"" + marker
				+ "\"]}}";
		send(withSignature(invalidField, TestWebhookSigner.sign(SECRET, invalidField)));
		send(withTimestamp("2026-04-15T10:00:00Z", body, null));
		this.publisher = (event) -> {
			throw new IllegalStateException("listener failed");
		};
		send(withSignature(body, oldSignature));
		this.publisher = this.published::add;
		send(withSignature(body, signature));
		send(withSignature(body, signature));
		assertThat(this.published).hasSize(1);
		assertThat(output).contains("rejected with 401: signature_invalid")
			.contains("rejected with 400: malformed_json")
			.contains("rejected with 400: field_invalid")
			.contains("rejected with 401: timestamp_outside_tolerance")
			.contains("a listener failed");
		assertThat(output).doesNotContain(SECRET)
			.doesNotContain(OLD_SECRET)
			.doesNotContain(signature)
			.doesNotContain(signature.toUpperCase())
			.doesNotContain(wrongSignature)
			.doesNotContain(oldSignature)
			.doesNotContain(marker)
			.doesNotContain("ses_1")
			.doesNotContain("session_id");
	}

	@Test
	void rejectionWarningIsWrittenAtMostOnceAMinutePerReason(CapturedOutput output) throws Exception {
		MutableClock clock = new MutableClock(NOW);
		this.receiver = TryMellonWebhookReceiver
			.builder(new WebhookSignatureVerifier(List.of(SECRET)), this.store, this.published::add)
			.clock(clock)
			.listener(this.metrics)
			.build();
		for (int i = 0; i < 50; i++) {
			send(unsigned());
		}
		this.receiver.reject(DeliveryResult.METHOD_NOT_ALLOWED);
		this.receiver.reject(DeliveryResult.METHOD_NOT_ALLOWED);
		assertThat(count("rejected", "signature_missing")).isEqualTo(50);
		assertThat(lines(output, " WARN ", "rejected with 401: signature_missing")).isEqualTo(1);
		assertThat(lines(output, " WARN ", "rejected with 405: method_not_allowed")).isEqualTo(1);
		assertThat(output).contains("rejected with 401: signature_missing (warned at most once a minute per reason, "
				+ "every rejection at DEBUG)");
		clock.advance(Duration.ofSeconds(59));
		send(unsigned());
		assertThat(lines(output, " WARN ", "rejected with 401: signature_missing")).isEqualTo(1);
		clock.advance(Duration.ofSeconds(1));
		send(unsigned());
		assertThat(output).contains("rejected with 401: signature_missing (50 more since the previous warning; "
				+ "warned at most once a minute per reason, every rejection at DEBUG)");
		assertThat(lines(output, " WARN ", "rejected with 401: signature_missing")).isEqualTo(2);
		assertThat(lines(output, " WARN ", "TryMellon webhook")).isEqualTo(3);
		assertThat(lines(output, " DEBUG ", "TryMellon webhook")).isZero();
	}

	@Test
	void everyRejectionIsLoggedAtDebug(CapturedOutput output) throws Exception {
		LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
		String name = TryMellonWebhookReceiver.class.getName();
		logging.setLogLevel(name, LogLevel.DEBUG);
		try {
			for (int i = 0; i < 5; i++) {
				send(unsigned());
			}
		}
		finally {
			logging.setLogLevel(name, null);
		}
		assertThat(lines(output, " WARN ", "rejected with 401: signature_missing")).isEqualTo(1);
		assertThat(lines(output, " DEBUG ", "rejected with 401: signature_missing")).isEqualTo(4);
	}

	// --- the core on its own --------------------------------------------------------

	@Test
	void signedJsonNullIsAnswered400InsteadOfFailing() {
		// the previous parser threw a NullPointerException here, so the container answered 500
		DeliveryResult result = send(signed("null"));
		assertThat(result).isEqualTo(DeliveryResult.MALFORMED_JSON);
		assertThat(result.status()).isEqualTo(400);
		assertThat(count("rejected", "malformed_json")).isEqualTo(1);
	}

	@Test
	void receiveRunsTheHeaderChecksItself() {
		TestDelivery unsigned = unsigned();
		assertThat(this.receiver.receive(unsigned, unsigned.body())).isEqualTo(DeliveryResult.SIGNATURE_MISSING);
		TestDelivery stale = withTimestamp("2026-04-15T11:00:00Z");
		assertThat(this.receiver.receive(stale, stale.body())).isEqualTo(DeliveryResult.TIMESTAMP_OUTSIDE_TOLERANCE);
		assertThat(this.published).isEmpty();
		assertThat(count("rejected", "signature_missing")).isEqualTo(1);
		assertThat(count("rejected", "timestamp_outside_tolerance")).isEqualTo(1);
	}

	@Test
	void receiveRefusesABodyOverTheLimitWhateverTheAdapterRead() {
		this.receiver = receiver(Duration.ofMinutes(5), 64);
		TestDelivery delivery = signed(SESSION_REVOKED);
		assertThat(this.receiver.receive(delivery, delivery.body())).isEqualTo(DeliveryResult.BODY_TOO_LARGE);
		assertThat(this.published).isEmpty();
	}

	@Test
	void checkHeadersPassesAGoodDeliveryWithoutRecordingIt() {
		assertThat(this.receiver.checkHeaders(signed(SESSION_REVOKED))).isNull();
		assertThat(this.receiver.status().rejections()).isEmpty();
		assertThat(this.meterRegistry.find("trymellon.webhook.deliveries").counters())
			.allSatisfy((counter) -> assertThat(counter.count()).isZero());
	}

	@ParameterizedTest
	@ValueSource(strings = { "METHOD_NOT_ALLOWED", "BODY_TOO_LARGE", "BODY_UNREADABLE" })
	void adapterRejectionsAreRecordedAndLogged(DeliveryResult rejection, CapturedOutput output) {
		assertThat(this.receiver.reject(rejection)).isSameAs(rejection);
		assertThat(count("rejected", rejection.reason())).isEqualTo(1);
		assertThat(this.receiver.status().rejections()).containsExactly(Map.entry(rejection.reason(), 1L));
		assertThat(output).contains("rejected with " + rejection.status() + ": " + rejection.reason());
	}

	@ParameterizedTest
	@ValueSource(strings = { "ACCEPTED", "DUPLICATE", "SIGNATURE_INVALID", "LISTENER_FAILED" })
	void onlyTheAdaptersOwnRejectionsCanBeReported(DeliveryResult result) {
		assertThatIllegalArgumentException().isThrownBy(() -> this.receiver.reject(result));
		assertThat(this.receiver.status().rejections()).isEmpty();
	}

	@Test
	void statusHasTheLastAcceptedDeliveryAndTheRejectionsByReason() {
		MutableClock clock = new MutableClock(NOW);
		this.receiver = TryMellonWebhookReceiver
			.builder(new WebhookSignatureVerifier(List.of(SECRET)), this.store, this.published::add)
			.clock(clock)
			.build();
		assertThat(this.receiver.status()).isEqualTo(new WebhookReceiverStatus(null, Map.of()));
		send(unsigned());
		send(unsigned());
		send(withSignature(SESSION_REVOKED, "0".repeat(64)));
		clock.advance(Duration.ofSeconds(30));
		send(signed(SESSION_REVOKED));
		Instant accepted = clock.instant();
		clock.advance(Duration.ofSeconds(30));
		send(signed("{\"type\":\"x\"}"));
		WebhookReceiverStatus status = this.receiver.status();
		assertThat(status.lastAccepted()).isEqualTo(accepted);
		assertThat(status.rejections()).containsExactly(Map.entry("signature_missing", 2L),
				Map.entry("signature_invalid", 1L), Map.entry("id_missing", 1L));
		clock.advance(Duration.ofSeconds(30));
		send(signed(SESSION_REVOKED));
		assertThat(this.receiver.status().lastAccepted()).as("a duplicate is answered 200 too")
			.isEqualTo(clock.instant());
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> this.receiver.status().rejections().put("x", 1L));
	}

	@Test
	void errorFromAListenerReleasesTheClaimAndIsNotCaught() {
		AtomicInteger attempts = new AtomicInteger();
		this.publisher = (event) -> {
			if (attempts.incrementAndGet() == 1) {
				throw new ListenerError();
			}
			this.published.add(event);
		};
		assertThatExceptionOfType(ListenerError.class).isThrownBy(() -> send(signed(SESSION_REVOKED)));
		assertThat(send(signed(SESSION_REVOKED))).as("the claim was released").isEqualTo(DeliveryResult.ACCEPTED);
		assertThat(this.published).hasSize(1);
	}

	@Test
	void listenerIsToldEveryResult() {
		List<DeliveryResult> results = new CopyOnWriteArrayList<>();
		this.receiver = TryMellonWebhookReceiver
			.builder(new WebhookSignatureVerifier(List.of(SECRET)), this.store, this.published::add)
			.clock(Clock.fixed(NOW, ZoneOffset.UTC))
			.listener(results::add)
			.build();
		send(unsigned());
		send(signed(SESSION_REVOKED));
		send(signed(SESSION_REVOKED));
		this.receiver.reject(DeliveryResult.METHOD_NOT_ALLOWED);
		assertThat(results).containsExactly(DeliveryResult.SIGNATURE_MISSING, DeliveryResult.ACCEPTED,
				DeliveryResult.DUPLICATE, DeliveryResult.METHOD_NOT_ALLOWED);
	}

	/**
	 * An {@link Error} a listener may throw.
	 */
	static final class ListenerError extends Error {

		private static final long serialVersionUID = 1L;

	}

	// --- helpers -------------------------------------------------------------------------

	private static long lines(CapturedOutput output, String level, String text) {
		return output.toString().lines().filter((line) -> line.contains(level) && line.contains(text)).count();
	}

	private static TestDelivery unsigned() {
		TestDelivery request = signed(SESSION_REVOKED);
		request.removeHeader("tm-signature");
		return request;
	}

	static final class MutableClock extends Clock {

		private volatile Instant instant;

		MutableClock(Instant instant) {
			this.instant = instant;
		}

		void advance(Duration duration) {
			this.instant = this.instant.plus(duration);
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Instant instant() {
			return this.instant;
		}

	}

	/**
	 * Delivers as an adapter does: the header checks first, the body only when they pass.
	 */
	private DeliveryResult send(TestDelivery delivery) {
		DeliveryResult rejection = this.receiver.checkHeaders(delivery);
		return (rejection != null) ? rejection : this.receiver.receive(delivery, delivery.body());
	}

	private double count(String outcome, String reason) {
		var counter = this.meterRegistry.find("trymellon.webhook.deliveries")
			.tag("outcome", outcome)
			.tag("reason", reason)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	static TestDelivery signed(String body) {
		return withSignature(body, TestWebhookSigner.sign(SECRET, body));
	}

	static TestDelivery signed(String body, String eventId) {
		TestDelivery request = signed(body);
		request.addHeader("tm-event-id", eventId);
		return request;
	}

	static TestDelivery signed(byte[] body) {
		TestDelivery request = withoutHeaders(body);
		request.addHeader("tm-signature", TestWebhookSigner.sign(SECRET, body));
		request.addHeader("tm-timestamp", NOW.toString());
		return request;
	}

	static TestDelivery withSignature(String body, String signature) {
		TestDelivery request = withoutHeaders(body);
		request.addHeader("tm-signature", signature);
		request.addHeader("tm-timestamp", "2026-04-15T12:00:00.000Z");
		return request;
	}

	private static TestDelivery withTimestamp(String timestamp) {
		return withTimestamp(timestamp, SESSION_REVOKED, null);
	}

	private static TestDelivery withTimestamp(String timestamp, String body, String eventId) {
		TestDelivery request = withoutHeaders(body);
		request.addHeader("tm-signature", TestWebhookSigner.sign(SECRET, body));
		request.addHeader("tm-timestamp", timestamp);
		if (eventId != null) {
			request.addHeader("tm-event-id", eventId);
		}
		return request;
	}

	static TestDelivery withoutHeaders(String body) {
		return withoutHeaders(body.getBytes(StandardCharsets.UTF_8));
	}

	static TestDelivery withoutHeaders(byte[] body) {
		return new TestDelivery(body);
	}

}
