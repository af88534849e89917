package dev.trymellon.spring.webhook;

/**
 * Counts webhook deliveries by outcome and reason.
 *
 * @author TryMellon
 */
@FunctionalInterface
interface DeliveryCounter {

	DeliveryCounter NONE = (result) -> {
	};

	void count(DeliveryResult result);

}
