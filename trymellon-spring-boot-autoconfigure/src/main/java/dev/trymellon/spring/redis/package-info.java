/**
 * Redis-backed stores, on Spring Data Redis: a
 * {@link dev.trymellon.spring.revocation.RevocationStore} shared by every replica (each
 * keeping a local in-memory view updated by pub/sub) and a
 * {@link dev.trymellon.spring.webhook.ProcessedEventStore} that de-duplicates webhook
 * deliveries across replicas.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.trymellon.spring.redis;

import org.jspecify.annotations.NullMarked;
