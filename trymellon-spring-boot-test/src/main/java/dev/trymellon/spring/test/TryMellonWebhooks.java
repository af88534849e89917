package dev.trymellon.spring.test;

import java.nio.charset.StandardCharsets;

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
		return WebhookSignatures.sign(secret, body);
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
	 * One webhook delivery: body and headers, built when read (see
	 * {@link AbstractWebhookDelivery}), and the ways of sending it.
	 *
	 * @since 0.1.0
	 */
	public final class Delivery extends AbstractWebhookDelivery<Delivery> {

		private Delivery(@Nullable String type, byte @Nullable [] rawBody) {
			super(TryMellonWebhooks.this.secret, type, rawBody, TryMellonWebhooks.this.applicationId,
					TryMellonWebhooks.this.tenantId);
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

	}

}
