/**
 * The TryMellon sample as a reactive (WebFlux) application.
 */
@NullMarked
package dev.trymellon.sample.webflux;

import org.jspecify.annotations.NullMarked;
