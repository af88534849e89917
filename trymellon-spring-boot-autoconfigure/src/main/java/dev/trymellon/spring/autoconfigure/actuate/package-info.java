/**
 * Auto-configuration of TryMellon's health indicator and Micrometer meters.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.trymellon.spring.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
