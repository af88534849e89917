package dev.trymellon.spring.autoconfigure.attack;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.trymellon.spring.autoconfigure.attack.AttackApplication.PublishedEvents;
import dev.trymellon.spring.webhook.TestWebhookSigner;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.trymellon.spring.autoconfigure.attack.WebhookRow.answered200;
import static dev.trymellon.spring.autoconfigure.attack.WebhookRow.notReceived;
import static dev.trymellon.spring.autoconfigure.attack.WebhookRow.rejected;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webhook attack corpus: crafted deliveries to the real receiver over a raw socket,
 * each a named row with the status it must get and the exact reason it must be counted
 * under in {@code trymellon.webhook.deliveries} (the answer itself is generic). A path
 * that is not exactly the webhook's must not reach the receiver at all, nor open
 * anything. Rows {@code W..} are negatives, rows {@code P..} positive controls the
 * receiver must accept (upper-case hex, the rotated secret, a duplicate answered 200
 * without being published again).
 */
@AttackServer
class WebhookAttackCorpusTests {

	/**
	 * The reason a signed {@code created_at} too far in the future is counted under
	 * (issue 9 item 12), in the style of {@code event_too_old}.
	 */
	static final String EVENT_IN_FUTURE = "event_in_future";

	private static final String SECRET = AttackApplication.SECRET;

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry registry;

	@Autowired
	PublishedEvents published;

	Wire wire;

	@BeforeEach
	void wire() {
		this.wire = new Wire(this.port);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("rows")
	void corpus(WebhookRow row) throws Exception {
		row.check(this.wire, this.registry, this.published);
	}

	@Test
	void corpusHasAtLeastFortyNegatives() {
		assertThat(rows().filter(WebhookRow::isNegative).count()).isGreaterThanOrEqualTo(40);
	}

	static Stream<WebhookRow> rows() {
		List<WebhookRow> negatives = new ArrayList<>();
		negatives.addAll(signatureRows());
		negatives.addAll(bodyRows());
		negatives.addAll(methodRows());
		negatives.addAll(pathRows());
		negatives.addAll(timestampRows());
		negatives.addAll(eventIdRows());
		negatives.addAll(payloadRows());
		negatives.addAll(signedTimeRows());
		List<WebhookRow> controls = controlRows();
		return Stream.concat(numbered("W", negatives), numbered("P", controls));
	}

	private static Stream<WebhookRow> numbered(String prefix, List<WebhookRow> rows) {
		return IntStream.range(0, rows.size())
			.mapToObj((i) -> rows.get(i).named(String.format("%s%02d %s", prefix, i + 1, rows.get(i).name())));
	}

	/** Builds the delivery of a row from its fresh event id. */
	@FunctionalInterface
	interface Shape {

		Delivery make(String id) throws Exception;

	}

	private static WebhookRow rejectedRow(String name, int status, String reason, Shape shape) {
		String id = Deliveries.eventId("w");
		return rejected(name, status, reason, id, (wire) -> shape.make(id).send(wire));
	}

	private static WebhookRow unreadable(String name, Shape shape) {
		String id = Deliveries.eventId("unreadable");
		return WebhookRow.rejectedUnreadable(name, id, (wire) -> shape.make(id).send(wire));
	}

	private static WebhookRow notWebhook(String name, int status, String path) {
		String id = Deliveries.eventId("path");
		return notReceived(name + " (" + path + ")", status, id,
				(wire) -> Delivery.of(Deliveries.authSuccess(id)).path(path).send(wire));
	}

	private static Delivery event(String id) {
		return Delivery.of(Deliveries.authSuccess(id));
	}

	// ---------------------------------------------------------------- signature

	private static List<WebhookRow> signatureRows() {
		return List.of(rejectedRow("no signature header", 401, "signature_missing", (id) -> event(id).unsigned()),
				rejectedRow("empty signature header", 401, "signature_invalid", (id) -> event(id).signature("")),
				rejectedRow("signature of spaces only", 401, "signature_invalid", (id) -> event(id).signature("      ")),
				rejectedRow("64 characters that are not hex", 401, "signature_invalid",
						(id) -> event(id).signature("z".repeat(64))),
				rejectedRow("63 hex characters (one short)", 401, "signature_invalid", (id) -> {
					Delivery delivery = event(id);
					return delivery.signature(sign(delivery).substring(1));
				}),
				rejectedRow("65 hex characters (one extra)", 401, "signature_invalid", (id) -> {
					Delivery delivery = event(id);
					return delivery.signature(sign(delivery) + "0");
				}),
				rejectedRow("signature twice in one header (128 hex)", 401, "signature_invalid", (id) -> {
					Delivery delivery = event(id);
					return delivery.signature(sign(delivery) + sign(delivery));
				}),
				rejectedRow("'sha256=' prefixed signature", 401, "signature_invalid", (id) -> {
					Delivery delivery = event(id);
					return delivery.signature("sha256=" + sign(delivery));
				}),
				rejectedRow("base64 instead of hex", 401, "signature_invalid", (id) -> {
					Delivery delivery = event(id);
					return delivery.signature(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sign(delivery))));
				}),
				rejectedRow("HMAC-SHA1 instead of HMAC-SHA256", 401, "signature_invalid", (id) -> {
					Delivery delivery = event(id);
					return delivery.signature(hmac("HmacSHA1", SECRET, delivery.body()));
				}),
				rejectedRow("HMAC-SHA512 instead of HMAC-SHA256", 401, "signature_invalid", (id) -> {
					Delivery delivery = event(id);
					return delivery.signature(hmac("HmacSHA512", SECRET, delivery.body()));
				}),
				rejectedRow("plain SHA-256 of the body, no secret", 401, "signature_invalid", (id) -> {
					Delivery delivery = event(id);
					return delivery.signature(HexFormat.of()
						.formatHex(MessageDigest.getInstance("SHA-256").digest(delivery.body())));
				}),
				rejectedRow("signed with a wrong secret", 401, "signature_invalid", (id) -> {
					Delivery delivery = event(id);
					return delivery.signature(TestWebhookSigner.sign("whsec_not_the_secret_at_all", delivery.body()));
				}),
				rejectedRow("signed with the secret less its whsec_ prefix", 401, "signature_invalid", (id) -> {
					Delivery delivery = event(id);
					return delivery.signature(TestWebhookSigner.sign(SECRET.substring("whsec_".length()), delivery.body()));
				}),
				rejectedRow("signature of another body", 401, "signature_invalid",
						(id) -> event(id).signature(TestWebhookSigner.sign(SECRET, Deliveries.authSuccess(id + "_other")))),
				rejectedRow("signature of the body plus a newline", 401, "signature_invalid", (id) -> {
					Delivery delivery = event(id);
					return delivery.signature(TestWebhookSigner.sign(SECRET, new String(delivery.body(), StandardCharsets.UTF_8) + "\n"));
				}),
				rejectedRow("signature with a Latin-1 byte", 401, "signature_invalid", (id) -> {
					Delivery delivery = event(id);
					return delivery.signature(sign(delivery).substring(1) + "\u00b9");
				}),
				rejectedRow("two tm-signature headers, both valid", 401, "signature_duplicated", (id) -> {
					Delivery delivery = event(id);
					return delivery.header("tm-signature", sign(delivery));
				}),
				rejectedRow("garbage tm-signature beside a valid x-trymellon-signature", 401, "signature_invalid", (id) -> {
					Delivery delivery = event(id);
					return delivery.signature("0".repeat(64)).header("x-trymellon-signature", sign(delivery));
				}));
	}

	// ---------------------------------------------------------------- body framing and size

	private static List<WebhookRow> bodyRows() {
		return List.of(rejectedRow("body truncated after signing", 401, "signature_invalid", (id) -> {
			Delivery delivery = event(id);
			byte[] body = delivery.body();
			return delivery.signature(sign(delivery)).rawBody(Arrays.copyOf(body, body.length - 10));
		}), rejectedRow("Content-Length shorter than the body (the server reads a prefix)", 401, "signature_invalid",
				(id) -> {
					Delivery delivery = event(id);
					return delivery.contentLength(Integer.toString(delivery.body().length - 5));
				}),
				unreadable("Content-Length longer than the body, then end of stream", (id) -> {
					Delivery delivery = event(id);
					return delivery.contentLength(Integer.toString(delivery.body().length + 100)).halfClose();
				}),
				rejectedRow("declared Content-Length over max-body-size (4 KB)", 413, "body_too_large",
						(id) -> Delivery.of(padded(id, 4097))),
				rejectedRow("chunked body over max-body-size", 413, "body_too_large",
						(id) -> Delivery.of(padded(id, 6000)).chunked(1000)),
				rejectedRow("chunked body over max-body-size in one chunk", 413, "body_too_large",
						(id) -> Delivery.of(padded(id, 4097)).chunked(8192)),
				rejectedRow("declared Content-Length of 10 GB, nothing sent", 413, "body_too_large",
						(id) -> event(id).contentLength("10737418240").rawBody(new byte[0])),
				unreadable("chunked body with a chunk size that is not hex",
						(id) -> event(id).header("Transfer-Encoding", "chunked")
							.rawBody("zz\r\n{}\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII))));
	}

	// ---------------------------------------------------------------- method and path

	private static List<WebhookRow> methodRows() {
		List<WebhookRow> rows = new ArrayList<>();
		for (String method : new String[] { "GET", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "post" }) {
			rows.add(rejectedRow("method " + method, 405, "method_not_allowed", (id) -> event(id).method(method)));
		}
		return rows;
	}

	/**
	 * Variants of the path: none is the webhook. The application's security answers them
	 * as any other anonymous request (401 {@code TOKEN_MISSING} from the default chain),
	 * or they are refused with 400 before any filter sees them: by Spring Security's
	 * firewall (matrix parameters, encoded semicolons, doubled slashes, dot segments;
	 * answered through the error dispatch, which the default chain lets through) or by
	 * Tomcat itself (an encoded slash).
	 */
	private static List<WebhookRow> pathRows() {
		return List.of(notWebhook("trailing slash", 401, "/webhooks/trymellon/"),
				notWebhook("upper case", 401, "/WEBHOOKS/TRYMELLON"),
				notWebhook("one letter in upper case", 401, "/webhooks/Trymellon"),
				notWebhook("percent-encoded letter", 401, "/webhooks/%74rymellon"),
				notWebhook("encoded slash", 400, "/webhooks%2Ftrymellon"),
				notWebhook("matrix parameter", 400, "/webhooks/trymellon;x=1"),
				notWebhook("matrix parameter on the first segment", 400, "/webhooks;x=1/trymellon"),
				notWebhook("encoded semicolon", 400, "/webhooks/trymellon%3B"),
				notWebhook("doubled leading slash", 400, "//webhooks/trymellon"),
				notWebhook("doubled inner slash", 400, "/webhooks//trymellon"),
				notWebhook("dot segment", 400, "/webhooks/./trymellon"),
				notWebhook("dot-dot segment", 400, "/x/../webhooks/trymellon"),
				notWebhook("longer last segment", 401, "/webhooks/trymellonx"),
				notWebhook("encoded space appended", 401, "/webhooks/trymellon%20"));
	}

	// ---------------------------------------------------------------- tm-timestamp (not signed)

	private static List<WebhookRow> timestampRows() {
		return List.of(rejectedRow("tm-timestamp missing", 401, "timestamp_missing", (id) -> event(id).timestamp(null)),
				rejectedRow("two tm-timestamp headers", 401, "timestamp_duplicated",
						(id) -> event(id).header("tm-timestamp", Instant.now().toString())),
				rejectedRow("tm-timestamp six minutes old", 401, "timestamp_outside_tolerance",
						(id) -> event(id).timestamp(Instant.now().minus(Duration.ofMinutes(6)).toString())),
				rejectedRow("tm-timestamp six minutes ahead", 401, "timestamp_outside_tolerance",
						(id) -> event(id).timestamp(Instant.now().plus(Duration.ofMinutes(6)).toString())),
				rejectedRow("tm-timestamp in the year +999999999", 401, "timestamp_outside_tolerance",
						(id) -> event(id).timestamp("+999999999-12-31T23:59:59Z")),
				rejectedRow("tm-timestamp 'yesterday'", 401, "timestamp_malformed", (id) -> event(id).timestamp("yesterday")),
				rejectedRow("tm-timestamp as epoch seconds", 401, "timestamp_malformed",
						(id) -> event(id).timestamp(Long.toString(Instant.now().getEpochSecond()))),
				rejectedRow("tm-timestamp without an offset", 401, "timestamp_malformed",
						(id) -> event(id).timestamp(Instant.now().toString().replace("Z", ""))),
				rejectedRow("tm-timestamp in RFC 1123 form", 401, "timestamp_malformed",
						(id) -> event(id).timestamp(DateTimeFormatter.RFC_1123_DATE_TIME
							.format(ZonedDateTime.now(ZoneOffset.UTC)))),
				rejectedRow("tm-timestamp empty", 401, "timestamp_malformed", (id) -> event(id).timestamp("")),
				rejectedRow("tm-timestamp of 65 characters", 401, "timestamp_malformed",
						(id) -> event(id).timestamp(Instant.now().toString() + " ".repeat(20) + "x".repeat(20))));
	}

	private static List<WebhookRow> eventIdRows() {
		return List.of(rejectedRow("tm-event-id with a space", 400, "event_id_header_invalid",
				(id) -> event(id).eventId("evt one")),
				rejectedRow("two tm-event-id headers", 400, "event_id_header_invalid",
						(id) -> event(id).header("tm-event-id", "evt_second")),
				rejectedRow("tm-event-id of 257 characters", 400, "event_id_header_invalid",
						(id) -> event(id).eventId("e".repeat(257))));
	}

	// ---------------------------------------------------------------- signed payload

	private static List<WebhookRow> payloadRows() {
		String now = Instant.now().toString();
		return List.of(rejectedRow("malformed JSON", 400, "malformed_json", (id) -> Delivery.of("{\"id\":\"" + id + "\",")),
				rejectedRow("JSON array, not an object", 400, "malformed_json",
						(id) -> Delivery.of("[" + Deliveries.authSuccess(id) + "]")),
				rejectedRow("JSON string, not an object", 400, "malformed_json", (id) -> Delivery.of("\"auth.success\"")),
				rejectedRow("empty body", 400, "malformed_json", (id) -> Delivery.of("")),
				rejectedRow("duplicate key (type)", 400, "malformed_json",
						(id) -> Delivery.of("{\"id\":\"" + id + "\",\"type\":\"auth.success\",\"type\":\"session.revoked\"}")),
				rejectedRow("trailing data after the object", 400, "malformed_json",
						(id) -> Delivery.of(Deliveries.authSuccess(id) + " {}")),
				rejectedRow("invalid UTF-8", 400, "malformed_json", (id) -> {
					byte[] body = ("{\"id\":\"" + id + "\",\"type\":\"auth.success\",\"x\":\"\u00ff\"}")
						.getBytes(StandardCharsets.ISO_8859_1);
					return Delivery.of(body);
				}),
				rejectedRow("type missing", 400, "type_missing",
						(id) -> Delivery.of("{\"id\":\"" + id + "\",\"created_at\":\"" + now + "\"}")),
				rejectedRow("no id in the body and no tm-event-id", 400, "id_missing",
						(id) -> Delivery.of("{\"type\":\"auth.success\",\"created_at\":\"" + now + "\"}").eventId(null)),
				rejectedRow("type is a number", 400, "field_invalid", (id) -> Delivery.of("{\"id\":\"" + id + "\",\"type\":7}")),
				rejectedRow("data is not an object", 400, "field_invalid",
						(id) -> Delivery.of("{\"id\":\"" + id + "\",\"type\":\"auth.success\",\"data\":\"x\"}")),
				rejectedRow("created_at not a date", 400, "field_invalid",
						(id) -> Delivery.of("{\"id\":\"" + id + "\",\"type\":\"auth.success\",\"created_at\":\"soon\"}")),
				rejectedRow("id with a control character", 400, "field_invalid",
						(id) -> Delivery.of("{\"id\":\"" + id + "\\u0007\",\"type\":\"auth.success\"}")));
	}

	private static List<WebhookRow> signedTimeRows() {
		Instant now = Instant.now();
		return List.of(
				rejectedRow("signed created_at 72 h and a minute old", 401, "event_too_old",
						(id) -> Delivery.of(Deliveries.authSuccess(id, now.minus(Duration.ofHours(72).plusMinutes(1)).toString()))),
				rejectedRow("signed SDK timestamp 73 h old (envelope without id)", 401, "event_too_old",
						(id) -> Delivery.of("{\"event\":\"auth.success\",\"timestamp\":\""
								+ now.minus(Duration.ofHours(73)) + "\",\"data\":{}}").eventId(id)),
				// issue 9 item 12: the signed time may not be ahead by more than the tolerance either
				rejectedRow("signed created_at ten minutes in the future", 401, EVENT_IN_FUTURE,
						(id) -> Delivery.of(Deliveries.authSuccess(id, now.plus(Duration.ofMinutes(10)).toString()))),
				rejectedRow("signed SDK timestamp in the year 2999", 401, EVENT_IN_FUTURE,
						(id) -> Delivery.of("{\"event\":\"auth.success\",\"timestamp\":\"2999-01-01T00:00:00Z\",\"data\":{}}")
							.eventId(id)));
	}

	// ---------------------------------------------------------------- positive controls

	private static List<WebhookRow> controlRows() {
		List<WebhookRow> rows = new ArrayList<>();
		rows.add(accepted("upper-case hex signature", (id) -> {
			Delivery delivery = event(id);
			return delivery.signature(sign(delivery).toUpperCase(Locale.ROOT));
		}));
		rows.add(accepted("signature in x-trymellon-signature", (id) -> {
			Delivery delivery = event(id).unsigned();
			return delivery.header("x-trymellon-signature", TestWebhookSigner.sign(SECRET, delivery.body()));
		}));
		rows.add(accepted("signed with the second (rotated) secret", (id) -> {
			Delivery delivery = event(id);
			return delivery.signature(TestWebhookSigner.sign(AttackApplication.ROTATED_SECRET, delivery.body()));
		}));
		rows.add(accepted("body of exactly max-body-size", (id) -> Delivery.of(padded(id, 4096))));
		rows.add(accepted("chunked body under max-body-size", (id) -> event(id).chunked(16)));
		rows.add(accepted("signed created_at 71 h old", (id) -> Delivery
			.of(Deliveries.authSuccess(id, Instant.now().minus(Duration.ofHours(71)).toString()))));
		rows.add(accepted("signed created_at two minutes ahead (within the tolerance)", (id) -> Delivery
			.of(Deliveries.authSuccess(id, Instant.now().plus(Duration.ofMinutes(2)).toString()))));
		String unknown = Deliveries.eventId("unknown");
		rows.add(answered200("unknown event type", "accepted", "unknown_type", unknown, 1,
				(wire) -> Delivery.of("{\"id\":\"" + unknown + "\",\"type\":\"something.new\"}").send(wire)));
		rows.add(duplicate("the same delivery twice", (body) -> Delivery.of(body)));
		rows.add(duplicate("replay with a new tm-event-id and a fresh tm-timestamp",
				(body) -> Delivery.of(body).eventId("evt_replayed_header").timestamp(Instant.now().toString())));
		rows.add(duplicate("the id re-used with another body", (body) -> {
			String other = body.replace("user_webhook", "user_other");
			return Delivery.of(other);
		}));
		String idless = "{\"event\":\"auth.success\",\"timestamp\":\"" + Instant.now() + "\",\"data\":{\"n\":\""
				+ Deliveries.eventId("idless") + "\"}}";
		rows.add(WebhookRow.redelivered200("replay of an id-less body with a new tm-event-id", "duplicate",
				"already_processed", "evt_idless_first", (wire) -> {
					assertThat(Delivery.of(idless).eventId("evt_idless_first").send(wire).status()).isEqualTo(200);
					return Delivery.of(idless).eventId("evt_idless_second").send(wire);
				}));
		return rows;
	}

	private static WebhookRow accepted(String name, Shape shape) {
		String id = Deliveries.eventId("ok");
		return answered200(name, "accepted", "none", id, 1, (wire) -> shape.make(id).send(wire));
	}

	/** A first delivery accepted, then the given re-delivery of it: 200, not published again. */
	private static WebhookRow duplicate(String name, Function<String, Delivery> replay) {
		String id = Deliveries.eventId("dup");
		String body = Deliveries.authSuccess(id);
		return WebhookRow.redelivered200(name, "duplicate", "already_processed", id, (wire) -> {
			assertThat(Delivery.of(body).send(wire).status()).as("first delivery").isEqualTo(200);
			return replay.apply(body).send(wire);
		});
	}

	// ---------------------------------------------------------------- helpers

	private static String sign(Delivery delivery) {
		return TestWebhookSigner.sign(SECRET, delivery.body());
	}

	private static String hmac(String algorithm, String secret, byte[] body) {
		try {
			Mac mac = Mac.getInstance(algorithm);
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
			return HexFormat.of().formatHex(mac.doFinal(body));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A harmless event padded with spaces to exactly this many bytes. */
	private static byte[] padded(String id, int size) {
		String body = Deliveries.authSuccess(id);
		String padding = " ".repeat(size - body.length());
		byte[] bytes = (body.substring(0, body.length() - 1) + padding + "}").getBytes(StandardCharsets.UTF_8);
		assertThat(bytes).hasSize(size);
		return bytes;
	}

}
