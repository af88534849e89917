package dev.trymellon.spring.webhook.reactive;

import dev.trymellon.spring.webhook.DeliveryResult;

/**
 * The body could not be read within the limit: carries the rejection to answer. Has no
 * stack trace, as it is an answer, not a fault.
 *
 * @author TryMellon
 */
final class BodyReadException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final transient DeliveryResult result;

	BodyReadException(DeliveryResult result) {
		super(result.reason(), null, false, false);
		this.result = result;
	}

	DeliveryResult result() {
		return this.result;
	}

}
