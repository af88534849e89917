package dev.trymellon.spring.test;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.util.Assert;
import org.springframework.web.client.RestClient;

/**
 * Builds TryMellon webhook deliveries signed the way TryMellon signs them: header
 * {@code tm-signature} is the lowercase hex HMAC-SHA256 of the raw body keyed by the
 * secret's UTF-8 bytes, {@code tm-timestamp} the RFC 3339 send time, {@code tm-event-id} a
 * UUID; the body is the envelope
 * {@code {id, type, created_at, application_id, tenant_id, data}}. Deliveries can also be
 * deliberately mis-signed, tampered with, stale or unsigned, for negative tests.
 * <p>
 * With MockMvc:
 * <pre class="code">
 * // the same value as trymellon.webhook.signing-secrets
 * TryMellonWebhooks webhooks = TryMellonWebhooks.withSecret("whsec_test_0123456789abcdef");
 * mockMvc.perform(webhooks.event("session.revoked").data("user_id", "u1").post())
 *     .andExpect(status().isOk());
 * mockMvc.perform(webhooks.event("session.revoked").signedWith("whsec_not_the_secret_0123456").post())
 *     .andExpect(status().isUnauthorized());
 * </pre>
 * With a {@code RestClient} against a running server:
 * <pre class="code">
 * webhooks.event("user.locked").data("user_id", "u1")
 *     .post(restClient, "http://localhost:" + port + "/webhooks/trymellon")
 *     .retrieve().toBodilessEntity();
 * </pre>
 * The MockMvc methods need {@code spring-test}, the {@code RestClient} ones
 * {@code spring-web}; the rest needs neither.
 *
 * @author TryMellon
 * @since 0.1.0
 */
public final class TryMellonWebhooks {

	/**
	 * The header carrying the signature.
	 */
	public static final String SIGNATURE_HEADER = "tm-signature";

	/**
	 * The header carrying the send time.
	 */
	public static final String TIMESTAMP_HEADER = "tm-timestamp";

	/**
	 * The header carrying the delivery id.
	 */
	public static final String EVENT_ID_HEADER = "tm-event-id";

	/**
	 * The receiver's default path ({@code trymellon.webhook.path}).
	 */
	public static final String DEFAULT_PATH = "/webhooks/trymellon";

	private final String secret;

	private String path = DEFAULT_PATH;

	private String applicationId = "app_test";

	private String tenantId = "tenant_test";

	private TryMellonWebhooks(String secret) {
		this.secret = secret;
	}

	/**
	 * Creates a signer for the given webhook signing secret (the value of
	 * {@code trymellon.webhook.signing-secrets}). The receiver refuses to start with a
	 * secret of fewer than 16 characters after an optional {@code whsec_} prefix (unless
	 * {@code trymellon.webhook.allow-short-secrets=true}), so a test configures a longer
	 * one, such as {@code whsec_test_0123456789abcdef}; any secret can sign here.
	 * @param secret the secret
	 * @return the signer
	 */
	public static TryMellonWebhooks withSecret(String secret) {
		Assert.hasText(secret, "secret cannot be empty");
		return new TryMellonWebhooks(secret);
	}

	/**
	 * Computes the lowercase hex HMAC-SHA256 of the body keyed by the secret's UTF-8
	 * bytes, as TryMellon does.
	 * @param secret the signing secret
	 * @param body the raw body
	 * @return the signature
	 */
	public static String sign(String secret, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			byte[] digest = mac.doFinal(body);
			StringBuilder hex = new StringBuilder(digest.length * 2);
			for (byte b : digest) {
				hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
			}
			return hex.toString();
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	/**
	 * Sets the path that {@link Delivery#post()} posts to; defaults to
	 * {@value #DEFAULT_PATH}.
	 * @param path the receiver's path
	 * @return this signer
	 */
	public TryMellonWebhooks path(String path) {
		Assert.hasText(path, "path cannot be empty");
		this.path = path;
		return this;
	}

	/**
	 * Sets the default {@code application_id} of the envelope; defaults to
	 * {@code app_test}.
	 * @param applicationId the application id
	 * @return this signer
	 */
	public TryMellonWebhooks applicationId(String applicationId) {
		this.applicationId = applicationId;
		return this;
	}

	/**
	 * Sets the default {@code tenant_id} of the envelope; defaults to
	 * {@code tenant_test}.
	 * @param tenantId the tenant id
	 * @return this signer
	 */
	public TryMellonWebhooks tenantId(String tenantId) {
		this.tenantId = tenantId;
		return this;
	}

	/**
	 * Starts a delivery of an event of the given type, with a fresh {@code evt_} id,
	 * {@code created_at} and {@code tm-timestamp} now and a random {@code tm-event-id}.
	 * @param type the event type, for example {@code session.revoked}
	 * @return the delivery
	 */
	public Delivery event(String type) {
		return new Delivery(type, null);
	}

	/**
	 * Starts a delivery of the given raw body, signed as it is (for other envelope
	 * shapes or malformed JSON).
	 * @param rawBody the body
	 * @return the delivery
	 */
	public Delivery rawBody(String rawBody) {
		return new Delivery(null, rawBody.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * One webhook delivery: body and headers, built when read.
	 *
	 * @since 0.1.0
	 */
	public final class Delivery {

		private final Map<String, Object> envelope = new LinkedHashMap<>();

		private final Map<String, Object> data = new LinkedHashMap<>();

		private final byte @Nullable [] rawBody;

		private String eventId = UUID.randomUUID().toString();

		private @Nullable Instant timestamp = Instant.now().truncatedTo(ChronoUnit.MILLIS);

		private String signingSecret = TryMellonWebhooks.this.secret;

		private @Nullable String signatureOverride;

		private boolean unsigned;

		private boolean tamper;

		private boolean upperCase;

		private String signatureHeader = SIGNATURE_HEADER;

		private Delivery(@Nullable String type, byte @Nullable [] rawBody) {
			this.rawBody = rawBody;
			if (type != null) {
				this.envelope.put("id", "evt_" + UUID.randomUUID().toString().replace("-", ""));
				this.envelope.put("type", type);
				this.envelope.put("created_at", format(Instant.now().truncatedTo(ChronoUnit.MILLIS)));
				this.envelope.put("application_id", TryMellonWebhooks.this.applicationId);
				this.envelope.put("tenant_id", TryMellonWebhooks.this.tenantId);
			}
		}

		/**
		 * Sets the body's {@code id}.
		 * @param id the event id
		 * @return this delivery
		 */
		public Delivery id(String id) {
			this.envelope.put("id", id);
			return this;
		}

		/**
		 * Sets the body's {@code created_at}.
		 * @param createdAt the creation time
		 * @return this delivery
		 */
		public Delivery createdAt(Instant createdAt) {
			this.envelope.put("created_at", format(createdAt));
			return this;
		}

		/**
		 * Sets any top-level member of the envelope.
		 * @param name the member name
		 * @param value the value ({@link Instant}s are written in RFC 3339)
		 * @return this delivery
		 */
		public Delivery envelope(String name, @Nullable Object value) {
			this.envelope.put(name, json(value));
			return this;
		}

		/**
		 * Leaves a member out of the envelope, for example {@code id} or {@code type}.
		 * @param name the member name
		 * @return this delivery
		 */
		public Delivery withoutEnvelope(String name) {
			this.envelope.remove(name);
			return this;
		}

		/**
		 * Adds a member to {@code data}.
		 * @param name the member name
		 * @param value the value ({@link Instant}s are written in RFC 3339)
		 * @return this delivery
		 */
		public Delivery data(String name, @Nullable Object value) {
			this.data.put(name, json(value));
			return this;
		}

		/**
		 * Adds members to {@code data}.
		 * @param data the members
		 * @return this delivery
		 */
		public Delivery data(Map<String, ?> data) {
			data.forEach(this::data);
			return this;
		}

		/**
		 * Sets the {@code tm-event-id} header.
		 * @param eventId the delivery id
		 * @return this delivery
		 */
		public Delivery eventId(String eventId) {
			this.eventId = eventId;
			return this;
		}

		/**
		 * Sets the {@code tm-timestamp} header, for example to a time outside the
		 * receiver's tolerance; {@code null} leaves the header out.
		 * @param timestamp the send time
		 * @return this delivery
		 */
		public Delivery timestamp(@Nullable Instant timestamp) {
			this.timestamp = timestamp;
			return this;
		}

		/**
		 * Signs with another secret: a delivery the receiver must refuse, unless that
		 * secret is one of its signing secrets too.
		 * @param secret the secret to sign with
		 * @return this delivery
		 */
		public Delivery signedWith(String secret) {
			this.signingSecret = secret;
			return this;
		}

		/**
		 * Sends this exact value as the signature.
		 * @param signature the header value
		 * @return this delivery
		 */
		public Delivery signature(String signature) {
			this.signatureOverride = signature;
			return this;
		}

		/**
		 * Leaves the signature header out.
		 * @return this delivery
		 */
		public Delivery unsigned() {
			this.unsigned = true;
			return this;
		}

		/**
		 * Signs the body, then appends a space to it before sending: the body is still
		 * valid JSON and the signature genuine, but it no longer matches.
		 * @return this delivery
		 */
		public Delivery tamperedBody() {
			this.tamper = true;
			return this;
		}

		/**
		 * Writes the signature in uppercase hex (receivers must accept either case).
		 * @return this delivery
		 */
		public Delivery upperCaseSignature() {
			this.upperCase = true;
			return this;
		}

		/**
		 * Sends the signature in another header, for example
		 * {@code X-TryMellon-Signature} as the TryMellon SDK names it.
		 * @param headerName the header name
		 * @return this delivery
		 */
		public Delivery signatureHeader(String headerName) {
			Assert.hasText(headerName, "headerName cannot be empty");
			this.signatureHeader = headerName;
			return this;
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
			String signature = sign(this.signingSecret, signedBody());
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
				headers.put(TIMESTAMP_HEADER, format(this.timestamp));
			}
			headers.put(EVENT_ID_HEADER, this.eventId);
			return headers;
		}

		/**
		 * Builds a MockMvc {@code POST} to the signer's path.
		 * @return the request builder
		 */
		public MockHttpServletRequestBuilder post() {
			return post(TryMellonWebhooks.this.path);
		}

		/**
		 * Builds a MockMvc {@code POST} to the given path.
		 * @param path the receiver's path
		 * @return the request builder
		 */
		public MockHttpServletRequestBuilder post(String path) {
			MockHttpServletRequestBuilder request = MockMvcRequestBuilders.post(path)
				.contentType(MediaType.APPLICATION_JSON)
				.content(getBody());
			getHeaders().forEach((name, value) -> request.header(name, value));
			return request;
		}

		/**
		 * Prepares a {@code POST} of this delivery with the given client, ready to
		 * {@code retrieve()} or {@code exchange(...)}.
		 * @param client the client
		 * @param uri the receiver's absolute URL, or a path relative to the client's base
		 * URL
		 * @return the request
		 */
		public RestClient.RequestBodySpec post(RestClient client, String uri) {
			RestClient.RequestBodySpec request = client.post().uri(uri);
			return applyTo(request);
		}

		/**
		 * Adds this delivery's headers, content type and body to a {@code RestClient}
		 * request.
		 * @param request the request
		 * @return the same request
		 */
		public RestClient.RequestBodySpec applyTo(RestClient.RequestBodySpec request) {
			request.contentType(MediaType.APPLICATION_JSON).body(getBody());
			getHeaders().forEach((name, value) -> request.header(name, value));
			return request;
		}

		private byte[] signedBody() {
			if (this.rawBody != null) {
				return this.rawBody;
			}
			Map<String, Object> body = new LinkedHashMap<>(this.envelope);
			body.put("data", new LinkedHashMap<>(this.data));
			return JSONObjectUtils.toJSONString(body).getBytes(StandardCharsets.UTF_8);
		}

	}

	private static @Nullable Object json(@Nullable Object value) {
		return (value instanceof Instant instant) ? format(instant) : value;
	}

	private static String format(Instant instant) {
		return DateTimeFormatter.ISO_INSTANT.format(instant);
	}

}
