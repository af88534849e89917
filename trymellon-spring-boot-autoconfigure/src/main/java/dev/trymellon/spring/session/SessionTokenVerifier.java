package dev.trymellon.spring.session;

/**
 * Verifies a raw TryMellon session token and returns the session it proves.
 * <p>
 * The auto-configuration exposes exactly one bean of this type: the full verification
 * path (cheap pre-checks, the verified-token cache, signature, claims and, once
 * configured, revocation). Declare your own bean of this type to replace it.
 * <p>
 * Implementations must never throw anything but {@link SessionTokenException} for any
 * input, and must never log the token.
 *
 * @author TryMellon
 * @since 0.1.0
 */
@FunctionalInterface
public interface SessionTokenVerifier {

	/**
	 * Verifies the given compact session token.
	 * @param token the raw token, as sent by the client (without the {@code Bearer } prefix)
	 * @return the verified session, never {@code null}
	 * @throws SessionTokenException when the token is not acceptable, or when it cannot
	 * be checked right now (see {@link SessionTokenException#isServiceUnavailable()})
	 */
	TryMellonSession verify(String token) throws SessionTokenException;

}
