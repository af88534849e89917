package dev.trymellon.spring.webhook;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.trymellon.spring.webhook.WebhookPayloadParser.ParsedEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The parser reads the payload straight from the bytes, times of the common shape
 * without the formatter, and the verifier works on clones of one keyed {@code Mac} per
 * secret: each shortcut gives exactly the answers of the long way.
 */
class WebhookPayloadBytesTests {

	@ParameterizedTest
	@ValueSource(strings = { "2026-04-15T12:00:00Z", "2026-04-15T12:00:00.5Z", "2026-04-15T12:00:00.123456789Z",
			"2026-04-15T12:00:00.1234567890Z", "2026-04-15T12:00:00.Z", "2026-04-15T12:00:00+05:30",
			"2026-04-15T12:00:00-05:30", "2026-04-15T12:00:00-00:00", "2026-04-15T12:00:00+18:00",
			"2026-04-15T12:00:00+18:01", "2026-04-15T12:00:00+19:00", "2026-04-15T12:00:00+05:60",
			"2026-04-15T12:00:00+05:30:15", "2026-04-15T12:00:00+0530", "2024-02-29T00:00:00Z",
			"2023-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-00-10T00:00:00Z", "2026-13-10T00:00:00Z",
			"2026-04-00T00:00:00Z", "2026-04-15T24:00:00Z", "2026-04-15T23:60:00Z", "2026-04-15T23:59:60Z",
			"2026-04-15t12:00:00z", "2026-04-15T12:00Z", "2026-04-15T12:00:00", "2026-04-15 12:00:00Z",
			"0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999-18:00", "+2026-04-15T12:00:00Z",
			"2026-04-15T12:00:0xZ", "2026-04-15T1a:00:00Z", "2026-04-15T12:00:00.12a4Z", "2026-04-15T12:00:00ZZ",
			"2026-04-15T12:00:00+05:3", "2026-04-15T12:00:00\u0661Z" })
	void timesAreReadExactlyAsTheFormatterReadsThem(String value) {
		assertThat(WebhookTimes.parse(value)).isEqualTo(formatter(value));
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"id\":\"e\",\"type\":\"x\",\"a\":null,\"a\":1}",
			"{\"id\":\"e\",\"type\":\"x\",\"a\":1,\"a\":null}", "{\"id\":\"e\",\"type\":\"x\",\"a\":null,\"a\":null}",
			"{\"id\":\"e\",\"id\":null,\"type\":\"x\"}",
			"{\"id\":\"e\",\"type\":\"session.revoked\",\"data\":{\"user_id\":null,\"user_id\":\"u\"}}",
			"{\"id\":\"e\",\"type\":\"x\",\"data\":{\"l\":[{\"k\":1,\"j\":2,\"k\":3}]}}",
			"{\"id\":\"e\",\"type\":\"x\",\"data\":{},\"data\":null}" })
	void duplicateMembersAreMalformedAtEveryLevelNullOrNot(String body) {
		assertRejected(body.getBytes(StandardCharsets.UTF_8), DeliveryResult.MALFORMED_JSON);
	}

	@Test
	void malformedUtf8AndNulBytesAreMalformedJson() {
		byte[] json = "{\"id\":\"e\",\"type\":\"x\",\"a\":\"..\"}".getBytes(StandardCharsets.UTF_8);
		int at = json.length - 4;
		byte[][] invalid = { { (byte) 0xF4, (byte) 0x90 }, { (byte) 0xE0, (byte) 0x80 }, { (byte) 0xC1, (byte) 0xBF },
				{ (byte) 0xF5, (byte) 0x80 }, { (byte) 0x80, 'x' }, { (byte) 0xE2, 'x' }, { 0, 'x' } };
		for (byte[] bytes : invalid) {
			byte[] body = json.clone();
			body[at] = bytes[0];
			body[at + 1] = bytes[1];
			assertRejected(body, DeliveryResult.MALFORMED_JSON);
		}
		byte[] truncated = { '{', '"', 'a', '"', ':', '1', '}', (byte) 0xE2, (byte) 0x82 };
		assertRejected(truncated, DeliveryResult.MALFORMED_JSON);
		byte[] bomOnly = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };
		assertRejected(bomOnly, DeliveryResult.MALFORMED_JSON);
	}

	@Test
	void textOfEveryUtf8LengthIsReadAsSent() throws InvalidPayloadException {
		String text = "a\u00e9\u2013\ud83d\ude00\uffff\u0800\ud800\udc00";
		byte[] body = ("{\"id\":\"e\",\"type\":\"x\",\"data\":{\"t\":\"" + text + "\"}}").getBytes(StandardCharsets.UTF_8);
		assertThat(WebhookPayloadParser.parse(body, null).event().data()).containsEntry("t", text);
	}

	@Test
	void theTypedEventIsBoundFromDataWhereverItLies() throws InvalidPayloadException {
		String data = "{\"user_id\":\"u\",\"revoked_at\":\"2026-04-15T12:00:00.5+02:00\",\"devices\":[{\"n\":\"\u00fc\"}]}";
		for (String body : List.of("{\"id\":\"e\",\"type\":\"session.revoked\",\"data\":" + data + "}",
				"\uFEFF \n {\"data\":" + data + ",\"type\":\"session.revoked\",\"note\":\"\u2713\",\"id\":\"e\"}  ")) {
			ParsedEvent parsed = WebhookPayloadParser.parse(body.getBytes(StandardCharsets.UTF_8), null);
			assertThat(parsed.event()).isInstanceOfSatisfying(SessionRevokedEvent.class, (event) -> {
				assertThat(event.userId()).isEqualTo("u");
				assertThat(event.revokedAt()).isEqualTo(Instant.parse("2026-04-15T10:00:00.500Z"));
				assertThat(event.data()).containsEntry("devices", List.of(Map.of("n", "\u00fc")));
			});
		}
	}

	@Test
	void theEnvelopeKeepsTheParsersReadOnlyDataAndCopiesAnyOtherMap() throws InvalidPayloadException {
		ParsedEvent parsed = WebhookPayloadParser.parse("{\"id\":\"e\",\"type\":\"x\",\"data\":{\"k\":[1]}}"
			.getBytes(StandardCharsets.UTF_8), null);
		Map<String, Object> data = parsed.event().data();
		assertThat(new WebhookEnvelope("e", null, null, null, data).data()).isSameAs(data);
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> data.put("x", 1));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> data.remove("k"));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> data.entrySet().iterator().next().setValue(2));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> ((List<?>) data.get("k")).clear());
		assertThat(data).isEqualTo(Map.of("k", List.of(1L))).hasToString("{k=[1]}");
		Map<String, Object> mutable = new LinkedHashMap<>(Map.of("k", 1L));
		Map<String, Object> copied = new WebhookEnvelope("e", null, null, null, mutable).data();
		mutable.put("x", 2L);
		assertThat(copied).isNotSameAs(mutable).containsOnlyKeys("k");
	}

	@Test
	void verificationsOnManyThreadsWithSeveralSecretsAreExact() throws Exception {
		WebhookSignatureVerifier verifier = new WebhookSignatureVerifier(List.of("whsec_old_1", "whsec_new_2"));
		ExecutorService executor = Executors.newFixedThreadPool(4);
		try {
			List<Future<Integer>> results = new ArrayList<>();
			for (int thread = 0; thread < 4; thread++) {
				int seed = thread;
				results.add(executor.submit(() -> {
					int verified = 0;
					for (int i = 0; i < 500; i++) {
						byte[] body = ("{\"id\":\"evt_" + seed + "_" + i + "\"}").getBytes(StandardCharsets.UTF_8);
						String secret = ((i % 2) == 0) ? "whsec_old_1" : "whsec_new_2";
						String signature = TestWebhookSigner.sign(secret, body);
						if (verifier.verify(body, signature) && !verifier.verify(body, TestWebhookSigner.sign("whsec_other", body))
								&& !verifier.verify(new byte[] { 1 }, signature)) {
							verified++;
						}
					}
					return verified;
				}));
			}
			for (Future<Integer> result : results) {
				assertThat(result.get()).isEqualTo(500);
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static Instant formatter(String value) {
		try {
			return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
		}
		catch (DateTimeException ex) {
			return null;
		}
	}

	private static void assertRejected(byte[] body, DeliveryResult expected) {
		assertThatExceptionOfType(InvalidPayloadException.class)
			.isThrownBy(() -> WebhookPayloadParser.parse(body, "dlv_1"))
			.satisfies((ex) -> assertThat(ex.result()).isEqualTo(expected));
	}

}
