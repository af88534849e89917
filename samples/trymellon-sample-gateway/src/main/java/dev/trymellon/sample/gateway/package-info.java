/**
 * A Spring Cloud Gateway whose routes the TryMellon starter authenticates.
 */
@NullMarked
package dev.trymellon.sample.gateway;

import org.jspecify.annotations.NullMarked;
