package dev.trymellon.spring.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.trymellon.spring.webhook.WebhookPayloadParser.ParsedEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The payload parser is at least as strict as the one it replaced (Nimbus's JSON utility):
 * every input below was checked against both.
 */
class WebhookPayloadParserTests {

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "null", "[1,2]", "\"text\"", "7", "{\"a\":1,\"a\":2}",
			"{\"id\":\"e\",\"type\":\"x\",\"data\":{\"b\":1,\"b\":2}}", "{\"id\":\"e\",\"type\":\"x\"} {}",
			"{\"id\":\"e\",\"type\":\"x\"} trailing", "{\"id\":\"e\",\"type\":\"x\"};", "{id:\"e\",type:\"x\"}",
			"{'id':'e','type':'x'}", "{\"id\":\"e\",\"type\":\"x\"}//c", "{\"id\":\"e\",\"type\":\"x\",}",
			"{\"id\":\"e\",\"type\":\"x\",\"a\":[1,]}", "{\"id\":\"e\",\"type\":\"x\",\"a\":01}",
			"{\"id\":\"e\",\"type\":\"x\",\"a\":.5}", "{\"id\":\"e\",\"type\":\"x\",\"a\":+1}",
			"{\"id\":\"e\",\"type\":\"x\",\"a\":NaN}", "{\"id\":\"e\",\"type\":\"x\",\"a\":-Infinity}",
			"{\"id\":\"e\",\"type\":\"x\",\"a\":1e400}", "{\"id\":\"e\",\"type\":\"x\",\"a\":True}",
			"{\"id\":\"e\",\"type\":\"x\",\"a\":\"tab\there\"}", "{\"id\":\"e\",\"type\":\"x\",\"a\":\"\\x\"}",
			"{\"id\":\"e\",\"type\":\"x\",\"a\":\"\\'\"}", "\uFEFF\uFEFF{\"id\":\"e\",\"type\":\"x\"}" })
	void notStrictJsonHoldingOneObjectIsMalformed(String body) {
		assertRejected(body.getBytes(StandardCharsets.UTF_8), DeliveryResult.MALFORMED_JSON);
	}

	@Test
	void onlyStrictUtf8IsRead() {
		byte[] overlong = { '{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC0, (byte) 0x80, '"', '}' };
		byte[] encodedSurrogate = { '{', '"', 'i', 'd', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"',
				'}' };
		assertRejected(overlong, DeliveryResult.MALFORMED_JSON);
		assertRejected(encodedSurrogate, DeliveryResult.MALFORMED_JSON);
		String json = "{\"id\":\"e\",\"type\":\"x\"}";
		assertRejected(json.getBytes(StandardCharsets.UTF_16LE), DeliveryResult.MALFORMED_JSON);
		assertRejected(json.getBytes(StandardCharsets.UTF_16), DeliveryResult.MALFORMED_JSON);
		assertThat(parse(("\uFEFF" + json).getBytes(StandardCharsets.UTF_8)).event().id()).isEqualTo("e");
	}

	@Test
	void nestingIsLimitedTo255Levels() {
		String deepest = "{\"id\":\"e\",\"type\":\"x\",\"a\":" + "[".repeat(254) + "]".repeat(254) + "}";
		assertThat(parse(deepest.getBytes(StandardCharsets.UTF_8)).event().data()).isEmpty();
		String tooDeep = "{\"id\":\"e\",\"type\":\"x\",\"a\":" + "[".repeat(255) + "]".repeat(255) + "}";
		assertRejected(tooDeep.getBytes(StandardCharsets.UTF_8), DeliveryResult.MALFORMED_JSON);
	}

	@Test
	void dataKeepsNumbersAsLongOrDoubleAndLeavesOutNullMembers() {
		ParsedEvent parsed = parse("{\"id\":\"e\",\"type\":\"x\",\"data\":{\"i\":7,\"z\":-0,\"f\":1.5,\"e\":1E2,"
				+ "\"big\":12345678901234567890,\"b\":true,\"n\":null,\"l\":[1,null,{\"k\":null}]}}");
		Map<String, Object> data = parsed.event().data();
		assertThat(data).containsOnlyKeys("i", "z", "f", "e", "big", "b", "l");
		assertThat(data.get("i")).isEqualTo(7L);
		assertThat(data.get("z")).isEqualTo(0L);
		assertThat(data.get("f")).isEqualTo(1.5);
		assertThat(data.get("e")).isEqualTo(100.0);
		assertThat(data.get("big")).isEqualTo(1.2345678901234567E19);
		assertThat(data.get("b")).isEqualTo(true);
		assertThat(data.get("l")).isEqualTo(java.util.Arrays.asList(1L, null, Map.of()));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "\"user_id\":7", "\"user_id\":1.5", "\"user_id\":true", "\"user_id\":[\"u\"]",
			"\"user_id\":{}", "\"revoked_at\":1776254400", "\"revoked_at\":\"1776254400\"",
			"\"revoked_at\":\"2026-04-15\"", "\"revoked_at\":\"2026-04-15T12:00:00\"" })
	void typedFieldsAreBoundStrictly(String member) {
		assertRejected(("{\"id\":\"e\",\"type\":\"session.revoked\",\"data\":{" + member + "}}")
			.getBytes(StandardCharsets.UTF_8), DeliveryResult.FIELD_INVALID);
	}

	@Test
	void typedFieldsIgnoreMembersNamedLikeTheEnvelope() {
		ParsedEvent parsed = parse("{\"id\":\"e\",\"type\":\"session.revoked\",\"data\":{\"envelope\":{\"id\":\"x\"},"
				+ "\"data\":{\"k\":1},\"type\":7,\"id\":5,\"created_at\":7,\"userId\":\"camel\",\"session_id\":\"s\"}}");
		assertThat(parsed.event()).isInstanceOfSatisfying(SessionRevokedEvent.class, (event) -> {
			assertThat(event.id()).isEqualTo("e");
			assertThat(event.createdAt()).isNull();
			assertThat(event.sessionId()).isEqualTo("s");
			assertThat(event.userId()).isNull();
			assertThat(event.data()).containsEntry("envelope", Map.of("id", "x")).containsEntry("type", 7L);
		});
	}

	@Test
	void theCatalogsMemberWinsAndTheFallbackIsNotRead() {
		ParsedEvent parsed = parse("{\"id\":\"e\",\"type\":\"user.locked\",\"event\":5,"
				+ "\"created_at\":\"2026-04-15T11:00:00Z\",\"timestamp\":\"bad\",\"tenant_id\":\"t\","
				+ "\"data\":{\"tenant_id\":7}}");
		assertThat(parsed.event()).isInstanceOf(UserLockedEvent.class);
		assertThat(parsed.event().createdAt()).isEqualTo(Instant.parse("2026-04-15T11:00:00Z"));
		assertThat(parsed.event().tenantId()).isEqualTo("t");
		assertThat(parsed.key()).isEqualTo("id:e");
	}

	@Test
	void withoutABodyIdTheKeyIsTheHashOfTheRawBody() throws Exception {
		byte[] body = "{\"event\":\"session.logout\"}".getBytes(StandardCharsets.UTF_8);
		ParsedEvent parsed = WebhookPayloadParser.parse(body, "dlv_1");
		assertThat(parsed.event().id()).isEqualTo("dlv_1");
		assertThat(parsed.key()).isEqualTo("sha256:" + java.util.HexFormat.of()
			.formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(body)));
	}

	private static ParsedEvent parse(String body) {
		return parse(body.getBytes(StandardCharsets.UTF_8));
	}

	private static ParsedEvent parse(byte[] body) {
		try {
			return WebhookPayloadParser.parse(body, null);
		}
		catch (InvalidPayloadException ex) {
			throw new AssertionError("refused: " + ex.result());
		}
	}

	private static void assertRejected(byte[] body, DeliveryResult expected) {
		assertThatExceptionOfType(InvalidPayloadException.class)
			.isThrownBy(() -> WebhookPayloadParser.parse(body, "dlv_1"))
			.satisfies((ex) -> assertThat(ex.result()).isEqualTo(expected));
	}

}
