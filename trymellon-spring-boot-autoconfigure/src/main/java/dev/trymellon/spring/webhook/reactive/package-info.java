/**
 * The reactive adapter of the TryMellon webhook receiver: a {@code WebFilter} answering on
 * the receiver's exact path, ahead of Spring Security's {@code WebFilterChainProxy}, that
 * reads the body bounded while it streams and runs the receiver off the event loop.
 *
 * @since 0.2.0
 */
@NullMarked
package dev.trymellon.spring.webhook.reactive;

import org.jspecify.annotations.NullMarked;
