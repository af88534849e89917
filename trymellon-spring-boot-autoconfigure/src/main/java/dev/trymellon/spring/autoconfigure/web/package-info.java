/**
 * Auto-configuration of the servlet Spring Security integration: the default
 * TryMellon security filter chain.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.trymellon.spring.autoconfigure.web;

import org.jspecify.annotations.NullMarked;
