package dev.trymellon.spring.webhook;

import java.util.List;

/**
 * The headers of a webhook delivery, as an adapter hands them to the
 * {@link TryMellonWebhookReceiver}: for a servlet request
 * {@code (name) -> Collections.list(request.getHeaders(name))}, for a reactive one
 * {@code request.getHeaders()::getOrEmpty}. Values are passed as received, one per header
 * line, never split at commas: a header sent twice must count twice.
 *
 * @author TryMellon
 * @since 0.2.0
 */
@FunctionalInterface
public interface WebhookHeaders {

	/**
	 * Returns every value of a header, in the order received.
	 * @param name the header name, matched without regard to case
	 * @return the values, empty when the header is absent
	 */
	List<String> get(String name);

}
