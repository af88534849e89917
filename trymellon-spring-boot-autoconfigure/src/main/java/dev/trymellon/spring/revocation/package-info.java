/**
 * Revocation of verified sessions: the {@link dev.trymellon.spring.revocation.RevocationStore}
 * the token verifier asks in memory on every request, its in-memory default, and the
 * listener that feeds it from TryMellon's webhook events.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.trymellon.spring.revocation;

import org.jspecify.annotations.NullMarked;
