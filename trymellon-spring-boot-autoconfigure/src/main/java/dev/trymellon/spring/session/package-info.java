/**
 * The TryMellon session: the verified view of a session token, the
 * {@link dev.trymellon.spring.session.SessionTokenVerifier} contract and the error codes
 * every rejection carries.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.trymellon.spring.session;

import org.jspecify.annotations.NullMarked;
