package dev.trymellon.spring.autoconfigure.webhook;

import dev.trymellon.spring.webhook.TryMellonWebhookFilter;

/**
 * Adjusts the webhook filter before it is built (metrics, transactions).
 *
 * @author TryMellon
 */
@FunctionalInterface
interface WebhookFilterCustomizer {

	void customize(TryMellonWebhookFilter.Builder builder);

}
