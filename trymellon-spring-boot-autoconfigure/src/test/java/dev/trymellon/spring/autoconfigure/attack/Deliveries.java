package dev.trymellon.spring.autoconfigure.attack;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import dev.trymellon.spring.webhook.TestWebhookSigner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhook bodies and signed deliveries through the real receiver, over HTTP.
 */
final class Deliveries {

	private static final AtomicLong SEQUENCE = new AtomicLong();

	private Deliveries() {
	}

	/** A fresh event id, never delivered before in this JVM. */
	static String eventId(String hint) {
		return "evt_" + hint + "_" + SEQUENCE.incrementAndGet() + "_" + UUID.randomUUID().toString().substring(0, 8);
	}

	/** A harmless event (it revokes nothing) in TryMellon's documented envelope. */
	static String authSuccess(String id) {
		return authSuccess(id, Instant.now().toString());
	}

	static String authSuccess(String id, String createdAt) {
		return "{\"id\":\"" + id + "\",\"type\":\"auth.success\",\"created_at\":\"" + createdAt
				+ "\",\"data\":{\"user_id\":\"user_webhook\"}}";
	}

	/**
	 * Delivers the body to the receiver, signed with {@link AttackApplication#SECRET} and
	 * stamped now, and asserts that it was accepted.
	 */
	static void deliverAccepted(Wire wire, String body) throws Exception {
		Answer answer = wire.raw("POST", AttackApplication.WEBHOOK_PATH)
			.header("Content-Type", "application/json")
			.header("tm-signature", TestWebhookSigner.sign(AttackApplication.SECRET, body))
			.header("tm-timestamp", Instant.now().toString())
			.header("tm-event-id", UUID.randomUUID().toString())
			.body(body)
			.send();
		assertThat(answer.status()).as("delivery of %s", body).isEqualTo(200);
	}

}
