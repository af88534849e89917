package dev.trymellon.spring.web;

import java.io.Serial;
import java.util.Collection;

import dev.trymellon.spring.session.TryMellonSession;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.util.Assert;

/**
 * An authenticated request whose principal is a verified {@link TryMellonSession}, so
 * controllers can declare {@code @AuthenticationPrincipal TryMellonSession session}.
 * {@link #getName()} is the TryMellon user id. The token itself is not kept:
 * {@link #getCredentials()} is empty.
 *
 * @author TryMellon
 * @since 0.1.0
 */
public class TryMellonAuthentication extends AbstractAuthenticationToken {

	@Serial
	private static final long serialVersionUID = 1L;

	private final TryMellonSession session;

	/**
	 * Creates an authenticated {@code TryMellonAuthentication}.
	 * @param session the verified session
	 * @param authorities the authorities granted to the session
	 */
	public TryMellonAuthentication(TryMellonSession session, Collection<? extends GrantedAuthority> authorities) {
		super(authorities);
		Assert.notNull(session, "session cannot be null");
		this.session = session;
		setAuthenticated(true);
	}

	/**
	 * Returns the verified session.
	 * @return the session
	 */
	@Override
	public TryMellonSession getPrincipal() {
		return this.session;
	}

	/**
	 * Returns the verified session; same as {@link #getPrincipal()}.
	 * @return the session
	 */
	public TryMellonSession getSession() {
		return this.session;
	}

	/**
	 * Returns an empty string: the session token is not kept once verified.
	 * @return {@code ""}
	 */
	@Override
	public Object getCredentials() {
		return "";
	}

	/**
	 * Returns the TryMellon user id.
	 * @return {@link TryMellonSession#getUserId()}
	 */
	@Override
	public String getName() {
		return this.session.getUserId();
	}

}
