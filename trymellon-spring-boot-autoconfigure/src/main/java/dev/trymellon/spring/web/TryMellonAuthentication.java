package dev.trymellon.spring.web;

import java.io.Serial;
import java.util.Collection;

import dev.trymellon.spring.session.TryMellonSession;

import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.util.Assert;

/**
 * An authenticated request whose principal is a verified {@link TryMellonSession}, so
 * controllers can declare {@code @AuthenticationPrincipal TryMellonSession session}.
 * {@link #getName()} is the TryMellon user id. The token itself is not kept:
 * {@link #getCredentials()} is empty.
 * <p>
 * The {@link TryMellonAuthenticationProvider} grants it the session's mapped authorities
 * and its factors ({@code FACTOR_BEARER}, see {@link SessionFactors}). {@link #toBuilder()}
 * keeps the type, so that Spring Security 7's authority merge (multi-factor
 * authentication) yields a {@code TryMellonAuthentication} again.
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
	 * Creates a {@code TryMellonAuthentication} from a builder.
	 * @param builder the builder
	 * @since 0.2.0
	 */
	protected TryMellonAuthentication(Builder<?> builder) {
		super(builder);
		this.session = builder.session;
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

	/**
	 * Returns a builder holding this authentication's session, authorities and details.
	 * @return a builder of a {@code TryMellonAuthentication}
	 * @since 0.2.0
	 */
	@Override
	public Builder<?> toBuilder() {
		return new Builder<>(this);
	}

	/**
	 * Builds a {@link TryMellonAuthentication} from another one, for example with more
	 * authorities.
	 *
	 * @param <B> the type of the builder
	 * @since 0.2.0
	 */
	public static class Builder<B extends Builder<B>> extends AbstractAuthenticationBuilder<B> {

		private TryMellonSession session;

		/**
		 * Creates a builder holding the given authentication's values.
		 * @param authentication the authentication to start from
		 */
		protected Builder(TryMellonAuthentication authentication) {
			super(authentication);
			this.session = authentication.session;
		}

		/**
		 * Sets the principal, which must be a {@link TryMellonSession}.
		 * @param principal the session
		 * @return this builder
		 */
		@Override
		public B principal(@Nullable Object principal) {
			Assert.isInstanceOf(TryMellonSession.class, principal, "principal must be a TryMellonSession");
			return session((TryMellonSession) principal);
		}

		/**
		 * Sets the session.
		 * @param session the verified session
		 * @return this builder
		 */
		public B session(TryMellonSession session) {
			Assert.notNull(session, "session cannot be null");
			this.session = session;
			return self();
		}

		@SuppressWarnings("unchecked")
		private B self() {
			return (B) this;
		}

		@Override
		public TryMellonAuthentication build() {
			return new TryMellonAuthentication(this);
		}

	}

}
