package dev.trymellon.spring.webhook;

/**
 * How one webhook delivery ended: the HTTP status answered, and the outcome and reason
 * that are logged and counted. Reasons never appear in the response.
 *
 * @author TryMellon
 */
enum DeliveryResult {

	ACCEPTED(200, "accepted", "none"),

	ACCEPTED_UNKNOWN_TYPE(200, "accepted", "unknown_type"),

	DUPLICATE(200, "duplicate", "already_processed"),

	METHOD_NOT_ALLOWED(405, "rejected", "method_not_allowed"),

	BODY_TOO_LARGE(413, "rejected", "body_too_large"),

	BODY_UNREADABLE(400, "rejected", "body_unreadable"),

	SIGNATURE_MISSING(401, "rejected", "signature_missing"),

	SIGNATURE_DUPLICATED(401, "rejected", "signature_duplicated"),

	SIGNATURE_INVALID(401, "rejected", "signature_invalid"),

	TIMESTAMP_MISSING(401, "rejected", "timestamp_missing"),

	TIMESTAMP_DUPLICATED(401, "rejected", "timestamp_duplicated"),

	TIMESTAMP_MALFORMED(401, "rejected", "timestamp_malformed"),

	TIMESTAMP_OUTSIDE_TOLERANCE(401, "rejected", "timestamp_outside_tolerance"),

	EVENT_ID_HEADER_INVALID(400, "rejected", "event_id_header_invalid"),

	MALFORMED_JSON(400, "rejected", "malformed_json"),

	TYPE_MISSING(400, "rejected", "type_missing"),

	ID_MISSING(400, "rejected", "id_missing"),

	FIELD_INVALID(400, "rejected", "field_invalid"),

	EVENT_TOO_OLD(401, "rejected", "event_too_old"),

	EVENT_IN_FUTURE(401, "rejected", "event_in_future"),

	IN_PROGRESS(409, "in_progress", "in_progress"),

	LISTENER_FAILED(500, "failed", "listener_failed"),

	STORE_FAILED(500, "failed", "store_unavailable");

	private final int status;

	private final String outcome;

	private final String reason;

	DeliveryResult(int status, String outcome, String reason) {
		this.status = status;
		this.outcome = outcome;
		this.reason = reason;
	}

	int status() {
		return this.status;
	}

	String outcome() {
		return this.outcome;
	}

	String reason() {
		return this.reason;
	}

}
