/**
 * Auto-configuration of remote validation: TryMellon's API client, the remote-result
 * checker, the remote and hybrid verifiers ({@code trymellon.validation.mode}) and the
 * online checks of {@code @TryMellonVerifyOnline}.
 *
 * @since 0.2.0
 */
@NullMarked
package dev.trymellon.spring.autoconfigure.remote;

import org.jspecify.annotations.NullMarked;
