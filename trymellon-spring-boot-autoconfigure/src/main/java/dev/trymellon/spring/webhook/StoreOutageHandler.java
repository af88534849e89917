package dev.trymellon.spring.webhook;

/**
 * Handles a verified event that cannot be published because the
 * {@link ProcessedEventStore} failed to claim it for de-duplication (its Redis is down,
 * say). Without a claim the event is not published, and the delivery is answered
 * {@code 500} so that TryMellon retries it; but some events must not wait for the store
 * to come back. A revocation, above all, must be in force on the replica that received it
 * at once: the {@code RevocationWebhookListener} is such a handler.
 * <p>
 * The event is handed over without any de-duplication, so it may be handed over again
 * by the retry (and published once more when the store is back): handlers must be
 * idempotent, and should act only on the event types they protect against. A handler that
 * throws is logged; the answer stays {@code 500}. Handlers run on the thread that
 * received the delivery (never an event loop: reactive adapters offload the receiver).
 *
 * @author TryMellon
 * @since 0.2.0
 */
@FunctionalInterface
public interface StoreOutageHandler {

	/**
	 * Handles an event the processed-event store could not claim.
	 * @param event the verified event, not de-duplicated
	 */
	void handle(TryMellonWebhookEvent event);

}
