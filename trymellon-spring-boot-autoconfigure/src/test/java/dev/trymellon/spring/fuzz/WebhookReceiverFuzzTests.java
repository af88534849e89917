package dev.trymellon.spring.fuzz;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.trymellon.spring.webhook.DeliveryResult;
import dev.trymellon.spring.webhook.InMemoryProcessedEventStore;
import dev.trymellon.spring.webhook.TestWebhookSigner;
import dev.trymellon.spring.webhook.TryMellonWebhookReceiver;
import dev.trymellon.spring.webhook.WebhookHeaders;
import dev.trymellon.spring.webhook.WebhookSignatureVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the webhook receiver core ({@link TryMellonWebhookReceiver}, no HTTP stack):
 * headers and body of one delivery, received twice by a fresh receiver.
 * <p>
 * Input: header lines {@code name: value} up to an empty line, then the raw body. A value
 * {@code @sign} is replaced by the body's signature under the current secret,
 * {@code @sign-old} under the rotated one, and {@code @now} by the receiver clock's time,
 * so that mutations get past the signature to the JSON parser and the de-duplication.
 * <p>
 * A failure: any exception; a result the core cannot give without a failing store or
 * listener ({@link #EXPECTED}); a delivery that got past the signature check (accepted,
 * a duplicate, or refused for its content) whose signature does not match the body under
 * a configured secret, computed independently; an accepted delivery that published
 * anything but one event, or a refused one that published anything; the second
 * reception of an accepted delivery not answered as a duplicate, or of a refused one
 * answered differently; {@code checkHeaders} disagreeing with {@code receive}.
 */
class WebhookReceiverFuzzTests {

	static final String SECRET = "whsec_fuzz_test_secret_0123456789";

	static final String OLD_SECRET = "whsec_fuzz_rotated_secret_9876543210";

	static final Instant NOW = Instant.parse("2026-04-15T12:00:00Z");

	static final int MAX_BODY = 4096;

	/** What {@code receive} may answer when the store and the listeners work. */
	static final Set<DeliveryResult> EXPECTED = EnumSet.of(DeliveryResult.ACCEPTED,
			DeliveryResult.ACCEPTED_UNKNOWN_TYPE, DeliveryResult.DUPLICATE, DeliveryResult.BODY_TOO_LARGE,
			DeliveryResult.SIGNATURE_MISSING, DeliveryResult.SIGNATURE_DUPLICATED, DeliveryResult.SIGNATURE_INVALID,
			DeliveryResult.TIMESTAMP_MISSING, DeliveryResult.TIMESTAMP_DUPLICATED,
			DeliveryResult.TIMESTAMP_MALFORMED, DeliveryResult.TIMESTAMP_OUTSIDE_TOLERANCE,
			DeliveryResult.EVENT_ID_HEADER_INVALID, DeliveryResult.MALFORMED_JSON, DeliveryResult.TYPE_MISSING,
			DeliveryResult.ID_MISSING, DeliveryResult.FIELD_INVALID, DeliveryResult.EVENT_TOO_OLD,
			DeliveryResult.EVENT_IN_FUTURE);

	/** The results given before the signature is checked. */
	static final Set<DeliveryResult> BEFORE_SIGNATURE = EnumSet.of(DeliveryResult.BODY_TOO_LARGE,
			DeliveryResult.SIGNATURE_MISSING, DeliveryResult.SIGNATURE_DUPLICATED, DeliveryResult.SIGNATURE_INVALID,
			DeliveryResult.TIMESTAMP_MISSING, DeliveryResult.TIMESTAMP_DUPLICATED,
			DeliveryResult.TIMESTAMP_MALFORMED, DeliveryResult.TIMESTAMP_OUTSIDE_TOLERANCE,
			DeliveryResult.EVENT_ID_HEADER_INVALID);

	@FuzzTest(maxDuration = "45s")
	void receive(byte[] input) {
		int split = indexOf(input, "\n\n".getBytes(StandardCharsets.US_ASCII));
		byte[] head = (split < 0) ? input : java.util.Arrays.copyOfRange(input, 0, split);
		byte[] body = (split < 0) ? new byte[0] : java.util.Arrays.copyOfRange(input, split + 2, input.length);
		Delivery delivery = Delivery.parse(FuzzLines.text(head), body);

		List<Object> published = new ArrayList<>();
		TryMellonWebhookReceiver receiver = TryMellonWebhookReceiver
			.builder(new WebhookSignatureVerifier(List.of(SECRET, OLD_SECRET)), new InMemoryProcessedEventStore(),
					published::add)
			.clock(Clock.fixed(NOW, ZoneOffset.UTC))
			.maxBodySize(MAX_BODY)
			.build();

		DeliveryResult headerCheck = receiver.checkHeaders(delivery);
		DeliveryResult first = receiver.receive(delivery, body);
		assertThat(EXPECTED).as("result").contains(first);
		if (headerCheck != null) {
			assertThat(first).as("receive agrees with checkHeaders").isEqualTo(headerCheck);
		}
		if (!BEFORE_SIGNATURE.contains(first)) {
			assertThat(signedWithASecret(delivery, body)).as("got past the signature check: " + first).isTrue();
		}
		if (first == DeliveryResult.ACCEPTED || first == DeliveryResult.ACCEPTED_UNKNOWN_TYPE) {
			assertThat(published).as("published once").hasSize(1);
		}
		else {
			assertThat(first).as("a first delivery is never a duplicate").isNotEqualTo(DeliveryResult.DUPLICATE);
			assertThat(published).as("nothing published for " + first).isEmpty();
		}

		DeliveryResult second = receiver.receive(delivery, body);
		if (first.isAccepted()) {
			assertThat(second).as("the same delivery again").isEqualTo(DeliveryResult.DUPLICATE);
			assertThat(published).as("not published again").hasSize(1);
		}
		else {
			assertThat(second).as("the same refused delivery again").isEqualTo(first);
		}
	}

	private static boolean signedWithASecret(Delivery delivery, byte[] body) {
		List<String> values = delivery.get("tm-signature");
		if (values.isEmpty()) {
			values = delivery.get("x-trymellon-signature");
		}
		if (values.size() != 1) {
			return false;
		}
		String given = values.get(0).strip().toLowerCase(Locale.ROOT);
		return given.equals(TestWebhookSigner.sign(SECRET, body)) || given.equals(TestWebhookSigner.sign(OLD_SECRET, body));
	}

	private static int indexOf(byte[] haystack, byte[] needle) {
		outer: for (int i = 0; i + needle.length <= haystack.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	/** Headers as an adapter passes them: names without regard to case, every value in order. */
	private static final class Delivery implements WebhookHeaders {

		private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

		static Delivery parse(String head, byte[] body) {
			Delivery delivery = new Delivery();
			for (String line : head.split("\n", -1)) {
				int colon = line.indexOf(':');
				if (colon <= 0) {
					continue;
				}
				String value = line.substring(colon + 1).strip();
				value = switch (value) {
					case "@sign" -> TestWebhookSigner.sign(SECRET, body);
					case "@sign-old" -> TestWebhookSigner.sign(OLD_SECRET, body);
					case "@now" -> NOW.toString();
					default -> line.substring(colon + 1);
				};
				delivery.headers.computeIfAbsent(line.substring(0, colon), (name) -> new ArrayList<>()).add(value);
			}
			return delivery;
		}

		@Override
		public List<String> get(String name) {
			return List.copyOf(this.headers.getOrDefault(name, List.of()));
		}

	}

}
