package dev.trymellon.spring.webhook;

import java.io.Serial;

/**
 * A correctly signed delivery whose payload cannot be turned into an event. Carries only
 * the reason, never payload content.
 *
 * @author TryMellon
 */
final class InvalidPayloadException extends Exception {

	@Serial
	private static final long serialVersionUID = 1L;

	private final transient DeliveryResult result;

	InvalidPayloadException(DeliveryResult result) {
		super(result.reason(), null, false, false);
		this.result = result;
	}

	DeliveryResult result() {
		return this.result;
	}

}
