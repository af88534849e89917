/**
 * The TryMellon webhook receiver: signature verification over the raw request bytes,
 * replay and duplicate protection, and the typed events handed to the application as
 * Spring application events.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.trymellon.spring.webhook;

import org.jspecify.annotations.NullMarked;
