package dev.trymellon.spring.session.offline;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class StrictJsonTests {

	private static StrictJson.Parsed parse(String json, String measured) {
		return StrictJson.parseObject(json.getBytes(StandardCharsets.UTF_8), measured);
	}

	@Test
	void parseObjectWhenValidThenTypedValuesInDocumentOrder() {
		Map<String, Object> object = parse("{\"s\":\"x\",\"i\":3,\"l\":9999999999,\"big\":99999999999999999999,"
				+ "\"d\":1.5,\"e\":1e2,\"t\":true,\"f\":false,\"n\":null,\"a\":[1,\"y\",{\"k\":[]}],\"o\":{\"k\":\"v\"}}",
				null)
			.members();
		assertThat(object).containsOnlyKeys("s", "i", "l", "big", "d", "e", "t", "f", "n", "a", "o");
		assertThat(object.keySet()).containsExactly("s", "i", "l", "big", "d", "e", "t", "f", "n", "a", "o");
		assertThat(object.get("s")).isEqualTo("x");
		assertThat(object.get("i")).isEqualTo(3L);
		assertThat(object.get("l")).isEqualTo(9999999999L);
		assertThat(object.get("big")).isEqualTo(new BigInteger("99999999999999999999"));
		assertThat(object.get("d")).isEqualTo(1.5);
		assertThat(object.get("e")).isEqualTo(100.0);
		assertThat(object.get("t")).isEqualTo(true);
		assertThat(object.get("f")).isEqualTo(false);
		assertThat(object.get("n")).isNull();
		assertThat(object.get("a")).isEqualTo(List.of(1L, "y", Map.of("k", List.of())));
		assertThat(object.get("o")).isEqualTo(Map.of("k", "v"));
	}

	@Test
	void parseObjectWhenMeasuredMemberIsAnObjectThenReportsItsBytesAsWritten() {
		String member = "{ \"a\" : \"é\",\"b\":[1,2] }";
		StrictJson.Parsed parsed = parse("{\"x\":1,\"m\":" + member + ",\"y\":{}}", "m");
		assertThat(parsed.measuredBytes()).isEqualTo(member.getBytes(StandardCharsets.UTF_8).length);
		assertThat(parse("{\"x\":1}", "m").measuredBytes()).isEqualTo(-1);
		assertThat(parse("{\"m\":\"text\"}", "m").measuredBytes()).isEqualTo(-1);
		assertThat(parse("{\"o\":{\"m\":{\"a\":1}}}", "m").measuredBytes()).isEqualTo(-1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"a\":1,\"a\":1}", "{\"a\":1,\"b\":{\"c\":1,\"c\":2}}", "{\"a\":[{\"c\":1,\"c\":2}]}",
			"{\"a\":null,\"a\":null}", "[]", "\"x\"", "1", "null", "", "{", "{\"a\":1", "{\"a\":1}x", "{\"a\":1}{}",
			"{\"a\":1,}", "{\"a\":[1,]}", "{a:1}", "{'a':1}", "{\"a\":NaN}", "{\"a\":-Infinity}", "{\"a\":01}",
			"{\"a\":.5}", "{\"a\":+1}", "{\"a\":0x10}", "{\"a\":1}//", "{/**/\"a\":1}", "{\"a\":\"\t\"}",
			"{\"a\":\"\\x\"}", "{\"a\":tru}" })
	void parseObjectWhenNotOneStrictObjectThenMalformed(String json) {
		assertThatExceptionOfType(StrictJson.MalformedJsonException.class).isThrownBy(() -> parse(json, null));
	}

	@Test
	void parseObjectWhenInvalidUtf8ThenMalformed() {
		byte[] json = { '{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}' };
		assertThatExceptionOfType(StrictJson.MalformedJsonException.class)
			.isThrownBy(() -> StrictJson.parseObject(json, null));
	}

	@Test
	void parseObjectWhenDuplicateMessageThenItSaysSo() {
		assertThatExceptionOfType(StrictJson.MalformedJsonException.class)
			.isThrownBy(() -> parse("{\"a\":1,\"a\":1}", null))
			.withMessageContaining("uplicate");
	}

	@Test
	void parseObjectWhenMalformedThenTheReasonCannotForgeLogLines() {
		assertThatExceptionOfType(StrictJson.MalformedJsonException.class)
			.isThrownBy(() -> parse("{\"a\":x\u0007\r\nFAKE LOG LINE" + "y".repeat(200) + "}", null))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("\r", "\n", "\u0007")
				.hasSizeLessThanOrEqualTo(83));
	}

	@Test
	void parseObjectWhenNestedToTheLimitThenParsedAndOneDeeperMalformed() {
		String fits = "{\"a\":" + "[".repeat(StrictJson.MAX_DEPTH - 1) + "]".repeat(StrictJson.MAX_DEPTH - 1) + "}";
		assertThat(parse(fits, null).members()).containsKey("a");
		String deeper = "{\"a\":" + "[".repeat(StrictJson.MAX_DEPTH) + "]".repeat(StrictJson.MAX_DEPTH) + "}";
		assertThatExceptionOfType(StrictJson.MalformedJsonException.class).isThrownBy(() -> parse(deeper, null));
	}

}
