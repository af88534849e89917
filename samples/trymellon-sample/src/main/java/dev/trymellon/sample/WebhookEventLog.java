package dev.trymellon.sample;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import dev.trymellon.spring.webhook.TryMellonWebhookEvent;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Records every webhook event the starter publishes (id, type and when it arrived; never
 * the payload), keeping the latest {@value #CAPACITY}.
 */
@Component
class WebhookEventLog {

	static final int CAPACITY = 100;

	private final Deque<Entry> entries = new ArrayDeque<>();

	private final Clock clock = Clock.systemUTC();

	@EventListener
	void on(TryMellonWebhookEvent event) {
		Entry entry = new Entry(event.id(), event.type(), this.clock.instant());
		synchronized (this.entries) {
			this.entries.addFirst(entry);
			while (this.entries.size() > CAPACITY) {
				this.entries.removeLast();
			}
		}
	}

	List<Entry> newestFirst() {
		synchronized (this.entries) {
			return new ArrayList<>(this.entries);
		}
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
