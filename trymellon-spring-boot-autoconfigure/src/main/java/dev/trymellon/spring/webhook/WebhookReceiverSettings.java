package dev.trymellon.spring.webhook;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.util.Assert;

import static dev.trymellon.spring.webhook.TryMellonWebhookReceiver.DEFAULT_MAX_BODY_SIZE;
import static dev.trymellon.spring.webhook.TryMellonWebhookReceiver.DEFAULT_PATH;
import static dev.trymellon.spring.webhook.TryMellonWebhookReceiver.DEFAULT_PROCESSING_LEASE;
import static dev.trymellon.spring.webhook.TryMellonWebhookReceiver.DEFAULT_REPLAY_TTL;
import static dev.trymellon.spring.webhook.TryMellonWebhookReceiver.DEFAULT_SIGNATURE_HEADERS;
import static dev.trymellon.spring.webhook.TryMellonWebhookReceiver.DEFAULT_TOLERANCE;

/**
 * The body of {@link TryMellonWebhookReceiver.Builder}, its only subclass: each setting
 * with its default (the receiver's {@code DEFAULT_*} constants) and its rule (a bad value
 * is an {@link IllegalArgumentException} naming it).
 */
abstract sealed class WebhookReceiverSettings permits TryMellonWebhookReceiver.Builder {

	final WebhookSignatureVerifier verifier;

	final ProcessedEventStore store;

	ApplicationEventPublisher publisher;

	String path = DEFAULT_PATH;

	List<String> signatureHeaders = DEFAULT_SIGNATURE_HEADERS;

	Duration tolerance = DEFAULT_TOLERANCE;

	long maxBodySize = DEFAULT_MAX_BODY_SIZE;

	Duration replayTtl = DEFAULT_REPLAY_TTL;

	Duration processingLease = DEFAULT_PROCESSING_LEASE;

	Clock clock = Clock.systemUTC();

	DeliveryListener listener = (result) -> {
	};

	DeliveryObserver observer = DeliveryObserver.NONE;

	WebhookReceiverSettings(WebhookSignatureVerifier verifier, ProcessedEventStore store,
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
	public TryMellonWebhookReceiver.Builder path(String path) {
		Assert.isTrue(DeliveryChecks.isPlainPath(path), "path must be an absolute path such as '/webhooks/trymellon', "
				+ "made of letters, digits and '-._~', without empty or dot segments or a trailing '/'");
		this.path = path;
		return self();
	}

	/**
	 * Sets the header names that may carry the signature, tried in order (default
	 * {@code tm-signature, x-trymellon-signature}).
	 * @param signatureHeaders the header names (HTTP tokens: no space, no colon), at
	 * least one
	 * @return this builder
	 */
	public TryMellonWebhookReceiver.Builder signatureHeaders(List<String> signatureHeaders) {
		Assert.notEmpty(signatureHeaders, "signatureHeaders must not be empty");
		signatureHeaders.forEach((name) -> Assert.isTrue(DeliveryChecks.isHeaderName(name),
				"signatureHeaders must hold header names"));
		this.signatureHeaders = List.copyOf(signatureHeaders);
		return self();
	}

	/**
	 * Sets the largest accepted difference between {@code tm-timestamp} and now, in
	 * either direction, and how far in the future a signed creation time may lie
	 * (default 5 minutes); zero turns both checks off.
	 * @param tolerance the tolerance, not negative
	 * @return this builder
	 */
	public TryMellonWebhookReceiver.Builder tolerance(Duration tolerance) {
		Assert.isTrue(tolerance != null && !tolerance.isNegative(), "tolerance must not be negative");
		this.tolerance = tolerance;
		return self();
	}

	/**
	 * Sets the largest accepted body in bytes (default 256 KiB).
	 * @param maxBodySize the limit, positive
	 * @return this builder
	 */
	public TryMellonWebhookReceiver.Builder maxBodySize(long maxBodySize) {
		Assert.isTrue(maxBodySize > 0, "maxBodySize must be positive");
		this.maxBodySize = maxBodySize;
		return self();
	}

	/**
	 * Sets how long processed events are remembered; events created earlier than
	 * that are refused (default 72 hours).
	 * @param replayTtl the time, at least one second
	 * @return this builder
	 */
	public TryMellonWebhookReceiver.Builder replayTtl(Duration replayTtl) {
		Assert.isTrue(replayTtl != null && replayTtl.getSeconds() >= 1, "replayTtl must be at least one second");
		this.replayTtl = replayTtl;
		return self();
	}

	/**
	 * Sets how long an in-progress event blocks duplicates (default 5 minutes).
	 * @param processingLease the lease, at least one second
	 * @return this builder
	 */
	public TryMellonWebhookReceiver.Builder processingLease(Duration processingLease) {
		Assert.isTrue(processingLease != null && processingLease.getSeconds() >= 1,
				"processingLease must be at least one second");
		this.processingLease = processingLease;
		return self();
	}

	/**
	 * Sets the publisher the events go to.
	 * @param publisher the publisher
	 * @return this builder
	 */
	public TryMellonWebhookReceiver.Builder eventPublisher(ApplicationEventPublisher publisher) {
		Assert.notNull(publisher, "publisher must not be null");
		this.publisher = publisher;
		return self();
	}

	/**
	 * Sets the clock the timestamps are checked against, which also spaces the
	 * rejection warnings (default the UTC system clock).
	 * @param clock the clock
	 * @return this builder
	 */
	public TryMellonWebhookReceiver.Builder clock(Clock clock) {
		Assert.notNull(clock, "clock must not be null");
		this.clock = clock;
		return self();
	}

	/**
	 * Sets the listener told how every delivery ended (default none), for example
	 * the meters of {@code dev.trymellon.spring.actuate.WebhookDeliveryMetrics}.
	 * @param listener the listener
	 * @return this builder
	 */
	public TryMellonWebhookReceiver.Builder listener(DeliveryListener listener) {
		Assert.notNull(listener, "listener must not be null");
		this.listener = listener;
		return self();
	}

	/**
	 * Sets what runs around the processing of each delivery (default
	 * {@link DeliveryObserver#NONE}), for example an observation.
	 * @param observer the observer
	 * @return this builder
	 * @since 0.2.0
	 */
	public TryMellonWebhookReceiver.Builder observer(DeliveryObserver observer) {
		Assert.notNull(observer, "observer must not be null");
		this.observer = observer;
		return self();
	}

	private TryMellonWebhookReceiver.Builder self() {
		return (TryMellonWebhookReceiver.Builder) this;
	}

}
