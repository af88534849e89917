package dev.trymellon.spring.autoconfigure.webhook;

import dev.trymellon.spring.webhook.TryMellonWebhookReceiver;

/**
 * Adjusts the webhook receiver before it is built (transactions).
 *
 * @author TryMellon
 */
@FunctionalInterface
interface WebhookReceiverCustomizer {

	void customize(TryMellonWebhookReceiver.Builder builder);

}
