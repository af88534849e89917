package dev.trymellon.spring.webhook;

/**
 * Told how every delivery to a {@link TryMellonWebhookReceiver} ended, for metrics and
 * auditing. Called on the request thread after the answer is decided: implementations
 * must be fast, must not block and must not throw.
 *
 * @author TryMellon
 * @since 0.2.0
 */
@FunctionalInterface
public interface DeliveryListener {

	/**
	 * A delivery ended.
	 * @param result how it ended
	 */
	void delivered(DeliveryResult result);

}
