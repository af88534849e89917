package dev.trymellon.spring.webhook;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.util.Assert;

import dev.trymellon.spring.webhook.DeliveryChecks.Checked;
import dev.trymellon.spring.webhook.WebhookPayloadParser.ParsedEvent;

/**
 * Receives TryMellon webhook deliveries: from a delivery's headers and raw body to a
 * {@link DeliveryResult}, knowing no HTTP stack. An adapter (the servlet
 * {@code TryMellonWebhookFilter}, a reactive {@code WebFilter}) handles exactly
 * {@link #getPath()}: anything but {@code POST} is {@link #reject(DeliveryResult)
 * rejected} as {@link DeliveryResult#METHOD_NOT_ALLOWED} (answered with
 * {@code Allow: POST}), a declared length over {@link #getMaxBodySize()} as
 * {@link DeliveryResult#BODY_TOO_LARGE}; a result of {@link #checkHeaders(WebhookHeaders)}
 * is answered without reading the body; then at most {@code getMaxBodySize() + 1} bytes
 * are read (one too many: {@code BODY_TOO_LARGE}, an I/O failure:
 * {@link DeliveryResult#BODY_UNREADABLE}) and {@link #receive(WebhookHeaders, byte[])}
 * gives the answer: {@link DeliveryResult#status()} with {@code Cache-Control: no-store},
 * an empty body for {@code 200}, else a generic {@code application/problem+json} body.
 * <p>
 * {@code receive} checks the headers again, the HMAC-SHA256 of the raw bytes under any of
 * the secrets in constant time, the JSON and envelope, the signed creation time against
 * the replay TTL and the tolerance; it then claims the event's de-duplication key in the
 * {@link ProcessedEventStore} (a completed duplicate answers {@code 200} without
 * publishing, an in-progress one {@code 409}), publishes the event through the
 * {@link ApplicationEventPublisher} and completes the key. When a listener throws, the
 * claim is released and the answer is {@code 500}, so that TryMellon retries. When the
 * store cannot claim the key (it is down), the event is not published but handed to the
 * {@link StoreOutageHandler}s (a revocation is applied on this replica at once), and the
 * answer is {@code 500} too. Every
 * result is counted for {@link #status()} and told to the {@link DeliveryListener};
 * rejections are logged (never a secret, signature or body). Instances are thread-safe.
 *
 * @author TryMellon
 * @since 0.2.0
 */
public final class TryMellonWebhookReceiver {

	/** The path the receiver answers on unless another is set. */
	public static final String DEFAULT_PATH = "/webhooks/trymellon";

	/** The headers that may carry the signature unless others are set, tried in order. */
	public static final List<String> DEFAULT_SIGNATURE_HEADERS = List.of("tm-signature", "x-trymellon-signature");

	/** The timestamp tolerance unless another is set. */
	public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

	/** The largest accepted body in bytes unless another is set: 256 KiB. */
	public static final long DEFAULT_MAX_BODY_SIZE = 256 * 1024;

	/** How long processed events are remembered unless another time is set. */
	public static final Duration DEFAULT_REPLAY_TTL = Duration.ofHours(72);

	/** How long an in-progress event blocks duplicates unless another time is set. */
	public static final Duration DEFAULT_PROCESSING_LEASE = Duration.ofMinutes(5);

	private static final Log logger = LogFactory.getLog(TryMellonWebhookReceiver.class);

	private final String path;

	private final WebhookSignatureVerifier verifier;

	private final DeduplicatingPublisher publisher;

	private final DeliveryChecks checks;

	private final long maxBodySize;

	private final DeliveryRecorder recorder;

	private final DeliveryObserver observer;

	private TryMellonWebhookReceiver(Builder builder) {
		this.observer = builder.observer;
		this.path = builder.path;
		this.verifier = builder.verifier;
		this.publisher = new DeduplicatingPublisher(logger, builder.store, builder.publisher, builder.processingLease,
				builder.replayTtl, builder.outageHandlers);
		this.checks = new DeliveryChecks(builder.signatureHeaders, builder.tolerance, builder.replayTtl,
				builder.clock);
		this.maxBodySize = builder.maxBodySize;
		this.recorder = new DeliveryRecorder(logger, builder.clock, builder.listener);
	}

	/**
	 * Starts building a receiver.
	 * @param verifier checks the signatures
	 * @param store remembers processed events
	 * @param publisher publishes the events, usually the application context
	 * @return a builder with the documented defaults
	 */
	public static Builder builder(WebhookSignatureVerifier verifier, ProcessedEventStore store,
			ApplicationEventPublisher publisher) {
		return new Builder(verifier, store, publisher);
	}

	/**
	 * The path the receiver answers on, relative to the context path; adapters compare
	 * it character for character with the raw request path.
	 * @return the path
	 */
	public String getPath() {
		return this.path;
	}

	/**
	 * The largest accepted body, in bytes.
	 * @return the limit
	 */
	public long getMaxBodySize() {
		return this.maxBodySize;
	}

	/**
	 * Runs the checks that need no body: signature header present once, {@code tm-timestamp}
	 * present once and within the tolerance (unless it is zero), {@code tm-event-id}
	 * acceptable when present. A failure is recorded and logged like any rejection.
	 * @param headers the delivery's headers
	 * @return the rejection, or {@code null} when the body is worth reading
	 */
	public @Nullable DeliveryResult checkHeaders(WebhookHeaders headers) {
		DeliveryResult rejection = this.checks.checkHeaders(headers);
		return (rejection != null) ? this.observer.observe(() -> this.recorder.rejected(rejection)) : null;
	}

	/**
	 * Receives a delivery whose method and declared length the adapter has checked.
	 * @param headers the delivery's headers, checked again here
	 * @param body the raw body, exactly as received
	 * @return how the delivery ended
	 */
	public DeliveryResult receive(WebhookHeaders headers, byte[] body) {
		Assert.notNull(body, "body must not be null");
		return this.observer.observe(() -> process(headers, body));
	}

	private DeliveryResult process(WebhookHeaders headers, byte[] body) {
		Checked checked = this.checks.check(headers);
		DeliveryResult rejection = checked.rejection();
		if (rejection == null && body.length > this.maxBodySize) {
			rejection = DeliveryResult.BODY_TOO_LARGE;
		}
		if (rejection == null && !this.verifier.verify(body, checked.signature())) {
			rejection = DeliveryResult.SIGNATURE_INVALID;
		}
		if (rejection != null) {
			return this.recorder.rejected(rejection);
		}
		ParsedEvent parsed;
		try {
			parsed = WebhookPayloadParser.parse(body, checked.eventId());
		}
		catch (InvalidPayloadException ex) {
			return this.recorder.rejected(ex.result());
		}
		rejection = this.checks.checkCreatedAt(parsed.event().createdAt());
		if (rejection != null) {
			return this.recorder.rejected(rejection);
		}
		return this.recorder.answered(this.publisher.publish(parsed));
	}

	/**
	 * Records and logs a rejection that the adapter found itself.
	 * @param rejection {@link DeliveryResult#METHOD_NOT_ALLOWED},
	 * {@link DeliveryResult#BODY_TOO_LARGE} or {@link DeliveryResult#BODY_UNREADABLE}
	 * @return the same result, to answer
	 */
	public DeliveryResult reject(DeliveryResult rejection) {
		Assert.isTrue(rejection == DeliveryResult.METHOD_NOT_ALLOWED || rejection == DeliveryResult.BODY_TOO_LARGE
				|| rejection == DeliveryResult.BODY_UNREADABLE, "not a rejection an adapter finds");
		return this.observer.observe(() -> this.recorder.rejected(rejection));
	}

	/**
	 * A snapshot of what the receiver has seen since it started, taken without I/O.
	 * @return the status
	 */
	public WebhookReceiverStatus status() {
		return this.recorder.status();
	}

	@Override
	public String toString() {
		return "TryMellonWebhookReceiver[" + this.path + "]";
	}

	/**
	 * Builds a {@link TryMellonWebhookReceiver}.
	 *
	 * @since 0.2.0
	 */
	public static final class Builder extends WebhookReceiverSettings {

		private final List<StoreOutageHandler> outageHandlers = new ArrayList<>();

		private Builder(WebhookSignatureVerifier verifier, ProcessedEventStore store,
				ApplicationEventPublisher publisher) {
			super(verifier, store, publisher);
		}

		/**
		 * Adds a handler of the verified events that the {@link ProcessedEventStore}
		 * cannot claim (none by default; the auto-configuration adds every
		 * {@link StoreOutageHandler} bean, among them the revocation listener), called in
		 * the order added before such a delivery is answered {@code 500}.
		 * @param handler the handler
		 * @return this builder
		 * @since 0.2.0
		 */
		public Builder storeOutageHandler(StoreOutageHandler handler) {
			Assert.notNull(handler, "handler must not be null");
			this.outageHandlers.add(handler);
			return this;
		}

		/**
		 * Builds the receiver.
		 * @return the receiver
		 */
		public TryMellonWebhookReceiver build() {
			return new TryMellonWebhookReceiver(this);
		}

	}

}
