package dev.trymellon.spring.web;

import java.io.Serial;
import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.util.Assert;

/**
 * An authentication request carrying a raw TryMellon session token, as resolved from the
 * request. {@link TryMellonAuthenticationProvider} turns it into a
 * {@link TryMellonAuthentication}. Its {@code toString()} never shows the token.
 *
 * @author TryMellon
 * @since 0.1.0
 */
public final class SessionTokenAuthenticationToken extends AbstractAuthenticationToken {

	@Serial
	private static final long serialVersionUID = 1L;

	private final String token;

	/**
	 * Creates an unauthenticated request for the given token.
	 * @param token the raw session token
	 */
	public SessionTokenAuthenticationToken(String token) {
		super(List.of());
		Assert.hasText(token, "token cannot be empty");
		this.token = token;
		setAuthenticated(false);
	}

	/**
	 * Returns the raw session token.
	 * @return the token
	 */
	public String getToken() {
		return this.token;
	}

	@Override
	public Object getCredentials() {
		return this.token;
	}

	/**
	 * Returns an empty string: the principal is not known before verification.
	 * @return {@code ""}
	 */
	@Override
	public Object getPrincipal() {
		return "";
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + " [token=[PROTECTED]]";
	}

}
