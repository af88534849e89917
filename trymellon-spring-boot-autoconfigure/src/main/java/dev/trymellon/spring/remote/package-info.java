/**
 * Remote validation of TryMellon session tokens with TryMellon's backend API: the
 * {@link dev.trymellon.spring.remote.TryMellonApiClient} ({@code /v1/sessions/validate}
 * and {@code /oauth/introspect}), the cached, merged checks of
 * {@link dev.trymellon.spring.remote.RemoteSessionChecker}, the remote and hybrid
 * {@link dev.trymellon.spring.session.SessionTokenVerifier}s and the
 * {@link dev.trymellon.spring.remote.TryMellonVerifyOnline} annotation.
 *
 * @since 0.2.0
 */
@NullMarked
package dev.trymellon.spring.remote;

import org.jspecify.annotations.NullMarked;
