package dev.trymellon.spring.web;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.authority.SessionAuthoritiesMapper;
import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.SessionTokenVerifier;
import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.web.internal.AuthenticationFailures;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.util.Assert;

/**
 * Authenticates a {@link SessionTokenAuthenticationToken} with a
 * {@link SessionTokenVerifier} and maps the session's authorities with a
 * {@link SessionAuthoritiesMapper}; the result is a {@link TryMellonAuthentication}
 * holding the mapped authorities followed by the session's Spring Security factors
 * ({@link SessionFactors}: always {@code FACTOR_BEARER}). Factors come only from
 * {@link SessionFactors}: a mapped authority named {@code FACTOR_...} is dropped unless
 * the mapper returned it as a {@link FactorGrantedAuthority}.
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

	private static final String FACTOR_PREFIX = "FACTOR_";

	private final SessionTokenVerifier verifier;

	private final SessionAuthoritiesMapper authoritiesMapper;

	private SessionFactors sessionFactors = SessionFactors.bearer();

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
		TryMellonAuthentication result;
		try {
			TryMellonSession session = this.verifier.verify(request.getToken());
			Assert.state(session != null, "The session token verifier returned null");
			Collection<? extends GrantedAuthority> authorities = this.authoritiesMapper.getAuthorities(session);
			Assert.state(authorities != null, "The session authorities mapper returned null");
			result = new TryMellonAuthentication(session, withFactors(session, authorities));
		}
		catch (SessionTokenException ex) {
			throw toAuthenticationException(ex);
		}
		catch (RuntimeException ex) {
			// a bug in the verifier or the mapper (an exception, null, a null authority):
			// never an authenticated result
			throw new InternalAuthenticationServiceException(
					"TryMellon session authentication failed unexpectedly (" + ex.getClass().getName() + ")", ex);
		}
		result.setDetails(request.getDetails());
		return result;
	}

	/**
	 * The mapped authorities followed by the session's factors. A mapped authority named
	 * like a factor ({@code FACTOR_...}) is dropped unless it is a
	 * {@link FactorGrantedAuthority}: a custom claim mapped to {@code FACTOR_WEBAUTHN}
	 * must not pose as a proven factor.
	 */
	private List<GrantedAuthority> withFactors(TryMellonSession session,
			Collection<? extends GrantedAuthority> authorities) {
		List<GrantedAuthority> factors = this.sessionFactors.getAuthorities(session);
		List<GrantedAuthority> granted = new ArrayList<>(authorities.size() + factors.size());
		for (GrantedAuthority authority : authorities) {
			if (authority instanceof FactorGrantedAuthority || !isFactorName(authority.getAuthority())) {
				granted.add(authority);
			}
		}
		granted.addAll(factors);
		return granted;
	}

	private static boolean isFactorName(@Nullable String authority) {
		return authority != null && authority.startsWith(FACTOR_PREFIX);
	}

	/**
	 * Sets the factors granted besides the mapped authorities. Defaults to
	 * {@link SessionFactors#bearer()}: {@code FACTOR_BEARER}.
	 * @param sessionFactors the factors
	 * @since 0.2.0
	 */
	public void setSessionFactors(SessionFactors sessionFactors) {
		Assert.notNull(sessionFactors, "sessionFactors cannot be null");
		this.sessionFactors = sessionFactors;
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return SessionTokenAuthenticationToken.class.isAssignableFrom(authentication);
	}

	static AuthenticationException toAuthenticationException(SessionTokenException ex) {
		return AuthenticationFailures.of(ex);
	}

}
