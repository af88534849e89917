package dev.trymellon.spring.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.session.SessionTokenException;

import org.springframework.security.authentication.AuthenticationDetailsSource;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
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
 * continues unauthenticated.
 * <p>
 * Add it with {@link TryMellonConfigurer}. Never declare it as a bean: Spring Boot would
 * register it with the servlet container too, and it would run outside the security
 * filter chain.
 *
 * @author TryMellon
 * @since 0.1.0
 */
public final class TryMellonAuthenticationFilter extends OncePerRequestFilter {

	private final AuthenticationManager authenticationManager;

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
		this.authenticationManager = authenticationManager;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String token;
		try {
			token = this.tokenResolver.resolve(request);
		}
		catch (SessionTokenException ex) {
			fail(request, response, new BadCredentialsException("The session token was refused: " + ex.getErrorCode(), ex));
			return;
		}
		catch (RuntimeException ex) {
			fail(request, response, internalError("The session token resolver failed unexpectedly", ex));
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
			result = this.authenticationManager.authenticate(authenticationRequest);
		}
		catch (InternalAuthenticationServiceException ex) {
			fail(request, response, internalError(ex.getMessage(), ex));
			return;
		}
		catch (AuthenticationException ex) {
			if (this.logger.isDebugEnabled()) {
				this.logger.debug("TryMellon session token refused: " + ex.getMessage());
			}
			fail(request, response, ex);
			return;
		}
		catch (RuntimeException ex) {
			fail(request, response, internalError("The authentication manager failed unexpectedly", ex));
			return;
		}
		if (result == null || !result.isAuthenticated()) {
			fail(request, response, internalError("The authentication manager returned no authenticated result", null));
			return;
		}
		SecurityContext context = this.securityContextHolderStrategy.createEmptyContext();
		context.setAuthentication(result);
		this.securityContextHolderStrategy.setContext(context);
		this.securityContextRepository.saveContext(context, request, response);
		chain.doFilter(request, response);
	}

	private InternalAuthenticationServiceException internalError(@Nullable String message, @Nullable Throwable cause) {
		// The message of an unexpected exception might repeat the token: log only its type
		// and origin at ERROR, the full exception at DEBUG.
		Throwable root = (cause instanceof InternalAuthenticationServiceException && cause.getCause() != null)
				? cause.getCause() : cause;
		String origin = (root != null && root.getStackTrace().length > 0) ? " at " + root.getStackTrace()[0] : "";
		this.logger.error("TryMellon session authentication failed with an internal error ("
				+ ((root != null) ? root.getClass().getName() : "no result") + origin + "); the request is refused");
		if (this.logger.isDebugEnabled() && cause != null) {
			this.logger.debug("Internal authentication error", cause);
		}
		if (cause instanceof InternalAuthenticationServiceException internal) {
			return internal;
		}
		String text = (message != null) ? message : "TryMellon session authentication failed";
		return (cause != null) ? new InternalAuthenticationServiceException(text, cause)
				: new InternalAuthenticationServiceException(text);
	}

	private void fail(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException, ServletException {
		this.securityContextHolderStrategy.clearContext();
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
