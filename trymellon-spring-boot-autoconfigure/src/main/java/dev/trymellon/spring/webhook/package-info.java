/**
 * The TryMellon webhook receiver: signature verification over the raw request bytes,
 * replay and duplicate protection, and the typed events handed to the application as
 * Spring application events. The receiver knows no HTTP stack: adapters such as
 * {@code dev.trymellon.spring.webhook.servlet.TryMellonWebhookFilter} hand it headers and
 * raw bytes and answer its {@link dev.trymellon.spring.webhook.DeliveryResult}.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.trymellon.spring.webhook;

import org.jspecify.annotations.NullMarked;
