/**
 * Auto-configuration for TryMellon: properties, the session token verifier and, when
 * their classes are present, the web security, webhook and observability integrations.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.trymellon.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
