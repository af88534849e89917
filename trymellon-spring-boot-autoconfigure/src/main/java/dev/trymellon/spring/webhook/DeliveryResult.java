package dev.trymellon.spring.webhook;

import java.nio.charset.StandardCharsets;

/**
 * How one webhook delivery ended: the HTTP status to answer, and the outcome and reason
 * that are logged and counted (the {@code outcome} and {@code reason} tags of the
 * {@code trymellon.webhook.deliveries} counter). The reason never appears in the answer:
 * an adapter answers {@link #status()} with an empty body for {@code 200} and a generic
 * {@code application/problem+json} body otherwise.
 *
 * @author TryMellon
 * @since 0.2.0
 */
public enum DeliveryResult {

	/** Published to the listeners. */
	ACCEPTED(200, "accepted", "none"),

	/** Of a type this version does not know, published as an {@link UnknownWebhookEvent}. */
	ACCEPTED_UNKNOWN_TYPE(200, "accepted", "unknown_type"),

	/** Already processed: answered without publishing again. */
	DUPLICATE(200, "duplicate", "already_processed"),

	/** Not a {@code POST}. */
	METHOD_NOT_ALLOWED(405, "rejected", "method_not_allowed"),

	/** The body, declared or read, is larger than the limit. */
	BODY_TOO_LARGE(413, "rejected", "body_too_large"),

	/** The body could not be read. */
	BODY_UNREADABLE(400, "rejected", "body_unreadable"),

	/** No signature header. */
	SIGNATURE_MISSING(401, "rejected", "signature_missing"),

	/** The signature header more than once. */
	SIGNATURE_DUPLICATED(401, "rejected", "signature_duplicated"),

	/** The signature does not match the body under any secret. */
	SIGNATURE_INVALID(401, "rejected", "signature_invalid"),

	/** No {@code tm-timestamp} header. */
	TIMESTAMP_MISSING(401, "rejected", "timestamp_missing"),

	/** The {@code tm-timestamp} header more than once. */
	TIMESTAMP_DUPLICATED(401, "rejected", "timestamp_duplicated"),

	/** A {@code tm-timestamp} that is not an RFC 3339 time with an offset. */
	TIMESTAMP_MALFORMED(401, "rejected", "timestamp_malformed"),

	/** A {@code tm-timestamp} further from now than the tolerance. */
	TIMESTAMP_OUTSIDE_TOLERANCE(401, "rejected", "timestamp_outside_tolerance"),

	/** A {@code tm-event-id} header repeated, empty, too long or with unsafe characters. */
	EVENT_ID_HEADER_INVALID(400, "rejected", "event_id_header_invalid"),

	/** The body is not strict UTF-8 JSON holding one object. */
	MALFORMED_JSON(400, "rejected", "malformed_json"),

	/** Neither {@code type} nor {@code event}. */
	TYPE_MISSING(400, "rejected", "type_missing"),

	/** Neither a body {@code id} nor a {@code tm-event-id} header. */
	ID_MISSING(400, "rejected", "id_missing"),

	/** A documented field of the wrong kind. */
	FIELD_INVALID(400, "rejected", "field_invalid"),

	/** Signed creation time older than the replay TTL. */
	EVENT_TOO_OLD(401, "rejected", "event_too_old"),

	/** Signed creation time further in the future than the tolerance. */
	EVENT_IN_FUTURE(401, "rejected", "event_in_future"),

	/** Another delivery of the event is being processed. */
	IN_PROGRESS(409, "in_progress", "in_progress"),

	/** A listener threw: the claim was released so that the retry is processed. */
	LISTENER_FAILED(500, "failed", "listener_failed"),

	/** The processed-event store failed: nothing was published. */
	STORE_FAILED(500, "failed", "store_unavailable");

	private final int status;

	private final String outcome;

	private final String reason;

	private final byte[] problem;

	DeliveryResult(int status, String outcome, String reason) {
		this.status = status;
		this.outcome = outcome;
		this.reason = reason;
		this.problem = problem(status);
	}

	/**
	 * The HTTP status to answer.
	 * @return the status code
	 */
	public int status() {
		return this.status;
	}

	/**
	 * The outcome: {@code accepted}, {@code duplicate}, {@code rejected},
	 * {@code in_progress} or {@code failed}.
	 * @return the outcome
	 */
	public String outcome() {
		return this.outcome;
	}

	/**
	 * The reason, for logs and metrics only.
	 * @return the reason, {@code none} for a plain success
	 */
	public String reason() {
		return this.reason;
	}

	/**
	 * Whether the delivery is answered {@code 200}: published, or a duplicate of one
	 * that was.
	 * @return whether the sender may consider the delivery done
	 */
	public boolean isAccepted() {
		return this.status == 200;
	}

	/**
	 * The body an adapter answers this result with: empty for {@code 200}, else a
	 * generic {@code application/problem+json} document with the status and its title
	 * only, which never says which check failed (the same bytes on every stack).
	 * @return the body, a new array unless empty
	 * @since 0.2.0
	 */
	public byte[] problemBody() {
		return (this.problem.length == 0) ? this.problem : this.problem.clone();
	}

	private static byte[] problem(int status) {
		String title = switch (status) {
			case 200 -> null;
			case 400 -> "Bad Request";
			case 401 -> "Unauthorized";
			case 405 -> "Method Not Allowed";
			case 409 -> "Conflict";
			case 413 -> "Content Too Large";
			default -> "Internal Server Error";
		};
		return (title != null) ? ("{\"title\":\"" + title + "\",\"status\":" + status + "}")
			.getBytes(StandardCharsets.UTF_8) : new byte[0];
	}

}
