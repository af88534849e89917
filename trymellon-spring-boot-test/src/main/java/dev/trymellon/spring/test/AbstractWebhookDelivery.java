package dev.trymellon.spring.test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * One webhook delivery under construction: the envelope, {@code data}, the headers and
 * how it is signed, built when read. {@link TryMellonWebhooks.Delivery} adds the ways of
 * sending it; this class needs neither {@code spring-test} nor {@code spring-web}.
 *
 * @param <D> the concrete delivery type, returned by every setter
 * @author TryMellon
 * @since 0.2.0
 */
public abstract class AbstractWebhookDelivery<D extends AbstractWebhookDelivery<D>> {

	private final Map<String, Object> envelope = new LinkedHashMap<>();

	private final Map<String, Object> data = new LinkedHashMap<>();

	private final byte @Nullable [] rawBody;

	private String eventId = UUID.randomUUID().toString();

	private @Nullable Instant timestamp = Instant.now().truncatedTo(ChronoUnit.MILLIS);

	private String signingSecret;

	private @Nullable String signatureOverride;

	private boolean unsigned;

	private boolean tamper;

	private boolean upperCase;

	private String signatureHeader = TryMellonWebhooks.SIGNATURE_HEADER;

	/**
	 * Starts a delivery of an event of the given type, with a fresh {@code evt_} id and
	 * {@code created_at} now, or of a raw body signed as it is.
	 */
	AbstractWebhookDelivery(String secret, @Nullable String type, byte @Nullable [] rawBody,
			@Nullable String applicationId, @Nullable String tenantId) {
		this.signingSecret = secret;
		this.rawBody = rawBody;
		if (type != null) {
			this.envelope.put("id", "evt_" + UUID.randomUUID().toString().replace("-", ""));
			this.envelope.put("type", type);
			this.envelope.put("created_at", format(Instant.now().truncatedTo(ChronoUnit.MILLIS)));
			this.envelope.put("application_id", applicationId);
			this.envelope.put("tenant_id", tenantId);
		}
	}

	/**
	 * Sets the body's {@code id}.
	 * @param id the event id
	 * @return this delivery
	 */
	public D id(String id) {
		this.envelope.put("id", id);
		return self();
	}

	/**
	 * Sets the body's {@code created_at}.
	 * @param createdAt the creation time
	 * @return this delivery
	 */
	public D createdAt(Instant createdAt) {
		this.envelope.put("created_at", format(createdAt));
		return self();
	}

	/**
	 * Sets any top-level member of the envelope.
	 * @param name the member name
	 * @param value the value ({@link Instant}s are written in RFC 3339)
	 * @return this delivery
	 */
	public D envelope(String name, @Nullable Object value) {
		this.envelope.put(name, json(value));
		return self();
	}

	/**
	 * Leaves a member out of the envelope, for example {@code id} or {@code type}.
	 * @param name the member name
	 * @return this delivery
	 */
	public D withoutEnvelope(String name) {
		this.envelope.remove(name);
		return self();
	}

	/**
	 * Adds a member to {@code data}.
	 * @param name the member name
	 * @param value the value ({@link Instant}s are written in RFC 3339)
	 * @return this delivery
	 */
	public D data(String name, @Nullable Object value) {
		this.data.put(name, json(value));
		return self();
	}

	/**
	 * Adds members to {@code data}.
	 * @param data the members
	 * @return this delivery
	 */
	public D data(Map<String, ?> data) {
		data.forEach(this::data);
		return self();
	}

	/**
	 * Sets the {@code tm-event-id} header.
	 * @param eventId the delivery id
	 * @return this delivery
	 */
	public D eventId(String eventId) {
		this.eventId = eventId;
		return self();
	}

	/**
	 * Sets the {@code tm-timestamp} header, for example to a time outside the
	 * receiver's tolerance; {@code null} leaves the header out.
	 * @param timestamp the send time
	 * @return this delivery
	 */
	public D timestamp(@Nullable Instant timestamp) {
		this.timestamp = timestamp;
		return self();
	}

	/**
	 * Signs with another secret: a delivery the receiver must refuse, unless that
	 * secret is one of its signing secrets too.
	 * @param secret the secret to sign with
	 * @return this delivery
	 */
	public D signedWith(String secret) {
		this.signingSecret = secret;
		return self();
	}

	/**
	 * Sends this exact value as the signature.
	 * @param signature the header value
	 * @return this delivery
	 */
	public D signature(String signature) {
		this.signatureOverride = signature;
		return self();
	}

	/**
	 * Leaves the signature header out.
	 * @return this delivery
	 */
	public D unsigned() {
		this.unsigned = true;
		return self();
	}

	/**
	 * Signs the body, then appends a space to it before sending: the body is still
	 * valid JSON and the signature genuine, but it no longer matches.
	 * @return this delivery
	 */
	public D tamperedBody() {
		this.tamper = true;
		return self();
	}

	/**
	 * Writes the signature in uppercase hex (receivers must accept either case).
	 * @return this delivery
	 */
	public D upperCaseSignature() {
		this.upperCase = true;
		return self();
	}

	/**
	 * Sends the signature in another header, for example
	 * {@code X-TryMellon-Signature} as the TryMellon SDK names it.
	 * @param headerName the header name
	 * @return this delivery
	 */
	public D signatureHeader(String headerName) {
		Assert.hasText(headerName, "headerName cannot be empty");
		this.signatureHeader = headerName;
		return self();
	}

	/**
	 * Returns the body's {@code id}, or {@code null} when there is none.
	 * @return the event id
	 */
	public @Nullable String getId() {
		Object id = this.envelope.get("id");
		return (id != null) ? id.toString() : null;
	}

	/**
	 * Returns the {@code tm-event-id} header value.
	 * @return the delivery id
	 */
	public String getEventId() {
		return this.eventId;
	}

	/**
	 * Returns the body as sent.
	 * @return the raw body
	 */
	public byte[] getBody() {
		byte[] signed = signedBody();
		if (this.tamper) {
			// still valid JSON, so only the signature check can notice
			byte[] sent = new byte[signed.length + 1];
			System.arraycopy(signed, 0, sent, 0, signed.length);
			sent[signed.length] = ' ';
			return sent;
		}
		return signed;
	}

	/**
	 * Returns the body as sent, as a UTF-8 string.
	 * @return the body
	 */
	public String getBodyAsString() {
		return new String(getBody(), StandardCharsets.UTF_8);
	}

	/**
	 * Returns the signature header value, or {@code null} for an unsigned delivery.
	 * @return the signature
	 */
	public @Nullable String getSignature() {
		if (this.unsigned) {
			return null;
		}
		if (this.signatureOverride != null) {
			return this.signatureOverride;
		}
		String signature = WebhookSignatures.sign(this.signingSecret, signedBody());
		return this.upperCase ? signature.toUpperCase(Locale.ROOT) : signature;
	}

	/**
	 * Returns the headers to send, in order: signature, timestamp, event id.
	 * @return the headers
	 */
	public Map<String, String> getHeaders() {
		Map<String, String> headers = new LinkedHashMap<>();
		String signature = getSignature();
		if (signature != null) {
			headers.put(this.signatureHeader, signature);
		}
		if (this.timestamp != null) {
			headers.put(TryMellonWebhooks.TIMESTAMP_HEADER, format(this.timestamp));
		}
		headers.put(TryMellonWebhooks.EVENT_ID_HEADER, this.eventId);
		return headers;
	}

	private byte[] signedBody() {
		if (this.rawBody != null) {
			return this.rawBody;
		}
		Map<String, Object> body = new LinkedHashMap<>(this.envelope);
		body.put("data", new LinkedHashMap<>(this.data));
		return JSONObjectUtils.toJSONString(body).getBytes(StandardCharsets.UTF_8);
	}

	@SuppressWarnings("unchecked")
	private D self() {
		return (D) this;
	}

	private static @Nullable Object json(@Nullable Object value) {
		return (value instanceof Instant instant) ? format(instant) : value;
	}

	private static String format(Instant instant) {
		return DateTimeFormatter.ISO_INSTANT.format(instant);
	}

}
