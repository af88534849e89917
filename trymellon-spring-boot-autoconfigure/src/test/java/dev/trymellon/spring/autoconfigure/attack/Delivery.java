package dev.trymellon.spring.autoconfigure.attack;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.webhook.TestWebhookSigner;

/**
 * One webhook delivery, correct by default (POST to the receiver's path, JSON body
 * signed with {@link AttackApplication#SECRET}, {@code tm-timestamp} of now, a fresh
 * {@code tm-event-id}), with one thing changed by each row. Sent on a raw socket, so
 * that methods, paths, lengths and header values reach the server exactly as written.
 */
final class Delivery {

	private String method = "POST";

	private String path = AttackApplication.WEBHOOK_PATH;

	private byte[] body;

	private @Nullable String signature;

	private boolean signed = true;

	private @Nullable String timestamp = Instant.now().toString();

	private @Nullable String eventId = UUID.randomUUID().toString();

	private final List<String[]> extraHeaders = new ArrayList<>();

	private @Nullable String contentLength;

	private int chunkSize;

	private byte @Nullable [] rawBody;

	private boolean halfClose;

	private Delivery(byte[] body) {
		this.body = body;
	}

	static Delivery of(String body) {
		return new Delivery(body.getBytes(StandardCharsets.UTF_8));
	}

	static Delivery of(byte[] body) {
		return new Delivery(body);
	}

	Delivery method(String method) {
		this.method = method;
		return this;
	}

	Delivery path(String path) {
		this.path = path;
		return this;
	}

	/** The tm-signature value instead of the correct one. */
	Delivery signature(String signature) {
		this.signature = signature;
		return this;
	}

	/** No tm-signature header at all. */
	Delivery unsigned() {
		this.signed = false;
		return this;
	}

	/** The tm-timestamp value, or {@code null} for none. */
	Delivery timestamp(@Nullable String timestamp) {
		this.timestamp = timestamp;
		return this;
	}

	/** The tm-event-id value, or {@code null} for none. */
	Delivery eventId(@Nullable String eventId) {
		this.eventId = eventId;
		return this;
	}

	Delivery header(String name, String value) {
		this.extraHeaders.add(new String[] { name, value });
		return this;
	}

	/** Declares this Content-Length whatever the body's size. */
	Delivery contentLength(String contentLength) {
		this.contentLength = contentLength;
		return this;
	}

	/** Sends the body chunked, without Content-Length. */
	Delivery chunked(int chunkSize) {
		this.chunkSize = chunkSize;
		return this;
	}

	/** Sends these bytes as the body (after the headers) instead of the signed body. */
	Delivery rawBody(byte[] rawBody) {
		this.rawBody = rawBody;
		return this;
	}

	/** Ends the sending side after the request. */
	Delivery halfClose() {
		this.halfClose = true;
		return this;
	}

	byte[] body() {
		return this.body;
	}

	Answer send(Wire wire) throws Exception {
		Wire.Raw raw = wire.raw(this.method, this.path).header("Content-Type", "application/json");
		if (this.signed) {
			raw.header("tm-signature",
					(this.signature != null) ? this.signature : TestWebhookSigner.sign(AttackApplication.SECRET, this.body));
		}
		if (this.timestamp != null) {
			raw.header("tm-timestamp", this.timestamp);
		}
		if (this.eventId != null) {
			raw.header("tm-event-id", this.eventId);
		}
		for (String[] header : this.extraHeaders) {
			raw.header(header[0], header[1]);
		}
		if (this.contentLength != null) {
			raw.header("Content-Length", this.contentLength);
		}
		if (this.chunkSize > 0) {
			raw.chunked(this.body, this.chunkSize);
		}
		else if (this.rawBody != null) {
			raw.body(this.rawBody);
		}
		else {
			raw.body(this.body);
		}
		if (this.halfClose) {
			raw.halfClose();
		}
		return raw.send();
	}

}
