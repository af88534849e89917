/**
 * Auto-configuration of the Redis-backed revocation and processed-event stores.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.trymellon.spring.autoconfigure.redis;

import org.jspecify.annotations.NullMarked;
