package dev.trymellon.spring.webhook;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A snapshot of a {@link TryMellonWebhookReceiver}, taken without I/O, for example for a
 * health indicator.
 *
 * @param lastAccepted when the last delivery answered {@code 200} (published, or a
 * duplicate of one that was) was received, {@code null} when none was since the start
 * @param rejections the number of deliveries answered anything but {@code 200} since the
 * start, by {@link DeliveryResult#reason() reason} (the {@code reason} tag of the
 * {@code trymellon.webhook.deliveries} counter), in the order of {@link DeliveryResult};
 * reasons that never occurred are left out; read-only
 * @author TryMellon
 * @since 0.2.0
 */
public record WebhookReceiverStatus(@Nullable Instant lastAccepted, Map<String, Long> rejections) {

	/**
	 * Creates a snapshot; {@code rejections} is copied read-only.
	 * @param lastAccepted when the last accepted delivery was received, may be
	 * {@code null}
	 * @param rejections the rejections by reason
	 */
	public WebhookReceiverStatus {
		Assert.notNull(rejections, "rejections must not be null");
		rejections = Collections.unmodifiableMap(new LinkedHashMap<>(rejections));
	}

}
