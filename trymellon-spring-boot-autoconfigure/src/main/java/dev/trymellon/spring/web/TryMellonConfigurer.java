package dev.trymellon.spring.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.trymellon.spring.authority.ClaimsSessionAuthoritiesMapper;
import dev.trymellon.spring.authority.SessionAuthoritiesMapper;
import dev.trymellon.spring.browser.SessionCookieSettings;
import dev.trymellon.spring.browser.servlet.SessionCookieClearingEntryPoint;
import dev.trymellon.spring.browser.servlet.SessionCookieFilter;
import dev.trymellon.spring.session.SessionTokenVerifier;

import org.springframework.context.ApplicationContext;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.config.annotation.web.configurers.ExceptionHandlingConfigurer;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;

/**
 * Adds TryMellon session-token authentication to a {@link HttpSecurity} chain you
 * declare yourself:
 *
 * <pre class="code">
 * &#064;Bean
 * SecurityFilterChain api(HttpSecurity http) throws Exception {
 *     http.securityMatcher("/api/**")
 *         .authorizeHttpRequests((requests) -&gt; requests.anyRequest().authenticated())
 *         .sessionManagement((session) -&gt; session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
 *         .csrf((csrf) -&gt; csrf.disable()) // the token comes from the Authorization header only
 *         .with(TryMellonConfigurer.tryMellon(), Customizer.withDefaults());
 *     return http.build();
 * }
 * </pre>
 *
 * It adds a {@link TryMellonAuthenticationFilter} (before
 * {@link BasicAuthenticationFilter}), registers the {@link TryMellonAuthenticationEntryPoint}
 * and {@link TryMellonAccessDeniedHandler} as the chain's defaults (the entry point also
 * answers a multi-factor rule that misses {@code FACTOR_BEARER}), and exempts from
 * CSRF protection exactly the requests whose token is taken from their single,
 * well-formed {@code Authorization: Bearer <token>} header (a browser never adds that
 * header by itself; the scheme is matched in any case, RFC 7235 section 2.1): the token
 * resolver's answer must be the header's token. Every other request keeps CSRF
 * protection: one whose token comes from a cookie, and also one with a header that only
 * looks like Bearer ({@code Bearerx}, {@code Bearer} without a token, two headers, a
 * header and a cookie carrying different tokens). For state-changing requests the
 * resolver is therefore asked twice, once by this check and once by the filter.
 * <p>
 * Each collaborator is taken, in this order, from this DSL, else from the unique bean of
 * its type in the application context (the auto-configuration declares them from the
 * {@code trymellon.*} properties), else a built-in default:
 * <ul>
 * <li>{@link SessionTokenVerifier}: DSL, bean (required);</li>
 * <li>{@link SessionAuthoritiesMapper}: DSL, bean, {@link ClaimsSessionAuthoritiesMapper}
 * with its defaults;</li>
 * <li>{@link SessionFactors}: DSL, bean, the provider's default
 * ({@code FACTOR_BEARER});</li>
 * <li>{@link SessionTokenResolver}: DSL, bean, {@link DefaultSessionTokenResolver}
 * reading the header only; {@link #cookieName(String)} replaces the cookie name of the
 * bean (when it is a {@code DefaultSessionTokenResolver}, keeping its maximum length)
 * or of the default;</li>
 * <li>{@link AuthenticationEntryPoint} and {@link AccessDeniedHandler}: DSL, bean,
 * TryMellon's;</li>
 * <li>the authentication manager: {@link #authenticationManager(AuthenticationManager)},
 * else the {@link TryMellonAuthenticationManagerResolver} bean while no verifier, mapper
 * or factors are set through the DSL, else a new one built from the collaborators above
 * and the {@link AuthenticationEventPublisher} bean.</li>
 * <li>{@link SessionCookieSettings} (browser sessions, off unless set): DSL, bean
 * ({@code trymellon.session-cookie.enabled=true}). When set, the chain also answers the
 * {@link SessionCookieFilter session endpoints} (after authorization, so the chain's
 * rules apply to them too); on the exchange ({@code POST} on their path) the token is
 * read from the {@code Authorization: Bearer} header only, so a session cookie already
 * on the request is ignored, and the exchange needs no CSRF token since it carries that
 * header; a request whose session cookie is refused as a bad token is also told to
 * forget it. Use {@code csrf.spa()} in such a chain.</li>
 * </ul>
 * A chain whose token may come from a cookie needs CSRF protection: a warning is logged
 * when such a chain disables it.
 *
 * @author TryMellon
 * @since 0.1.0
 */
public final class TryMellonConfigurer extends AbstractHttpConfigurer<TryMellonConfigurer, HttpSecurity> {

	private static final Log logger = LogFactory.getLog(TryMellonConfigurer.class);

	private final ChainCollaborators parts = new ChainCollaborators();

	private final List<OnlineCheckFilter.Rule> onlineChecks = new ArrayList<>();

	private TryMellonConfigurer() {
	}

	/**
	 * Creates the configurer, for {@code http.with(tryMellon(), ...)}.
	 * @return a new configurer
	 */
	public static TryMellonConfigurer tryMellon() {
		return new TryMellonConfigurer();
	}

	/**
	 * Sets the verifier of session tokens.
	 * @param verifier the verifier
	 * @return this configurer
	 */
	public TryMellonConfigurer sessionTokenVerifier(SessionTokenVerifier verifier) {
		Assert.notNull(verifier, "verifier cannot be null");
		this.parts.verifier = verifier;
		return this;
	}

	/**
	 * Sets how sessions become authorities.
	 * @param authoritiesMapper the mapper
	 * @return this configurer
	 */
	public TryMellonConfigurer authoritiesMapper(SessionAuthoritiesMapper authoritiesMapper) {
		Assert.notNull(authoritiesMapper, "authoritiesMapper cannot be null");
		this.parts.authoritiesMapper = authoritiesMapper;
		return this;
	}

	/**
	 * Sets the Spring Security factors a session proves besides its mapped authorities.
	 * @param sessionFactors the factors
	 * @return this configurer
	 * @since 0.2.0
	 */
	public TryMellonConfigurer sessionFactors(SessionFactors sessionFactors) {
		Assert.notNull(sessionFactors, "sessionFactors cannot be null");
		this.parts.sessionFactors = sessionFactors;
		return this;
	}

	/**
	 * Sets how the token is found in the request; replaces {@link #cookieName(String)}.
	 * @param tokenResolver the resolver
	 * @return this configurer
	 */
	public TryMellonConfigurer tokenResolver(SessionTokenResolver tokenResolver) {
		Assert.notNull(tokenResolver, "tokenResolver cannot be null");
		this.parts.tokenResolver = tokenResolver;
		return this;
	}

	/**
	 * Sets the name of a cookie that may carry the token besides the
	 * {@code Authorization} header; takes precedence over the cookie name of the
	 * resolver bean ({@code trymellon.token.cookie-name}). Keep CSRF protection on when
	 * you use it.
	 * @param cookieName the cookie name
	 * @return this configurer
	 */
	public TryMellonConfigurer cookieName(String cookieName) {
		Assert.hasText(cookieName, "cookieName cannot be empty");
		Assert.isTrue(DefaultSessionTokenResolver.isValidCookieName(cookieName),
				"cookieName must be a valid cookie name (RFC 6265)");
		this.parts.cookieName = cookieName;
		return this;
	}

	/**
	 * Sets the entry point answering unauthenticated and refused requests.
	 * @param authenticationEntryPoint the entry point
	 * @return this configurer
	 */
	public TryMellonConfigurer authenticationEntryPoint(AuthenticationEntryPoint authenticationEntryPoint) {
		Assert.notNull(authenticationEntryPoint, "authenticationEntryPoint cannot be null");
		this.parts.authenticationEntryPoint = authenticationEntryPoint;
		return this;
	}

	/**
	 * Sets the handler answering authenticated requests that lack an authority.
	 * @param accessDeniedHandler the handler
	 * @return this configurer
	 */
	public TryMellonConfigurer accessDeniedHandler(AccessDeniedHandler accessDeniedHandler) {
		Assert.notNull(accessDeniedHandler, "accessDeniedHandler cannot be null");
		this.parts.accessDeniedHandler = accessDeniedHandler;
		return this;
	}

	/**
	 * Sets the authentication manager the filter delegates to; it must support
	 * {@link SessionTokenAuthenticationToken}. The verifier, mapper and factors settings
	 * are then not used.
	 * @param authenticationManager the manager
	 * @return this configurer
	 */
	public TryMellonConfigurer authenticationManager(AuthenticationManager authenticationManager) {
		Assert.notNull(authenticationManager, "authenticationManager cannot be null");
		this.parts.authenticationManager = authenticationManager;
		return this;
	}

	/**
	 * Requires TryMellon's API to confirm the session of the matching requests now, even
	 * in offline mode, bypassing the remote-result cache (the path form of
	 * {@link dev.trymellon.spring.remote.TryMellonVerifyOnline}): a refused or missing
	 * session is answered {@code 401}, an API that cannot be asked {@code 503} with
	 * {@code Retry-After}. Needs the {@code RemoteSessionChecker} bean (present with
	 * {@code spring-boot-starter-restclient}). The first matching rule applies.
	 * @param requests the requests to check online
	 * @return this configurer
	 * @since 0.2.0
	 */
	public TryMellonConfigurer verifyOnline(RequestMatcher requests) {
		Assert.notNull(requests, "requests cannot be null");
		this.onlineChecks.add(new OnlineCheckFilter.Rule(requests, null));
		return this;
	}

	/**
	 * Requires TryMellon's API to confirm the session of the matching requests when it
	 * was issued longer ago than {@code maxAge} (see {@link #verifyOnline(RequestMatcher)}).
	 * @param requests the requests to check online
	 * @param maxAge sessions issued more recently pass without a call
	 * @return this configurer
	 * @since 0.2.0
	 */
	public TryMellonConfigurer verifyOnline(RequestMatcher requests, Duration maxAge) {
		Assert.notNull(requests, "requests cannot be null");
		Assert.isTrue(maxAge != null && !maxAge.isNegative(), "maxAge cannot be negative");
		this.onlineChecks.add(new OnlineCheckFilter.Rule(requests, maxAge));
		return this;
	}

	/**
	 * Turns browser sessions on in this chain: the session endpoints and the cookie they
	 * set, whose name becomes the resolver's cookie name unless
	 * {@link #cookieName(String)} sets the same. Takes precedence over the
	 * {@link SessionCookieSettings} bean ({@code trymellon.session-cookie.*}).
	 * @param sessionCookie the settings
	 * @return this configurer
	 * @since 0.2.0
	 */
	public TryMellonConfigurer sessionCookie(SessionCookieSettings sessionCookie) {
		Assert.notNull(sessionCookie, "sessionCookie cannot be null");
		this.parts.sessionCookie = sessionCookie;
		return this;
	}

	@Override
	@SuppressWarnings("unchecked")
	public void init(HttpSecurity http) {
		ApplicationContext context = context(http);
		ExceptionHandlingConfigurer<HttpSecurity> exceptionHandling = http
			.getConfigurer(ExceptionHandlingConfigurer.class);
		if (exceptionHandling != null) {
			AuthenticationEntryPoint entryPoint = this.parts.entryPoint(context);
			exceptionHandling.defaultAuthenticationEntryPointFor(entryPoint, AnyRequestMatcher.INSTANCE);
			exceptionHandling.defaultAccessDeniedHandlerFor(this.parts.accessDeniedHandler(context),
					AnyRequestMatcher.INSTANCE);
			// multi-factor authentication: an authentication without FACTOR_BEARER is asked
			// for a session token, as Spring's resource server asks for its bearer token
			exceptionHandling.defaultDeniedHandlerForMissingAuthority(entryPoint,
					FactorGrantedAuthority.BEARER_AUTHORITY);
		}
		SessionTokenResolver resolver = this.parts.tokenResolver(context);
		CsrfConfigurer<HttpSecurity> csrf = http.getConfigurer(CsrfConfigurer.class);
		if (csrf != null) {
			csrf.ignoringRequestMatchers(BearerHeaderCsrfExemption.matcher(resolver));
		}
		else if (resolver instanceof DefaultSessionTokenResolver defaultResolver
				&& defaultResolver.getCookieName() != null) {
			logger.warn("A security filter chain reads the TryMellon session token from the cookie '"
					+ defaultResolver.getCookieName() + "' and has CSRF protection disabled: another site can make "
					+ "the browser send authenticated state-changing requests. Keep CSRF protection on in that chain "
					+ "(see 'Tokens in a cookie' in docs/getting-started.md).");
		}
	}

	@Override
	public void configure(HttpSecurity http) {
		ApplicationContext context = context(http);
		AuthenticationManager manager = this.parts.authenticationManager;
		TryMellonAuthenticationFilter filter = (manager != null) ? new TryMellonAuthenticationFilter(manager)
				: new TryMellonAuthenticationFilter(this.parts.authenticationManagerResolver(context));
		SessionTokenResolver resolver = this.parts.tokenResolver(context);
		filter.setTokenResolver(resolver);
		SessionCookieSettings sessionCookie = this.parts.sessionCookie(context);
		AuthenticationEntryPoint chainEntryPoint = this.parts.entryPoint(context);
		AuthenticationEntryPoint entryPoint = (sessionCookie != null)
				? new SessionCookieClearingEntryPoint(chainEntryPoint, sessionCookie) : chainEntryPoint;
		filter.setAuthenticationEntryPoint(entryPoint);
		filter.setSecurityContextHolderStrategy(getSecurityContextHolderStrategy());
		http.addFilterBefore(postProcess(filter), BasicAuthenticationFilter.class);
		if (!this.onlineChecks.isEmpty()) {
			http.addFilterAfter(postProcess(OnlineCheckFilter.create(context, this.onlineChecks, resolver,
					chainEntryPoint, getSecurityContextHolderStrategy())), TryMellonAuthenticationFilter.class);
		}
		if (sessionCookie != null) {
			http.addFilterAfter(postProcess(BrowserSessions.endpoints(sessionCookie, resolver, entryPoint, context,
					getSecurityContextHolderStrategy())), AuthorizationFilter.class);
		}
	}

	private static ApplicationContext context(HttpSecurity http) {
		ApplicationContext context = http.getSharedObject(ApplicationContext.class);
		Assert.state(context != null, "TryMellonConfigurer needs the ApplicationContext shared object");
		return context;
	}

}
