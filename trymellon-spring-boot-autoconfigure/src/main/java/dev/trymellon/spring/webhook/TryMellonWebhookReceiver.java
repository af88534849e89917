package dev.trymellon.spring.webhook;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.util.Assert;

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
		DeliveryResult rejection = this.checks.checkHeaders(headers);
		if (rejection == null && body.length > this.maxBodySize) {
			rejection = DeliveryResult.BODY_TOO_LARGE;
		}
		if (rejection == null && !this.verifier.verify(body, this.checks.signature(headers))) {
			rejection = DeliveryResult.SIGNATURE_INVALID;
		}
		if (rejection != null) {
			return this.recorder.rejected(rejection);
		}
		ParsedEvent parsed;
		try {
			parsed = WebhookPayloadParser.parse(body, this.checks.eventId(headers));
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
	public static final class Builder {

		private final WebhookSignatureVerifier verifier;

		private final ProcessedEventStore store;

		private ApplicationEventPublisher publisher;

		private String path = "/webhooks/trymellon";

		private List<String> signatureHeaders = List.of("tm-signature", "x-trymellon-signature");

		private Duration tolerance = Duration.ofMinutes(5);

		private long maxBodySize = 256 * 1024;

		private Duration replayTtl = Duration.ofHours(72);

		private Duration processingLease = Duration.ofMinutes(5);

		private Clock clock = Clock.systemUTC();

		private DeliveryListener listener = (result) -> {
		};

		private DeliveryObserver observer = DeliveryObserver.NONE;

		private final List<StoreOutageHandler> outageHandlers = new ArrayList<>();

		private Builder(WebhookSignatureVerifier verifier, ProcessedEventStore store,
				ApplicationEventPublisher publisher) {
			Assert.notNull(verifier, "verifier must not be null");
			Assert.notNull(store, "store must not be null");
			Assert.notNull(publisher, "publisher must not be null");
			this.verifier = verifier;
			this.store = store;
			this.publisher = publisher;
		}

		/**
		 * Sets the path the receiver answers on (default {@code /webhooks/trymellon}).
		 * @param path an absolute path of letters, digits, {@code -._~} and {@code /},
		 * without empty or dot segments or a trailing slash, so that adapters can match
		 * it character for character
		 * @return this builder
		 */
		public Builder path(String path) {
			Assert.isTrue(isPlainPath(path), "path must be an absolute path such as '/webhooks/trymellon', made of "
					+ "letters, digits and '-._~', without empty or dot segments or a trailing '/'");
			this.path = path;
			return this;
		}

		/**
		 * Sets the header names that may carry the signature, tried in order (default
		 * {@code tm-signature, x-trymellon-signature}).
		 * @param signatureHeaders the header names, at least one
		 * @return this builder
		 */
		public Builder signatureHeaders(List<String> signatureHeaders) {
			Assert.notEmpty(signatureHeaders, "signatureHeaders must not be empty");
			signatureHeaders.forEach((name) -> Assert.hasText(name, "signatureHeaders must not contain blanks"));
			this.signatureHeaders = List.copyOf(signatureHeaders);
			return this;
		}

		/**
		 * Sets the largest accepted difference between {@code tm-timestamp} and now, in
		 * either direction, and how far in the future a signed creation time may lie
		 * (default 5 minutes); zero turns both checks off.
		 * @param tolerance the tolerance, not negative
		 * @return this builder
		 */
		public Builder tolerance(Duration tolerance) {
			Assert.isTrue(tolerance != null && !tolerance.isNegative(), "tolerance must not be negative");
			this.tolerance = tolerance;
			return this;
		}

		/**
		 * Sets the largest accepted body in bytes (default 256 KiB).
		 * @param maxBodySize the limit, positive
		 * @return this builder
		 */
		public Builder maxBodySize(long maxBodySize) {
			Assert.isTrue(maxBodySize > 0, "maxBodySize must be positive");
			this.maxBodySize = maxBodySize;
			return this;
		}

		/**
		 * Sets how long processed events are remembered; events created earlier than
		 * that are refused (default 72 hours).
		 * @param replayTtl the time, positive
		 * @return this builder
		 */
		public Builder replayTtl(Duration replayTtl) {
			Assert.isTrue(replayTtl != null && !replayTtl.isNegative() && !replayTtl.isZero(),
					"replayTtl must be positive");
			this.replayTtl = replayTtl;
			return this;
		}

		/**
		 * Sets how long an in-progress event blocks duplicates (default 5 minutes).
		 * @param processingLease the lease, positive
		 * @return this builder
		 */
		public Builder processingLease(Duration processingLease) {
			Assert.isTrue(processingLease != null && !processingLease.isNegative() && !processingLease.isZero(),
					"processingLease must be positive");
			this.processingLease = processingLease;
			return this;
		}

		/**
		 * Sets the publisher the events go to.
		 * @param publisher the publisher
		 * @return this builder
		 */
		public Builder eventPublisher(ApplicationEventPublisher publisher) {
			Assert.notNull(publisher, "publisher must not be null");
			this.publisher = publisher;
			return this;
		}

		/**
		 * Sets the clock the timestamps are checked against, which also spaces the
		 * rejection warnings (default the UTC system clock).
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			Assert.notNull(clock, "clock must not be null");
			this.clock = clock;
			return this;
		}

		/**
		 * Sets the listener told how every delivery ended (default none), for example
		 * the meters of {@code dev.trymellon.spring.actuate.WebhookDeliveryMetrics}.
		 * @param listener the listener
		 * @return this builder
		 */
		public Builder listener(DeliveryListener listener) {
			Assert.notNull(listener, "listener must not be null");
			this.listener = listener;
			return this;
		}

		/**
		 * Sets what runs around the processing of each delivery (default
		 * {@link DeliveryObserver#NONE}), for example an observation.
		 * @param observer the observer
		 * @return this builder
		 * @since 0.2.0
		 */
		public Builder observer(DeliveryObserver observer) {
			Assert.notNull(observer, "observer must not be null");
			this.observer = observer;
			return this;
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

		private static boolean isPlainPath(@Nullable String path) {
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

	}

}
