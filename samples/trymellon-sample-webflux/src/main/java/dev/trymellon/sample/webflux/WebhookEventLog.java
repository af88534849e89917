package dev.trymellon.sample.webflux;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

import dev.trymellon.spring.webhook.TryMellonWebhookEvent;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Records every webhook event the starter publishes (id, type and when it arrived; never
 * the payload), keeping about the latest {@value #CAPACITY}. Lock-free, as
 * {@code GET /api/events} reads it on an event-loop thread (the receiver publishes on a
 * {@code boundedElastic} thread).
 */
@Component
class WebhookEventLog {

	static final int CAPACITY = 100;

	private final ConcurrentLinkedDeque<Entry> entries = new ConcurrentLinkedDeque<>();

	private final AtomicInteger size = new AtomicInteger();

	private final Clock clock = Clock.systemUTC();

	@EventListener
	void on(TryMellonWebhookEvent event) {
		this.entries.addFirst(new Entry(event.id(), event.type(), this.clock.instant()));
		if (this.size.incrementAndGet() > CAPACITY && this.entries.pollLast() != null) {
			this.size.decrementAndGet();
		}
	}

	List<Entry> newestFirst() {
		return new ArrayList<>(this.entries);
	}

	/**
	 * One received event, as {@code GET /api/events} lists it.
	 *
	 * @param id the event's id (body {@code id}, else {@code tm-event-id})
	 * @param type the event type
	 * @param receivedAt when the application received it
	 */
	record Entry(String id, String type, Instant receivedAt) {
	}

}
