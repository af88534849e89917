package dev.trymellon.spring.autoconfigure.attack;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.autoconfigure.attack.AttackApplication.PublishedEvents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One crafted webhook delivery: the status the receiver must answer and the exact reason
 * it must count in {@code trymellon.webhook.deliveries} (the answer itself never says),
 * or, for a path that is not the webhook, that the receiver never saw it.
 *
 * @param name the row's name
 * @param status the expected HTTP status
 * @param outcome the expected {@code outcome} tag, or {@code null} when the receiver
 * must not see the request at all
 * @param reason the expected {@code reason} tag
 * @param eventId the id of the event the row's body carries
 * @param publications how often that event must have been published after the row
 * (0 for every rejection)
 * @param earlierDeliveries how many deliveries the attack makes before the one it answers
 * (a replay first delivers the original)
 * @param errorPage whether the receiver's answer is replaced by the server's error page
 * (the default chain's 401 {@code TOKEN_MISSING}), as Tomcat does after a failed read
 * @param attack sends the delivery (and whatever it needs first)
 */
record WebhookRow(String name, int status, @Nullable String outcome, @Nullable String reason, String eventId,
		int publications, int earlierDeliveries, boolean errorPage, Attack attack) {

	@FunctionalInterface
	interface Attack {

		Answer run(Wire wire) throws Exception;

	}

	/** Refused by the receiver: a generic body, the reason only in the meter. */
	static WebhookRow rejected(String name, int status, String reason, String eventId, Attack attack) {
		return new WebhookRow(name, status, "rejected", reason, eventId, 0, 0, false, attack);
	}

	/**
	 * Refused by the receiver, which counts the reason; the body could not be read, so
	 * Tomcat then answers through its error page instead (the {@code /error} dispatch,
	 * which the default chain lets through: Boot's 400 error body, no reason in it).
	 */
	static WebhookRow rejectedUnreadable(String name, String eventId, Attack attack) {
		return new WebhookRow(name, 400, "rejected", "body_unreadable", eventId, 0, 0, true, attack);
	}

	/** A positive control: answered 200 with this outcome and reason. */
	static WebhookRow answered200(String name, String outcome, String reason, String eventId, int publications,
			Attack attack) {
		return new WebhookRow(name, 200, outcome, reason, eventId, publications, 0, false, attack);
	}

	/** A positive control answering a re-delivery: the original is delivered first. */
	static WebhookRow redelivered200(String name, String outcome, String reason, String eventId, Attack attack) {
		return new WebhookRow(name, 200, outcome, reason, eventId, 1, 1, false, attack);
	}

	/** Not the webhook: the receiver must not count it, the application's security answers. */
	static WebhookRow notReceived(String name, int status, String eventId, Attack attack) {
		return new WebhookRow(name, status, null, null, eventId, 0, 0, false, attack);
	}

	WebhookRow named(String name) {
		return new WebhookRow(name, this.status, this.outcome, this.reason, this.eventId, this.publications,
				this.earlierDeliveries, this.errorPage, this.attack);
	}

	boolean isNegative() {
		return !"accepted".equals(this.outcome) && !"duplicate".equals(this.outcome);
	}

	void check(Wire wire, MeterRegistry registry, PublishedEvents published) throws Exception {
		double total = AttackApplication.deliveries(registry);
		double counted = (this.outcome != null) ? AttackApplication.deliveries(registry, this.outcome, this.reason)
				: 0;
		Answer answer = this.attack.run(wire);
		String as = this.name + " -> " + answer;
		assertThat(answer.status()).as(as).isNotEqualTo(500).isEqualTo(this.status);
		assertThat(answer.body()).as(as).doesNotContain(AttackApplication.PROTECTED);
		assertThat(published.count(this.eventId)).as(as + ": publications of " + this.eventId)
			.isEqualTo(this.publications);
		if (this.outcome == null) {
			assertThat(AttackApplication.deliveries(registry)).as(as + ": deliveries counted").isEqualTo(total);
			assertThat(answer.body()).as(as).isNotEqualTo(genericBody());
			if (this.status == 401) {
				// the default chain's own answer to an anonymous request
				assertThat(answer.header("WWW-Authenticate")).as(as).isEqualTo("Bearer");
				assertThat(answer.problemCode()).as(as).isEqualTo("TOKEN_MISSING");
			}
			return;
		}
		// The receiver counts after it has answered: wait for the count to land.
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(AttackApplication.deliveries(registry)).as(as + ": deliveries counted")
				.isEqualTo(total + 1 + this.earlierDeliveries);
			assertThat(AttackApplication.deliveries(registry, this.outcome, this.reason))
				.as(as + ": counted as " + this.outcome + "/" + this.reason)
				.isEqualTo(counted + 1);
		});
		if (this.errorPage) {
			assertThat(answer.body()).as(as).contains("\"status\":400").doesNotContain(this.reason);
			return;
		}
		assertThat(answer.header("Cache-Control")).as(as).isEqualTo("no-store");
		if (this.status == 200) {
			assertThat(answer.body()).as(as).isEmpty();
			return;
		}
		// The answer says only the status, never which check failed.
		if (answer.body().isEmpty()) {
			// HEAD: the server sends no body, but announces the generic one's length
			assertThat(answer.header("Content-Length")).as(as).isEqualTo(Integer.toString(genericBody().length()));
		}
		else {
			assertThat(answer.body()).as(as).isEqualTo(genericBody());
		}
		assertThat(answer.body()).as(as).doesNotContain(this.reason);
		if (this.status == 405) {
			assertThat(answer.header("Allow")).as(as).isEqualTo("POST");
		}
	}

	private String genericBody() {
		String title = switch (this.status) {
			case 400 -> "Bad Request";
			case 401 -> "Unauthorized";
			case 405 -> "Method Not Allowed";
			case 409 -> "Conflict";
			case 413 -> "Content Too Large";
			default -> "Internal Server Error";
		};
		return "{\"title\":\"" + title + "\",\"status\":" + this.status + "}";
	}

	@Override
	public String toString() {
		return this.name;
	}

}
