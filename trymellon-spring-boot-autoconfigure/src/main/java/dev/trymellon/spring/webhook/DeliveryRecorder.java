package dev.trymellon.spring.webhook;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

import org.apache.commons.logging.Log;

/**
 * Records how each delivery ended: counts it for the {@link WebhookReceiverStatus},
 * tells the {@link DeliveryListener} and, for a rejection, logs it. Lock-free and
 * allocation-free on every path but a due warning.
 * <p>
 * Anyone can send requests to the webhook path, so an unlimited WARN would let them
 * flood the log: each reason is warned at most once a minute (the first rejection of
 * the minute, with the number left out since the previous warning), every rejection is
 * logged at DEBUG.
 *
 * @author TryMellon
 */
final class DeliveryRecorder {

	private static final long REJECTION_WARNING_INTERVAL_MILLIS = 60_000;

	private static final DeliveryResult[] RESULTS = DeliveryResult.values();

	private final Log logger;

	private final Clock clock;

	private final DeliveryListener listener;

	private final LongAdder[] counts = new LongAdder[RESULTS.length];

	private volatile long lastAcceptedMillis = Long.MIN_VALUE;

	/** Per reason: when its last WARN was written, {@code Long.MIN_VALUE} for never. */
	private final AtomicLongArray lastRejectionWarning = new AtomicLongArray(RESULTS.length);

	/** Per reason: rejections logged at DEBUG only since its last WARN. */
	private final AtomicLongArray unwarnedRejections = new AtomicLongArray(RESULTS.length);

	DeliveryRecorder(Log logger, Clock clock, DeliveryListener listener) {
		this.logger = logger;
		this.clock = clock;
		this.listener = listener;
		for (int i = 0; i < RESULTS.length; i++) {
			this.counts[i] = new LongAdder();
			this.lastRejectionWarning.set(i, Long.MIN_VALUE);
		}
	}

	/**
	 * Records a delivery whose answer has been logged already, if at all.
	 */
	DeliveryResult answered(DeliveryResult result) {
		this.counts[result.ordinal()].increment();
		if (result.isAccepted()) {
			this.lastAcceptedMillis = this.clock.millis();
		}
		this.listener.delivered(result);
		return result;
	}

	/**
	 * Records and logs a delivery refused by a check.
	 */
	DeliveryResult rejected(DeliveryResult result) {
		log(result);
		return answered(result);
	}

	WebhookReceiverStatus status() {
		Map<String, Long> rejections = new LinkedHashMap<>();
		for (DeliveryResult result : RESULTS) {
			long count = this.counts[result.ordinal()].sum();
			if (!result.isAccepted() && count > 0) {
				rejections.merge(result.reason(), count, Long::sum);
			}
		}
		long lastAccepted = this.lastAcceptedMillis;
		return new WebhookReceiverStatus(
				(lastAccepted != Long.MIN_VALUE) ? Instant.ofEpochMilli(lastAccepted) : null, rejections);
	}

	private void log(DeliveryResult result) {
		int index = result.ordinal();
		long now = this.clock.millis();
		long last = this.lastRejectionWarning.get(index);
		// also due when the clock went back by more than the interval
		boolean due = last == Long.MIN_VALUE || Math.abs(now - last) >= REJECTION_WARNING_INTERVAL_MILLIS;
		if (due && this.lastRejectionWarning.compareAndSet(index, last, now)) {
			long unwarned = this.unwarnedRejections.getAndSet(index, 0);
			this.logger.warn("TryMellon webhook delivery rejected with " + result.status() + ": " + result.reason()
					+ " (" + ((unwarned > 0) ? unwarned + " more since the previous warning; " : "")
					+ "warned at most once a minute per reason, every rejection at DEBUG)");
			return;
		}
		this.unwarnedRejections.incrementAndGet(index);
		if (this.logger.isDebugEnabled()) {
			this.logger.debug("TryMellon webhook delivery rejected with " + result.status() + ": " + result.reason());
		}
	}

}
