package dev.trymellon.spring.webhook;

import java.util.function.Supplier;

/**
 * Runs around the processing of each webhook delivery by a
 * {@link TryMellonWebhookReceiver}: {@link TryMellonWebhookReceiver#receive} (signature,
 * payload, de-duplication, listeners), and the rejections an adapter or
 * {@link TryMellonWebhookReceiver#checkHeaders} finds before the body is read. The actuate
 * layer adapts it to a Micrometer observation (a timer and a span, the listeners' work
 * inside it); the receiver knows no metrics library. Unlike a {@link DeliveryListener}, it
 * sees the delivery start and end.
 *
 * @author TryMellon
 * @since 0.2.0
 */
@FunctionalInterface
public interface DeliveryObserver {

	/** Observes nothing. */
	DeliveryObserver NONE = Supplier::get;

	/**
	 * Processes one delivery: calls {@code delivery} exactly once, on the calling thread,
	 * and returns its result, or lets its exception through.
	 * @param delivery the processing
	 * @return how the delivery ended
	 */
	DeliveryResult observe(Supplier<DeliveryResult> delivery);

}
