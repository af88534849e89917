package dev.trymellon.spring.webhook;

import java.time.Duration;
import java.util.List;

import org.apache.commons.logging.Log;

import org.springframework.context.ApplicationEventPublisher;

import dev.trymellon.spring.webhook.ProcessedEventStore.ClaimResult;
import dev.trymellon.spring.webhook.WebhookPayloadParser.ParsedEvent;

/**
 * Publishes each event at most once per de-duplication key: claims the key in the
 * {@link ProcessedEventStore} with a processing lease, publishes, then completes the key
 * for the replay TTL, or releases it when a listener failed so that the retry is
 * processed. When the store cannot claim the key, the event goes to the
 * {@link StoreOutageHandler}s instead (revocations are applied at once) and the delivery
 * is answered {@code 500}.
 *
 * @author TryMellon
 */
final class DeduplicatingPublisher {

	private final Log logger;

	private final ProcessedEventStore store;

	private final ApplicationEventPublisher publisher;

	private final Duration processingLease;

	private final Duration replayTtl;

	private final List<StoreOutageHandler> outageHandlers;

	DeduplicatingPublisher(Log logger, ProcessedEventStore store, ApplicationEventPublisher publisher,
			Duration processingLease, Duration replayTtl, List<StoreOutageHandler> outageHandlers) {
		this.logger = logger;
		this.store = store;
		this.publisher = publisher;
		this.processingLease = processingLease;
		this.replayTtl = replayTtl;
		this.outageHandlers = List.copyOf(outageHandlers);
	}

	DeliveryResult publish(ParsedEvent parsed) {
		TryMellonWebhookEvent event = parsed.event();
		ClaimResult claim;
		try {
			claim = this.store.claim(parsed.key(), this.processingLease);
		}
		catch (RuntimeException ex) {
			this.logger.error("TryMellon webhook event " + event.id() + " (" + event.type()
					+ "): the processed-event store failed; answering 500 so that the delivery is retried", ex);
			handleOutage(event);
			return DeliveryResult.STORE_FAILED;
		}
		if (claim == ClaimResult.COMPLETED) {
			if (this.logger.isDebugEnabled()) {
				this.logger.debug("TryMellon webhook event " + event.id() + " (" + event.type()
						+ ") was already processed; not published again");
			}
			return DeliveryResult.DUPLICATE;
		}
		if (claim == ClaimResult.IN_PROGRESS) {
			this.logger.warn("TryMellon webhook delivery answered 409: event " + event.id() + " (" + event.type()
					+ ") is being processed by another delivery");
			return DeliveryResult.IN_PROGRESS;
		}
		boolean published = false;
		try {
			this.publisher.publishEvent(event);
			published = true;
		}
		catch (RuntimeException ex) {
			this.logger.error("TryMellon webhook event " + event.id() + " (" + event.type()
					+ "): a listener failed; answering 500 so that the delivery is retried", ex);
			return DeliveryResult.LISTENER_FAILED;
		}
		finally {
			if (!published) {
				// also when an Error is on its way up: the retry must not wait for the lease
				releaseQuietly(parsed.key());
			}
		}
		try {
			this.store.complete(parsed.key(), this.replayTtl);
		}
		catch (RuntimeException ex) {
			// The listeners succeeded: answering 500 would publish the event again.
			this.logger.error("TryMellon webhook event " + event.id() + " (" + event.type()
					+ ") was published but could not be marked as processed; a delivery after the processing "
					+ "lease may publish it again", ex);
		}
		if (this.logger.isDebugEnabled()) {
			this.logger.debug("TryMellon webhook event " + event.id() + " (" + event.type() + ") published");
		}
		return (event instanceof UnknownWebhookEvent) ? DeliveryResult.ACCEPTED_UNKNOWN_TYPE : DeliveryResult.ACCEPTED;
	}

	private void handleOutage(TryMellonWebhookEvent event) {
		for (StoreOutageHandler handler : this.outageHandlers) {
			try {
				handler.handle(event);
			}
			catch (RuntimeException ex) {
				this.logger.error("TryMellon webhook event " + event.id() + " (" + event.type() + "): a "
						+ "store-outage handler failed; the retry will be handled again", ex);
			}
		}
	}

	private void releaseQuietly(String key) {
		try {
			this.store.release(key);
		}
		catch (RuntimeException ex) {
			this.logger.error("Could not release the claim of a failed TryMellon webhook event; "
					+ "retries are refused until the processing lease ends", ex);
		}
	}

}
