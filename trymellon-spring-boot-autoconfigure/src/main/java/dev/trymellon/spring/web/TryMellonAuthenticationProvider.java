package dev.trymellon.spring.web;

import java.util.Collection;

import dev.trymellon.spring.authority.SessionAuthoritiesMapper;
import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.SessionTokenVerifier;
import dev.trymellon.spring.session.TryMellonSession;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.util.Assert;

/**
 * Authenticates a {@link SessionTokenAuthenticationToken} with a
 * {@link SessionTokenVerifier} and maps the session's authorities with a
 * {@link SessionAuthoritiesMapper}; the result is a {@link TryMellonAuthentication}.
 * <p>
 * Failures are Spring Security's standard exception types, so the default
 * {@code AuthenticationEventPublisher} publishes them, and carry the
 * {@link SessionTokenException} as their cause:
 * <ul>
 * <li>a bad token: {@link BadCredentialsException};</li>
 * <li>a token that could not be checked
 * ({@link SessionTokenException#isServiceUnavailable()}):
 * {@link AuthenticationServiceException};</li>
 * <li>any other exception of the verifier or the mapper (a bug):
 * {@link InternalAuthenticationServiceException}, never an authenticated result.</li>
 * </ul>
 *
 * @author TryMellon
 * @since 0.1.0
 */
public final class TryMellonAuthenticationProvider implements AuthenticationProvider {

	private final SessionTokenVerifier verifier;

	private final SessionAuthoritiesMapper authoritiesMapper;

	/**
	 * Creates a provider.
	 * @param verifier verifies the raw token
	 * @param authoritiesMapper maps the verified session to authorities
	 */
	public TryMellonAuthenticationProvider(SessionTokenVerifier verifier, SessionAuthoritiesMapper authoritiesMapper) {
		Assert.notNull(verifier, "verifier cannot be null");
		Assert.notNull(authoritiesMapper, "authoritiesMapper cannot be null");
		this.verifier = verifier;
		this.authoritiesMapper = authoritiesMapper;
	}

	@Override
	public Authentication authenticate(Authentication authentication) throws AuthenticationException {
		SessionTokenAuthenticationToken request = (SessionTokenAuthenticationToken) authentication;
		TryMellonSession session;
		Collection<? extends GrantedAuthority> authorities;
		try {
			session = this.verifier.verify(request.getToken());
		}
		catch (SessionTokenException ex) {
			throw toAuthenticationException(ex);
		}
		catch (RuntimeException ex) {
			throw new InternalAuthenticationServiceException(
					"The session token verifier failed unexpectedly (" + ex.getClass().getName() + ")", ex);
		}
		if (session == null) {
			throw new InternalAuthenticationServiceException("The session token verifier returned no session");
		}
		try {
			authorities = this.authoritiesMapper.getAuthorities(session);
		}
		catch (RuntimeException ex) {
			throw new InternalAuthenticationServiceException(
					"The session authorities mapper failed unexpectedly (" + ex.getClass().getName() + ")", ex);
		}
		if (authorities == null) {
			throw new InternalAuthenticationServiceException("The session authorities mapper returned null");
		}
		TryMellonAuthentication result = new TryMellonAuthentication(session, authorities);
		result.setDetails(request.getDetails());
		return result;
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return SessionTokenAuthenticationToken.class.isAssignableFrom(authentication);
	}

	static AuthenticationException toAuthenticationException(SessionTokenException ex) {
		if (ex.isServiceUnavailable()) {
			return new AuthenticationServiceException(
					"The session token could not be checked: " + ex.getErrorCode(), ex);
		}
		return new BadCredentialsException("The session token was refused: " + ex.getErrorCode(), ex);
	}

}
