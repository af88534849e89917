/**
 * The TryMellon sample application.
 */
@NullMarked
package dev.trymellon.sample;

import org.jspecify.annotations.NullMarked;
