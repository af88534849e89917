package dev.trymellon.spring.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The checks of a delivery's headers (signature header, {@code tm-timestamp},
 * {@code tm-event-id}: none of them covered by the signature) and of its signed
 * creation time.
 *
 * @author TryMellon
 */
final class DeliveryChecks {

	static final String TIMESTAMP_HEADER = "tm-timestamp";

	static final String EVENT_ID_HEADER = "tm-event-id";

	private static final int MAX_TIMESTAMP_LENGTH = 64;

	private final List<String> signatureHeaders;

	private final Duration tolerance;

	private final Duration replayTtl;

	private final Clock clock;

	DeliveryChecks(List<String> signatureHeaders, Duration tolerance, Duration replayTtl, Clock clock) {
		this.signatureHeaders = List.copyOf(signatureHeaders);
		this.tolerance = tolerance;
		this.replayTtl = replayTtl;
		this.clock = clock;
	}

	/**
	 * Signature header (the first of the configured names present) exactly once;
	 * {@code tm-timestamp} exactly once and within the tolerance, unless it is zero;
	 * {@code tm-event-id}, when present, once and a safe token.
	 * @return the rejection, or {@code null}
	 */
	@Nullable DeliveryResult checkHeaders(WebhookHeaders headers) {
		return check(headers).rejection();
	}

	/**
	 * The checks of {@link #checkHeaders(WebhookHeaders)}, each header read once.
	 * @return the rejection, or the signature and the {@code tm-event-id}
	 */
	Checked check(WebhookHeaders headers) {
		List<String> signatures = signatureValues(headers);
		if (signatures.isEmpty()) {
			return new Checked(DeliveryResult.SIGNATURE_MISSING, null, null);
		}
		if (signatures.size() > 1) {
			return new Checked(DeliveryResult.SIGNATURE_DUPLICATED, null, null);
		}
		DeliveryResult timestamp = checkTimestamp(headers);
		if (timestamp != null) {
			return new Checked(timestamp, null, null);
		}
		List<String> eventIds = headers.get(EVENT_ID_HEADER);
		if (eventIds.size() > 1 || (eventIds.size() == 1
				&& !WebhookPayloadParser.isSafeToken(eventIds.get(0), WebhookPayloadParser.MAX_ID_LENGTH))) {
			return new Checked(DeliveryResult.EVENT_ID_HEADER_INVALID, null, null);
		}
		return new Checked(null, signatures.get(0), eventIds.isEmpty() ? null : eventIds.get(0));
	}

	/**
	 * The signed creation time, when there is one, not older than the replay TTL (the
	 * store may have forgotten the key) and, unless the tolerance is zero, not further in
	 * the future than the tolerance (it would outlive the replay TTL check).
	 * @return the rejection, or {@code null}
	 */
	@Nullable DeliveryResult checkCreatedAt(@Nullable Instant createdAt) {
		if (createdAt == null) {
			return null;
		}
		Instant now = this.clock.instant();
		if (createdAt.isBefore(now.minus(this.replayTtl))) {
			return DeliveryResult.EVENT_TOO_OLD;
		}
		if (!this.tolerance.isZero() && createdAt.isAfter(now.plus(this.tolerance))) {
			return DeliveryResult.EVENT_IN_FUTURE;
		}
		return null;
	}

	private @Nullable DeliveryResult checkTimestamp(WebhookHeaders headers) {
		if (this.tolerance.isZero()) {
			return null;
		}
		List<String> values = headers.get(TIMESTAMP_HEADER);
		if (values.isEmpty()) {
			return DeliveryResult.TIMESTAMP_MISSING;
		}
		if (values.size() > 1) {
			return DeliveryResult.TIMESTAMP_DUPLICATED;
		}
		String value = values.get(0).strip();
		Instant sentAt = (value.isEmpty() || value.length() > MAX_TIMESTAMP_LENGTH) ? null
				: WebhookTimes.parse(value);
		if (sentAt == null) {
			return DeliveryResult.TIMESTAMP_MALFORMED;
		}
		Duration difference = Duration.between(sentAt, this.clock.instant()).abs();
		return (difference.compareTo(this.tolerance) > 0) ? DeliveryResult.TIMESTAMP_OUTSIDE_TOLERANCE : null;
	}

	private List<String> signatureValues(WebhookHeaders headers) {
		for (String name : this.signatureHeaders) {
			List<String> values = headers.get(name);
			if (!values.isEmpty()) {
				return values;
			}
		}
		return List.of();
	}

	/**
	 * What {@link #check(WebhookHeaders)} found: a rejection, or the values the
	 * receiver goes on with.
	 */
	record Checked(@Nullable DeliveryResult rejection, @Nullable String signature, @Nullable String eventId) {
	}

	/**
	 * Whether the path is absolute, of letters, digits, {@code -._~} and {@code /}, without
	 * empty or dot segments or a trailing slash, so that adapters can match it character
	 * for character.
	 */
	static boolean isPlainPath(@Nullable String path) {
		if (path == null || path.length() < 2 || path.charAt(0) != '/' || path.endsWith("/")) {
			return false;
		}
		for (int i = 0; i < path.length(); i++) {
			char c = path.charAt(i);
			boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
					|| c == '/' || c == '-' || c == '_' || c == '.' || c == '~';
			if (!plain) {
				return false;
			}
		}
		for (String segment : path.substring(1).split("/", -1)) {
			if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Whether the name is an HTTP header name: visible ASCII, no colon.
	 */
	static boolean isHeaderName(@Nullable String name) {
		return name != null && !name.isEmpty() && name.chars().allMatch((c) -> c > 32 && c < 127 && c != ':');
	}

}
