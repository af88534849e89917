package dev.trymellon.spring.webhook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.util.Assert;

import dev.trymellon.spring.webhook.ProcessedEventStore.ClaimResult;
import dev.trymellon.spring.webhook.WebhookPayloadParser.ParsedEvent;

/**
 * Servlet filter that receives TryMellon webhook deliveries on exactly one path and
 * answers them itself; every other request passes through untouched.
 * <p>
 * A request is the webhook when its URI, less the context path, equals the configured
 * path character for character (no decoding, no normalisation): variants with a
 * trailing slash, path parameters ({@code ;x=y}), percent-encoding or another case are
 * not the webhook and go down the chain to the application's own security. A webhook
 * request is never passed down the chain, whatever its method, so the filter, when
 * registered ahead of Spring Security, neither needs nor opens any security rule.
 * <p>
 * Checks, in order: method ({@code POST}, else 405); declared length (413); signature
 * header present exactly once (401); {@code tm-timestamp} within the tolerance (401);
 * body read up to the size limit whatever the transfer encoding (413); HMAC-SHA256 of
 * the raw bytes (401); JSON and envelope (400); signed creation time not older than the
 * replay TTL and, unless the tolerance is zero, not further in the future than the
 * tolerance (401); then the event's de-duplication key is claimed in the
 * {@link ProcessedEventStore}: a completed duplicate answers 200 without publishing,
 * an in-progress one 409. The event is then published through the
 * {@link ApplicationEventPublisher}; when a listener throws, the claim is released and
 * the answer is 500 so that TryMellon retries. Rejections carry a generic body; the
 * reason is counted and logged (never a secret, signature or body): at WARN at most once
 * a minute per reason, the first of each minute, with the number of rejections for that
 * reason left out since the previous warning; every rejection at DEBUG. Anyone can send
 * requests to the webhook path, so an unlimited WARN would let them flood the log.
 *
 * @author TryMellon
 * @since 0.1.0
 */
public final class TryMellonWebhookFilter implements Filter {

	/**
	 * Header carrying the delivery's send time (RFC 3339). Not covered by the signature.
	 */
	public static final String TIMESTAMP_HEADER = "tm-timestamp";

	/**
	 * Header carrying the delivery's id. Not covered by the signature.
	 */
	public static final String EVENT_ID_HEADER = "tm-event-id";

	private static final Log logger = LogFactory.getLog(TryMellonWebhookFilter.class);

	private static final int MAX_TIMESTAMP_LENGTH = 64;

	private static final int READ_BUFFER_SIZE = 8192;

	private static final long REJECTION_WARNING_INTERVAL_MILLIS = 60_000;

	private static final DeliveryResult[] RESULTS = DeliveryResult.values();

	private final String path;

	private final WebhookSignatureVerifier verifier;

	private final ProcessedEventStore store;

	private final ApplicationEventPublisher publisher;

	private final List<String> signatureHeaders;

	private final Duration tolerance;

	private final long maxBodySize;

	private final Duration replayTtl;

	private final Duration processingLease;

	private final Clock clock;

	private final DeliveryCounter counter;

	/** Per reason: when its last WARN was written, {@code Long.MIN_VALUE} for never. */
	private final AtomicLongArray lastRejectionWarning = new AtomicLongArray(RESULTS.length);

	/** Per reason: rejections logged at DEBUG only since its last WARN. */
	private final AtomicLongArray unwarnedRejections = new AtomicLongArray(RESULTS.length);

	private TryMellonWebhookFilter(Builder builder) {
		this.path = builder.path;
		this.verifier = builder.verifier;
		this.store = builder.store;
		this.publisher = builder.publisher;
		this.signatureHeaders = List.copyOf(builder.signatureHeaders);
		this.tolerance = builder.tolerance;
		this.maxBodySize = builder.maxBodySize;
		this.replayTtl = builder.replayTtl;
		this.processingLease = builder.processingLease;
		this.clock = builder.clock;
		this.counter = builder.counter;
		for (int i = 0; i < RESULTS.length; i++) {
			this.lastRejectionWarning.set(i, Long.MIN_VALUE);
		}
	}

	/**
	 * Starts building a filter.
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
	 * The path this filter answers on.
	 * @return the path, relative to the context path
	 */
	public String getPath() {
		return this.path;
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		if (request instanceof HttpServletRequest httpRequest && response instanceof HttpServletResponse httpResponse
				&& isWebhookPath(httpRequest)) {
			DeliveryResult result = receive(httpRequest, httpResponse);
			this.counter.count(result);
			return;
		}
		chain.doFilter(request, response);
	}

	private boolean isWebhookPath(HttpServletRequest request) {
		String uri = request.getRequestURI();
		String contextPath = request.getContextPath();
		if (uri == null || contextPath == null || !uri.startsWith(contextPath)) {
			return false;
		}
		return uri.length() - contextPath.length() == this.path.length() && uri.endsWith(this.path);
	}

	private DeliveryResult receive(HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (!"POST".equals(request.getMethod())) {
			response.setHeader("Allow", "POST");
			return reject(response, DeliveryResult.METHOD_NOT_ALLOWED);
		}
		if (request.getContentLengthLong() > this.maxBodySize) {
			return reject(response, DeliveryResult.BODY_TOO_LARGE);
		}
		List<String> signatures = signatureHeaderValues(request);
		if (signatures.isEmpty()) {
			return reject(response, DeliveryResult.SIGNATURE_MISSING);
		}
		if (signatures.size() > 1) {
			return reject(response, DeliveryResult.SIGNATURE_DUPLICATED);
		}
		DeliveryResult timestampResult = checkTimestamp(request);
		if (timestampResult != null) {
			return reject(response, timestampResult);
		}
		List<String> deliveryIds = headerValues(request, EVENT_ID_HEADER);
		if (deliveryIds.size() > 1 || (deliveryIds.size() == 1
				&& !WebhookPayloadParser.isSafeToken(deliveryIds.get(0), WebhookPayloadParser.MAX_ID_LENGTH))) {
			return reject(response, DeliveryResult.EVENT_ID_HEADER_INVALID);
		}
		String deliveryId = deliveryIds.isEmpty() ? null : deliveryIds.get(0);
		byte[] body;
		try {
			body = readBody(request.getInputStream());
		}
		catch (IOException ex) {
			return reject(response, DeliveryResult.BODY_UNREADABLE);
		}
		if (body == null) {
			return reject(response, DeliveryResult.BODY_TOO_LARGE);
		}
		if (!this.verifier.verify(body, signatures.get(0))) {
			return reject(response, DeliveryResult.SIGNATURE_INVALID);
		}
		ParsedEvent parsed;
		try {
			parsed = WebhookPayloadParser.parse(body, deliveryId);
		}
		catch (InvalidPayloadException ex) {
			return reject(response, ex.result());
		}
		TryMellonWebhookEvent event = parsed.event();
		Instant createdAt = event.createdAt();
		if (createdAt != null) {
			Instant now = this.clock.instant();
			if (createdAt.isBefore(now.minus(this.replayTtl))) {
				return reject(response, DeliveryResult.EVENT_TOO_OLD);
			}
			// A creation time in the future would outlive the replay TTL check once the
			// store has forgotten the event's key.
			if (!this.tolerance.isZero() && createdAt.isAfter(now.plus(this.tolerance))) {
				return reject(response, DeliveryResult.EVENT_IN_FUTURE);
			}
		}
		return process(parsed, response);
	}

	private DeliveryResult process(ParsedEvent parsed, HttpServletResponse response) throws IOException {
		TryMellonWebhookEvent event = parsed.event();
		ClaimResult claim;
		try {
			claim = this.store.claim(parsed.key(), this.processingLease);
		}
		catch (RuntimeException ex) {
			logger.error("TryMellon webhook event " + event.id() + " (" + event.type()
					+ "): the processed-event store failed; answering 500 so that the delivery is retried", ex);
			return answer(response, DeliveryResult.STORE_FAILED);
		}
		if (claim == ClaimResult.COMPLETED) {
			if (logger.isDebugEnabled()) {
				logger.debug("TryMellon webhook event " + event.id() + " (" + event.type()
						+ ") was already processed; not published again");
			}
			return answer(response, DeliveryResult.DUPLICATE);
		}
		if (claim == ClaimResult.IN_PROGRESS) {
			logger.warn("TryMellon webhook delivery answered 409: event " + event.id() + " (" + event.type()
					+ ") is being processed by another delivery");
			return answer(response, DeliveryResult.IN_PROGRESS);
		}
		try {
			this.publisher.publishEvent(event);
		}
		catch (RuntimeException | Error ex) {
			releaseQuietly(parsed.key());
			logger.error("TryMellon webhook event " + event.id() + " (" + event.type()
					+ "): a listener failed; answering 500 so that the delivery is retried", ex);
			return answer(response, DeliveryResult.LISTENER_FAILED);
		}
		try {
			this.store.complete(parsed.key(), this.replayTtl);
		}
		catch (RuntimeException ex) {
			// The listeners succeeded: answering 500 would publish the event again.
			logger.error("TryMellon webhook event " + event.id() + " (" + event.type()
					+ ") was published but could not be marked as processed; a delivery after the processing "
					+ "lease may publish it again", ex);
		}
		DeliveryResult result = (event instanceof UnknownWebhookEvent) ? DeliveryResult.ACCEPTED_UNKNOWN_TYPE
				: DeliveryResult.ACCEPTED;
		if (logger.isDebugEnabled()) {
			logger.debug("TryMellon webhook event " + event.id() + " (" + event.type() + ") published");
		}
		return answer(response, result);
	}

	private void releaseQuietly(String key) {
		try {
			this.store.release(key);
		}
		catch (RuntimeException ex) {
			logger.error("Could not release the claim of a failed TryMellon webhook event; "
					+ "retries are refused until the processing lease ends", ex);
		}
	}

	private @Nullable DeliveryResult checkTimestamp(HttpServletRequest request) {
		if (this.tolerance.isZero()) {
			return null;
		}
		List<String> values = headerValues(request, TIMESTAMP_HEADER);
		if (values.isEmpty()) {
			return DeliveryResult.TIMESTAMP_MISSING;
		}
		if (values.size() > 1) {
			return DeliveryResult.TIMESTAMP_DUPLICATED;
		}
		String value = values.get(0).strip();
		if (value.isEmpty() || value.length() > MAX_TIMESTAMP_LENGTH) {
			return DeliveryResult.TIMESTAMP_MALFORMED;
		}
		Instant sentAt;
		try {
			sentAt = OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
		}
		catch (DateTimeException ex) {
			return DeliveryResult.TIMESTAMP_MALFORMED;
		}
		Duration difference = Duration.between(sentAt, this.clock.instant()).abs();
		return (difference.compareTo(this.tolerance) > 0) ? DeliveryResult.TIMESTAMP_OUTSIDE_TOLERANCE : null;
	}

	private List<String> signatureHeaderValues(HttpServletRequest request) {
		for (String name : this.signatureHeaders) {
			List<String> values = headerValues(request, name);
			if (!values.isEmpty()) {
				return values;
			}
		}
		return Collections.emptyList();
	}

	private static List<String> headerValues(HttpServletRequest request, String name) {
		Enumeration<String> headers = request.getHeaders(name);
		if (headers == null || !headers.hasMoreElements()) {
			return Collections.emptyList();
		}
		List<String> values = new ArrayList<>(1);
		while (headers.hasMoreElements()) {
			values.add(headers.nextElement());
		}
		return values;
	}

	/**
	 * Reads the body, stopping as soon as it exceeds the limit.
	 * @return the body, or {@code null} when it is larger than the limit
	 */
	private byte @Nullable [] readBody(InputStream input) throws IOException {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		byte[] buffer = new byte[READ_BUFFER_SIZE];
		long total = 0;
		int read;
		while ((read = input.read(buffer)) != -1) {
			total += read;
			if (total > this.maxBodySize) {
				return null;
			}
			body.write(buffer, 0, read);
		}
		return body.toByteArray();
	}

	private DeliveryResult reject(HttpServletResponse response, DeliveryResult result) throws IOException {
		logRejection(result);
		return answer(response, result);
	}

	private void logRejection(DeliveryResult result) {
		int index = result.ordinal();
		long now = this.clock.millis();
		long last = this.lastRejectionWarning.get(index);
		// also due when the clock went back by more than the interval
		boolean due = last == Long.MIN_VALUE || Math.abs(now - last) >= REJECTION_WARNING_INTERVAL_MILLIS;
		if (due && this.lastRejectionWarning.compareAndSet(index, last, now)) {
			long unwarned = this.unwarnedRejections.getAndSet(index, 0);
			logger.warn("TryMellon webhook delivery rejected with " + result.status() + ": " + result.reason() + " ("
					+ ((unwarned > 0) ? unwarned + " more since the previous warning; " : "")
					+ "warned at most once a minute per reason, every rejection at DEBUG)");
			return;
		}
		this.unwarnedRejections.incrementAndGet(index);
		if (logger.isDebugEnabled()) {
			logger.debug("TryMellon webhook delivery rejected with " + result.status() + ": " + result.reason());
		}
	}

	private static DeliveryResult answer(HttpServletResponse response, DeliveryResult result) throws IOException {
		response.setStatus(result.status());
		response.setHeader("Cache-Control", "no-store");
		if (result.status() != HttpServletResponse.SC_OK) {
			String title = switch (result.status()) {
				case 400 -> "Bad Request";
				case 401 -> "Unauthorized";
				case 405 -> "Method Not Allowed";
				case 409 -> "Conflict";
				case 413 -> "Content Too Large";
				default -> "Internal Server Error";
			};
			byte[] body = ("{\"title\":\"" + title + "\",\"status\":" + result.status() + "}")
				.getBytes(StandardCharsets.UTF_8);
			response.setContentType("application/problem+json");
			response.setContentLength(body.length);
			response.getOutputStream().write(body);
		}
		else {
			response.setContentLength(0);
		}
		response.flushBuffer();
		return result;
	}

	@Override
	public String toString() {
		return "TryMellonWebhookFilter[" + this.path + "]";
	}

	/**
	 * Builds a {@link TryMellonWebhookFilter}.
	 *
	 * @since 0.1.0
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

		private DeliveryCounter counter = DeliveryCounter.NONE;

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
		 * Sets the path the filter answers on (default {@code /webhooks/trymellon}).
		 * @param path an absolute path without query, path parameters, percent-encoding,
		 * dot segments, empty segments or trailing slash
		 * @return this builder
		 */
		public Builder path(String path) {
			Assert.isTrue(isValidPath(path), "path must be an absolute path such as '/webhooks/trymellon', "
					+ "without query, ';', '%', '\\', whitespace, dot or empty segments, or a trailing '/'");
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
			Assert.isTrue(replayTtl != null && (!replayTtl.isNegative() && !replayTtl.isZero()), "replayTtl must be positive");
			this.replayTtl = replayTtl;
			return this;
		}

		/**
		 * Sets how long an in-progress event blocks duplicates (default 5 minutes).
		 * @param processingLease the lease, positive
		 * @return this builder
		 */
		public Builder processingLease(Duration processingLease) {
			Assert.isTrue(processingLease != null && (!processingLease.isNegative() && !processingLease.isZero()),
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
		 * Counts deliveries in the {@code trymellon.webhook.deliveries} counter of the
		 * registry, tagged with {@code outcome} and {@code reason}.
		 * @param meterRegistry the registry
		 * @return this builder
		 */
		public Builder meterRegistry(MeterRegistry meterRegistry) {
			Assert.notNull(meterRegistry, "meterRegistry must not be null");
			this.counter = new MicrometerDeliveryCounter(meterRegistry);
			return this;
		}

		/**
		 * Builds the filter.
		 * @return the filter
		 */
		public TryMellonWebhookFilter build() {
			return new TryMellonWebhookFilter(this);
		}

		/**
		 * Whether the path is one the filter can match safely: absolute, plain
		 * characters, no dot or empty segments, no trailing slash.
		 * @param path the path
		 * @return whether it is acceptable
		 */
		public static boolean isValidPath(@Nullable String path) {
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
