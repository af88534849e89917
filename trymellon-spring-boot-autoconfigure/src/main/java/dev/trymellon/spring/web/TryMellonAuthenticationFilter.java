package dev.trymellon.spring.web;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.trymellon.spring.session.SessionTokenException;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.AuthenticationDetailsSource;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.WebAuthenticationDetailsSource;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.util.Assert;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates requests that carry a TryMellon session token. It only extracts the
 * token ({@link SessionTokenResolver}) and delegates to an {@link AuthenticationManager}
 * (normally one holding a {@link TryMellonAuthenticationProvider}); on success the
 * {@link TryMellonAuthentication} becomes the request's security context, on failure the
 * {@link AuthenticationEntryPoint} answers and the chain stops. A request without a token
 * continues unauthenticated. When the context already holds an authentication of the same
 * user by another mechanism, its authorities (factors such as {@code FACTOR_PASSWORD})
 * are merged into the TryMellon authentication, as Spring Security 7 does for
 * multi-factor authentication.
 * <p>
 * Add it with {@link TryMellonConfigurer}. Never declare it as a bean: Spring Boot would
 * register it with the servlet container too, and it would run outside the security
 * filter chain.
 *
 * @author TryMellon
 * @since 0.1.0
 */
public final class TryMellonAuthenticationFilter extends OncePerRequestFilter {

	private final AuthenticationManagerResolver<HttpServletRequest> authenticationManagerResolver;

	private SessionTokenResolver tokenResolver = new DefaultSessionTokenResolver();

	private AuthenticationEntryPoint authenticationEntryPoint = new TryMellonAuthenticationEntryPoint();

	private SecurityContextHolderStrategy securityContextHolderStrategy = SecurityContextHolder
		.getContextHolderStrategy();

	private SecurityContextRepository securityContextRepository = new RequestAttributeSecurityContextRepository();

	private AuthenticationDetailsSource<HttpServletRequest, ?> authenticationDetailsSource = new WebAuthenticationDetailsSource();

	/**
	 * Creates a filter.
	 * @param authenticationManager authenticates {@link SessionTokenAuthenticationToken}s
	 */
	public TryMellonAuthenticationFilter(AuthenticationManager authenticationManager) {
		Assert.notNull(authenticationManager, "authenticationManager cannot be null");
		this.authenticationManagerResolver = (request) -> authenticationManager;
	}

	/**
	 * Creates a filter that asks the resolver for the manager of each request.
	 * @param authenticationManagerResolver resolves a manager that authenticates
	 * {@link SessionTokenAuthenticationToken}s
	 * @since 0.2.0
	 */
	public TryMellonAuthenticationFilter(
			AuthenticationManagerResolver<HttpServletRequest> authenticationManagerResolver) {
		Assert.notNull(authenticationManagerResolver, "authenticationManagerResolver cannot be null");
		this.authenticationManagerResolver = authenticationManagerResolver;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String token;
		try {
			token = this.tokenResolver.resolve(request);
		}
		catch (SessionTokenException ex) {
			unsuccessful(request, response, TryMellonAuthenticationProvider.toAuthenticationException(ex));
			return;
		}
		catch (RuntimeException ex) {
			// a bug in a custom resolver: the only code this filter calls outside the manager
			unsuccessful(request, response, new InternalAuthenticationServiceException(
					"The session token resolver failed unexpectedly (" + ex.getClass().getName() + ")", ex));
			return;
		}
		if (token == null) {
			chain.doFilter(request, response);
			return;
		}
		SessionTokenAuthenticationToken authenticationRequest = new SessionTokenAuthenticationToken(token);
		authenticationRequest.setDetails(this.authenticationDetailsSource.buildDetails(request));
		Authentication result;
		try {
			result = this.authenticationManagerResolver.resolve(request).authenticate(authenticationRequest);
		}
		catch (AuthenticationException ex) {
			unsuccessful(request, response, ex);
			return;
		}
		if (result == null || !result.isAuthenticated()) {
			unsuccessful(request, response, new InternalAuthenticationServiceException(
					"The authentication manager returned no authenticated result"));
			return;
		}
		SecurityContext context = this.securityContextHolderStrategy.createEmptyContext();
		context.setAuthentication(withPreviousFactors(result));
		this.securityContextHolderStrategy.setContext(context);
		this.securityContextRepository.saveContext(context, request, response);
		// the token an online check of this request must confirm: exactly this one
		request.setAttribute(OnlineChecks.TOKEN_ATTRIBUTE, token);
		chain.doFilter(request, response);
	}

	/**
	 * Spring Security 7's authority merge, for multi-factor authentication: when the
	 * context already holds an authentication of the same user by another mechanism (a
	 * password login kept in the HTTP session, say), the TryMellon authentication also
	 * gets its authorities, such as {@code FACTOR_PASSWORD}. Never for another user, whose
	 * factors would otherwise complete a stolen token's; never from an earlier TryMellon
	 * authentication, whose authorities the new token supersedes.
	 */
	private Authentication withPreviousFactors(Authentication result) {
		Authentication current = this.securityContextHolderStrategy.getContext().getAuthentication();
		if (!(result instanceof TryMellonAuthentication) || current == null || !current.isAuthenticated()
				|| current instanceof TryMellonAuthentication || current instanceof AnonymousAuthenticationToken
				|| !result.getName().equals(current.getName())) {
			return result;
		}
		return result.toBuilder().authorities((authorities) -> {
			Set<String> names = new HashSet<>();
			for (GrantedAuthority authority : authorities) {
				names.add(authority.getAuthority());
			}
			for (GrantedAuthority authority : current.getAuthorities()) {
				if (names.add(authority.getAuthority())) {
					authorities.add(authority);
				}
			}
		}).build();
	}

	/**
	 * Clears the context and lets the entry point answer. An internal error (an
	 * {@link InternalAuthenticationServiceException}, which the entry point answers with
	 * a generic 500) is logged here, once: its message might repeat the token, so only the
	 * type and origin of its cause at ERROR, the full exception at DEBUG.
	 */
	private void unsuccessful(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException, ServletException {
		this.securityContextHolderStrategy.clearContext();
		if (ex instanceof InternalAuthenticationServiceException) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			String origin = (cause.getStackTrace().length > 0) ? " at " + cause.getStackTrace()[0] : "";
			String type = (ex.getCause() != null) ? cause.getClass().getName() : "no result";
			this.logger.error("TryMellon session authentication failed with an internal error (" + type + origin
					+ "); the request is refused");
			if (this.logger.isDebugEnabled()) {
				this.logger.debug("Internal authentication error", ex);
			}
		}
		else if (this.logger.isDebugEnabled()) {
			this.logger.debug("TryMellon session token refused: " + ex.getMessage());
		}
		this.authenticationEntryPoint.commence(request, response, ex);
	}

	/**
	 * Sets the token resolver. Defaults to a {@link DefaultSessionTokenResolver} reading
	 * only the {@code Authorization} header.
	 * @param tokenResolver the resolver
	 */
	public void setTokenResolver(SessionTokenResolver tokenResolver) {
		Assert.notNull(tokenResolver, "tokenResolver cannot be null");
		this.tokenResolver = tokenResolver;
	}

	/**
	 * Sets the entry point answering failed authentications. Defaults to a
	 * {@link TryMellonAuthenticationEntryPoint}.
	 * @param authenticationEntryPoint the entry point
	 */
	public void setAuthenticationEntryPoint(AuthenticationEntryPoint authenticationEntryPoint) {
		Assert.notNull(authenticationEntryPoint, "authenticationEntryPoint cannot be null");
		this.authenticationEntryPoint = authenticationEntryPoint;
	}

	/**
	 * Sets the security context holder strategy. Defaults to
	 * {@link SecurityContextHolder#getContextHolderStrategy()}.
	 * @param securityContextHolderStrategy the strategy
	 */
	public void setSecurityContextHolderStrategy(SecurityContextHolderStrategy securityContextHolderStrategy) {
		Assert.notNull(securityContextHolderStrategy, "securityContextHolderStrategy cannot be null");
		this.securityContextHolderStrategy = securityContextHolderStrategy;
	}

	/**
	 * Sets where the security context is saved for the rest of the request. Defaults to
	 * a {@link RequestAttributeSecurityContextRepository}: nothing outlives the request.
	 * @param securityContextRepository the repository
	 */
	public void setSecurityContextRepository(SecurityContextRepository securityContextRepository) {
		Assert.notNull(securityContextRepository, "securityContextRepository cannot be null");
		this.securityContextRepository = securityContextRepository;
	}

	/**
	 * Sets the source of the authentication details. Defaults to a
	 * {@link WebAuthenticationDetailsSource}.
	 * @param authenticationDetailsSource the details source
	 */
	public void setAuthenticationDetailsSource(
			AuthenticationDetailsSource<HttpServletRequest, ?> authenticationDetailsSource) {
		Assert.notNull(authenticationDetailsSource, "authenticationDetailsSource cannot be null");
		this.authenticationDetailsSource = authenticationDetailsSource;
	}

}
