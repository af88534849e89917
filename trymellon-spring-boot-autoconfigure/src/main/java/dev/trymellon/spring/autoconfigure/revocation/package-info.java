/**
 * Auto-configuration of revocation: the in-memory
 * {@link dev.trymellon.spring.revocation.RevocationStore} and the listener that feeds it
 * from webhook events.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.trymellon.spring.autoconfigure.revocation;

import org.jspecify.annotations.NullMarked;
