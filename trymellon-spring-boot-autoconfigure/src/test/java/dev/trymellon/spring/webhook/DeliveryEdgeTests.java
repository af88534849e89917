package dev.trymellon.spring.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exact edges of the delivery checks: the timestamp tolerance window, path and header
 * name characters, id lengths, and hex digits of a signature.
 */
class DeliveryEdgeTests {

	private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

	private static final String SIGNATURE = "a".repeat(64);

	private final DeliveryChecks checks = new DeliveryChecks(List.of("tm-signature"), Duration.ofMinutes(5),
			Duration.ofHours(72), Clock.fixed(NOW, ZoneOffset.UTC));

	private static WebhookHeaders headers(Map<String, List<String>> values) {
		return (name) -> values.getOrDefault(name, List.of());
	}

	private DeliveryResult sentAt(Instant sentAt) {
		return this.checks.checkHeaders(
				headers(Map.of("tm-signature", List.of(SIGNATURE), "tm-timestamp", List.of(sentAt.toString()))));
	}

	@Test
	void timestampExactlyAtTheToleranceIsAcceptedAndOneMillisecondBeyondIsRefused() {
		assertThat(sentAt(NOW.minus(Duration.ofMinutes(5)))).isNull();
		assertThat(sentAt(NOW.plus(Duration.ofMinutes(5)))).isNull();
		assertThat(sentAt(NOW.minus(Duration.ofMinutes(5)).minusMillis(1)))
			.isEqualTo(DeliveryResult.TIMESTAMP_OUTSIDE_TOLERANCE);
		assertThat(sentAt(NOW.plus(Duration.ofMinutes(5)).plusMillis(1)))
			.isEqualTo(DeliveryResult.TIMESTAMP_OUTSIDE_TOLERANCE);
	}

	@Test
	void createdAtExactlyAtTheReplayTtlOrTheToleranceIsAcceptedAndBeyondIsRefused() {
		assertThat(this.checks.checkCreatedAt(NOW.minus(Duration.ofHours(72)))).isNull();
		assertThat(this.checks.checkCreatedAt(NOW.minus(Duration.ofHours(72)).minusMillis(1)))
			.isEqualTo(DeliveryResult.EVENT_TOO_OLD);
		assertThat(this.checks.checkCreatedAt(NOW.plus(Duration.ofMinutes(5)))).isNull();
		assertThat(this.checks.checkCreatedAt(NOW.plus(Duration.ofMinutes(5)).plusMillis(1)))
			.isEqualTo(DeliveryResult.EVENT_IN_FUTURE);
	}

	@Test
	void eventIdHeaderOfTheMaximumLengthIsAcceptedAndOneMoreIsRefused() {
		String longest = "e".repeat(WebhookPayloadParser.MAX_ID_LENGTH);
		assertThat(this.checks.checkHeaders(headers(Map.of("tm-signature", List.of(SIGNATURE), "tm-timestamp",
				List.of(NOW.toString()), "tm-event-id", List.of(longest))))).isNull();
		assertThat(this.checks.checkHeaders(headers(Map.of("tm-signature", List.of(SIGNATURE), "tm-timestamp",
				List.of(NOW.toString()), "tm-event-id", List.of(longest + "e")))))
			.isEqualTo(DeliveryResult.EVENT_ID_HEADER_INVALID);
		assertThat(WebhookPayloadParser.isSafeToken("x", 1)).isTrue();
		assertThat(WebhookPayloadParser.isSafeToken("xy", 1)).isFalse();
	}

	@Test
	void plainPathCharactersAtTheEdgesOfEachRange() {
		assertThat(DeliveryChecks.isPlainPath("/azAZ09-._~/x")).isTrue();
		for (char c : new char[] { '`', '{', '@', '[', ':', ' ', '%' }) {
			assertThat(DeliveryChecks.isPlainPath("/a" + c + "b")).as("'%s'", c).isFalse();
		}
		assertThat(DeliveryChecks.isPlainPath("/a")).isTrue();
		assertThat(DeliveryChecks.isPlainPath("/")).isFalse();
	}

	@Test
	void headerNameCharactersAtTheEdgesOfVisibleAscii() {
		assertThat(DeliveryChecks.isHeaderName("!~")).isTrue();
		assertThat(DeliveryChecks.isHeaderName("a b")).isFalse();
		assertThat(DeliveryChecks.isHeaderName("a\u007fb")).isFalse();
		assertThat(DeliveryChecks.isHeaderName("a:b")).isFalse();
		assertThat(DeliveryChecks.isHeaderName("")).isFalse();
		assertThat(DeliveryChecks.isHeaderName(null)).isFalse();
	}

	@Test
	void signatureWithNonAsciiDigitsIsRefusedAlthoughJavaReadsThemAsHex() {
		WebhookSignatureVerifier verifier = new WebhookSignatureVerifier(List.of("whsec_test"));
		byte[] body = "{\"id\":\"evt_1\"}".getBytes(StandardCharsets.UTF_8);
		String valid = TestWebhookSigner.sign("whsec_test", body);
		assertThat(valid).containsPattern("[0-9]");
		assertThat(verifier.verify(body, valid)).isTrue();
		// the same value with each ASCII digit written as a full-width or Arabic-Indic digit
		assertThat(verifier.verify(body, toDigits(valid, '\uff10'))).isFalse();
		assertThat(verifier.verify(body, toDigits(valid, '\u0660'))).isFalse();
	}

	private static String toDigits(String hex, char zero) {
		StringBuilder result = new StringBuilder(hex.length());
		for (char c : hex.toCharArray()) {
			result.append((c >= '0' && c <= '9') ? (char) (zero + (c - '0')) : c);
		}
		return result.toString();
	}

}
