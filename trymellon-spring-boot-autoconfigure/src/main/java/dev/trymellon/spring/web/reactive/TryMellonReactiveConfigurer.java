package dev.trymellon.spring.web.reactive;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.authority.ClaimsSessionAuthoritiesMapper;
import dev.trymellon.spring.authority.SessionAuthoritiesMapper;
import dev.trymellon.spring.browser.SessionCookieSettings;
import dev.trymellon.spring.remote.RemoteSessionChecker;
import dev.trymellon.spring.session.SessionTokenVerifier;
import dev.trymellon.spring.web.SessionFactors;
import dev.trymellon.spring.web.TryMellonConfigurer;
import dev.trymellon.spring.web.internal.BearerTokenRules;

import org.springframework.context.ApplicationContext;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.util.Assert;

/**
 * Adds TryMellon session-token authentication to a {@link ServerHttpSecurity} you
 * declare yourself, the reactive counterpart of the servlet {@link TryMellonConfigurer}:
 *
 * <pre class="code">
 * &#064;Bean
 * SecurityWebFilterChain api(ServerHttpSecurity http, ApplicationContext context) {
 *     http.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/api/**"))
 *         .authorizeExchange((exchanges) -&gt; exchanges.anyExchange().authenticated())
 *         .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
 *         .csrf(CsrfSpec::disable); // the token comes from the Authorization header only
 *     return TryMellonReactiveConfigurer.tryMellon(context).configure(http).build();
 * }
 * </pre>
 *
 * ({@link ServerHttpSecurity} has no public hook for third-party configurers, hence the
 * {@link ApplicationContext} argument.) It adds an {@link AuthenticationWebFilter} at
 * {@link SecurityWebFiltersOrder#AUTHENTICATION} (the converter reads the token, the
 * {@link TryMellonReactiveAuthenticationManager} verifies it, failures are answered by the
 * entry point, Spring Security's {@code AuthenticationServiceException} included, so
 * that an unavailable JWKS is a {@code 503}), sets the entry point and access-denied
 * handler of the chain's exception handling (call {@code exceptionHandling} after
 * {@code configure} to override either), and, before the CSRF filter, exempts from CSRF
 * protection exactly the exchanges whose token the converter takes from their single,
 * well-formed {@code Authorization: Bearer} header, as the servlet side does. A chain
 * whose token may come from a cookie keeps CSRF protection on; give it
 * {@code csrf.accessDeniedHandler(new TryMellonServerAccessDeniedHandler())} for the
 * TryMellon {@code 403} body.
 * <p>
 * Each collaborator is taken, in this order, from this DSL, else from the unique bean of
 * its type in the application context (the auto-configuration declares them from the
 * {@code trymellon.*} properties), else a built-in default:
 * <ul>
 * <li>{@link SessionTokenVerifier}: DSL, bean (required);</li>
 * <li>{@link SessionAuthoritiesMapper}: DSL, bean, {@link ClaimsSessionAuthoritiesMapper}
 * with its defaults;</li>
 * <li>{@link SessionFactors}: DSL, bean, {@code FACTOR_BEARER};</li>
 * <li>the converter: DSL, the {@link TryMellonServerAuthenticationConverter} bean, a new
 * one reading the header only; {@link #cookieName(String)} replaces the cookie name of
 * the bean (keeping its maximum length) or of the default;</li>
 * <li>{@link ServerAuthenticationEntryPoint} and {@link ServerAccessDeniedHandler}: DSL,
 * bean, TryMellon's;</li>
 * <li>the authentication manager: {@link #authenticationManager(ReactiveAuthenticationManager)},
 * else the {@link TryMellonReactiveAuthenticationManagerResolver} bean while no verifier,
 * mapper or factors are set through the DSL, else a new
 * {@link TryMellonReactiveAuthenticationManager} built from the collaborators above,
 * publishing Spring Security's authentication events through the
 * {@link AuthenticationEventPublisher} bean (else a {@link DefaultAuthenticationEventPublisher}
 * on the context), as the servlet side does;</li>
 * <li>{@link SessionCookieSettings} (browser sessions, off unless set): DSL, bean
 * ({@code trymellon.session-cookie.enabled=true}). When set, the chain also answers the
 * {@link dev.trymellon.spring.browser.reactive.SessionCookieWebFilter session endpoints}
 * (after authorization, so the chain's rules apply to them too); on the exchange
 * ({@code POST} on their path) the token is read from the {@code Authorization: Bearer}
 * header only, so a session cookie already there is ignored and the exchange needs no
 * CSRF token; an exchange whose session cookie is refused as a bad token is also told to
 * forget it. Keep CSRF protection on in such a chain, with
 * {@code CookieServerCsrfTokenRepository.withHttpOnlyFalse()} and
 * {@code ServerCsrfTokenRequestAttributeHandler}.</li>
 * </ul>
 *
 * @author TryMellon
 * @since 0.2.0
 */
public final class TryMellonReactiveConfigurer {

	private final ApplicationContext context;

	private @Nullable SessionTokenVerifier verifier;

	private @Nullable SessionAuthoritiesMapper authoritiesMapper;

	private @Nullable SessionFactors sessionFactors;

	private @Nullable ServerAuthenticationConverter authenticationConverter;

	private @Nullable String cookieName;

	private @Nullable ServerAuthenticationEntryPoint authenticationEntryPoint;

	private @Nullable ServerAccessDeniedHandler accessDeniedHandler;

	private @Nullable ReactiveAuthenticationManager authenticationManager;

	private final List<ReactiveOnlineCheckFilter.Rule> onlineChecks = new ArrayList<>();

	private @Nullable SessionCookieSettings sessionCookie;

	private TryMellonReactiveConfigurer(ApplicationContext context) {
		this.context = context;
	}

	/**
	 * Creates the configurer.
	 * @param context the application context the beans are taken from
	 * @return a new configurer
	 */
	public static TryMellonReactiveConfigurer tryMellon(ApplicationContext context) {
		Assert.notNull(context, "context cannot be null");
		return new TryMellonReactiveConfigurer(context);
	}

	/**
	 * Sets the verifier of session tokens.
	 * @param verifier the verifier
	 * @return this configurer
	 */
	public TryMellonReactiveConfigurer sessionTokenVerifier(SessionTokenVerifier verifier) {
		Assert.notNull(verifier, "verifier cannot be null");
		this.verifier = verifier;
		return this;
	}

	/**
	 * Sets how sessions become authorities.
	 * @param authoritiesMapper the mapper
	 * @return this configurer
	 */
	public TryMellonReactiveConfigurer authoritiesMapper(SessionAuthoritiesMapper authoritiesMapper) {
		Assert.notNull(authoritiesMapper, "authoritiesMapper cannot be null");
		this.authoritiesMapper = authoritiesMapper;
		return this;
	}

	/**
	 * Sets the Spring Security factors a session proves besides its mapped authorities.
	 * @param sessionFactors the factors
	 * @return this configurer
	 */
	public TryMellonReactiveConfigurer sessionFactors(SessionFactors sessionFactors) {
		Assert.notNull(sessionFactors, "sessionFactors cannot be null");
		this.sessionFactors = sessionFactors;
		return this;
	}

	/**
	 * Sets how the token is read from the exchange; replaces {@link #cookieName(String)}.
	 * It must answer a {@code SessionTokenAuthenticationToken}, or empty when there is no
	 * token.
	 * @param authenticationConverter the converter
	 * @return this configurer
	 */
	public TryMellonReactiveConfigurer authenticationConverter(ServerAuthenticationConverter authenticationConverter) {
		Assert.notNull(authenticationConverter, "authenticationConverter cannot be null");
		this.authenticationConverter = authenticationConverter;
		return this;
	}

	/**
	 * Sets the name of a cookie that may carry the token besides the
	 * {@code Authorization} header; takes precedence over the cookie name of the
	 * converter bean ({@code trymellon.token.cookie-name}). Keep CSRF protection on when
	 * you use it.
	 * @param cookieName the cookie name
	 * @return this configurer
	 */
	public TryMellonReactiveConfigurer cookieName(String cookieName) {
		Assert.hasText(cookieName, "cookieName cannot be empty");
		Assert.isTrue(BearerTokenRules.isValidCookieName(cookieName),
				"cookieName must be a valid cookie name (RFC 6265)");
		this.cookieName = cookieName;
		return this;
	}

	/**
	 * Sets the entry point answering unauthenticated and refused exchanges.
	 * @param authenticationEntryPoint the entry point
	 * @return this configurer
	 */
	public TryMellonReactiveConfigurer authenticationEntryPoint(
			ServerAuthenticationEntryPoint authenticationEntryPoint) {
		Assert.notNull(authenticationEntryPoint, "authenticationEntryPoint cannot be null");
		this.authenticationEntryPoint = authenticationEntryPoint;
		return this;
	}

	/**
	 * Sets the handler answering authenticated exchanges that lack an authority.
	 * @param accessDeniedHandler the handler
	 * @return this configurer
	 */
	public TryMellonReactiveConfigurer accessDeniedHandler(ServerAccessDeniedHandler accessDeniedHandler) {
		Assert.notNull(accessDeniedHandler, "accessDeniedHandler cannot be null");
		this.accessDeniedHandler = accessDeniedHandler;
		return this;
	}

	/**
	 * Sets the authentication manager; it must support
	 * {@code SessionTokenAuthenticationToken} and never block the calling thread. The
	 * verifier, mapper and factors settings are then not used.
	 * @param authenticationManager the manager
	 * @return this configurer
	 */
	public TryMellonReactiveConfigurer authenticationManager(ReactiveAuthenticationManager authenticationManager) {
		Assert.notNull(authenticationManager, "authenticationManager cannot be null");
		this.authenticationManager = authenticationManager;
		return this;
	}

	/**
	 * Has TryMellon's API confirm the session of every exchange the matcher names, now,
	 * after authentication and before authorization, whatever
	 * {@code trymellon.validation.mode} is (the counterpart of
	 * {@code @TryMellonVerifyOnline} for exchanges rather than handlers, functional
	 * endpoints included): {@code 401} for a refused or missing session, {@code 503} with
	 * {@code Retry-After} when the API cannot be asked. The call runs off the event loop.
	 * The first matching rule applies. Needs the {@link RemoteSessionChecker} bean.
	 * @param exchanges the exchanges to check
	 * @return this configurer
	 */
	public TryMellonReactiveConfigurer verifyOnline(ServerWebExchangeMatcher exchanges) {
		Assert.notNull(exchanges, "exchanges cannot be null");
		this.onlineChecks.add(new ReactiveOnlineCheckFilter.Rule(exchanges, null));
		return this;
	}

	/**
	 * Like {@link #verifyOnline(ServerWebExchangeMatcher)}, for sessions issued longer
	 * ago than {@code maxAge} only.
	 * @param exchanges the exchanges to check
	 * @param maxAge re-check only sessions older than this
	 * @return this configurer
	 */
	public TryMellonReactiveConfigurer verifyOnline(ServerWebExchangeMatcher exchanges, Duration maxAge) {
		Assert.notNull(exchanges, "exchanges cannot be null");
		Assert.isTrue(maxAge != null && !maxAge.isNegative(), "maxAge cannot be negative");
		this.onlineChecks.add(new ReactiveOnlineCheckFilter.Rule(exchanges, maxAge));
		return this;
	}

	/**
	 * Turns browser sessions on in this chain: the session endpoints and the cookie they
	 * set, whose name becomes the converter's cookie name unless
	 * {@link #cookieName(String)} sets the same. Takes precedence over the
	 * {@link SessionCookieSettings} bean ({@code trymellon.session-cookie.*}).
	 * @param sessionCookie the settings
	 * @return this configurer
	 */
	public TryMellonReactiveConfigurer sessionCookie(SessionCookieSettings sessionCookie) {
		Assert.notNull(sessionCookie, "sessionCookie cannot be null");
		this.sessionCookie = sessionCookie;
		return this;
	}

	/**
	 * Adds TryMellon authentication to the chain.
	 * @param http the chain being built
	 * @return the same chain, to go on building it
	 */
	public ServerHttpSecurity configure(ServerHttpSecurity http) {
		Assert.notNull(http, "http cannot be null");
		SessionCookieSettings sessionCookie = sessionCookie();
		ServerAuthenticationEntryPoint entryPoint = ReactiveBrowserSessions.entryPoint(entryPoint(), sessionCookie);
		ServerAccessDeniedHandler deniedHandler = accessDeniedHandler();
		ServerAuthenticationConverter converter = ReactiveBrowserSessions.exchangeAware(converter(sessionCookie),
				sessionCookie);
		AuthenticationWebFilter filter = new AuthenticationWebFilter(ReactiveManagerResolution.resolve(this.context,
				this.authenticationManager, this.verifier, this.authoritiesMapper, this.sessionFactors));
		// the token authenticated is the one an online check confirms
		filter.setServerAuthenticationConverter(ReactiveOnlineChecks.remembering(converter));
		ServerAuthenticationEntryPointFailureHandler failureHandler = new ServerAuthenticationEntryPointFailureHandler(
				entryPoint);
		// a token that cannot be checked now is answered (503), not rethrown (500)
		failureHandler.setRethrowAuthenticationServiceException(false);
		filter.setAuthenticationFailureHandler(failureHandler);
		http.addFilterAt(filter, SecurityWebFiltersOrder.AUTHENTICATION);
		if (!this.onlineChecks.isEmpty()) {
			http.addFilterAfter(ReactiveOnlineCheckFilter.create(this.context, this.onlineChecks, converter, entryPoint),
					SecurityWebFiltersOrder.AUTHENTICATION);
		}
		http.addFilterBefore(new BearerHeaderCsrfExemption(converter), SecurityWebFiltersOrder.CSRF);
		http.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(entryPoint)
			.accessDeniedHandler(deniedHandler));
		if (sessionCookie != null) {
			http.addFilterAfter(ReactiveBrowserSessions.endpoints(sessionCookie, converter, entryPoint, this.context),
					SecurityWebFiltersOrder.AUTHORIZATION);
		}
		return http;
	}

	private @Nullable SessionCookieSettings sessionCookie() {
		return (this.sessionCookie != null) ? this.sessionCookie
				: this.context.getBeanProvider(SessionCookieSettings.class).getIfUnique();
	}

	private ServerAuthenticationConverter converter(@Nullable SessionCookieSettings sessionCookie) {
		if (this.authenticationConverter != null) {
			return this.authenticationConverter;
		}
		TryMellonServerAuthenticationConverter bean = this.context
			.getBeanProvider(TryMellonServerAuthenticationConverter.class)
			.getIfUnique();
		String cookieName = ReactiveBrowserSessions.cookieName(this.cookieName, bean, sessionCookie);
		if (cookieName == null) {
			return (bean != null) ? bean : new TryMellonServerAuthenticationConverter();
		}
		TryMellonServerAuthenticationConverter converter = new TryMellonServerAuthenticationConverter();
		if (bean != null) {
			converter.setMaxLength(bean.getMaxLength());
		}
		converter.setCookieName(cookieName);
		return converter;
	}

	private ServerAuthenticationEntryPoint entryPoint() {
		return (this.authenticationEntryPoint != null) ? this.authenticationEntryPoint
				: this.context.getBeanProvider(ServerAuthenticationEntryPoint.class)
					.getIfUnique(TryMellonServerAuthenticationEntryPoint::new);
	}

	private ServerAccessDeniedHandler accessDeniedHandler() {
		return (this.accessDeniedHandler != null) ? this.accessDeniedHandler
				: this.context.getBeanProvider(ServerAccessDeniedHandler.class)
					.getIfUnique(TryMellonServerAccessDeniedHandler::new);
	}

}
