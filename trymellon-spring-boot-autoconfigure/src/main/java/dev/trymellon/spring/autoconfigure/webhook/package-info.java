/**
 * Auto-configuration of the TryMellon webhook receiver.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.trymellon.spring.autoconfigure.webhook;

import org.jspecify.annotations.NullMarked;
