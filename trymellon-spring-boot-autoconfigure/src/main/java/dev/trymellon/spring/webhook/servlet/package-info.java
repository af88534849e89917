/**
 * The servlet adapter of the TryMellon webhook receiver: a filter answering on the
 * receiver's exact path, ahead of Spring Security.
 *
 * @since 0.2.0
 */
@NullMarked
package dev.trymellon.spring.webhook.servlet;

import org.jspecify.annotations.NullMarked;
