package dev.trymellon.spring.browser.servlet;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.browser.SessionCookieSettings;
import dev.trymellon.spring.browser.SessionView;
import dev.trymellon.spring.browser.internal.BrowserSessionEndpoints;
import dev.trymellon.spring.browser.internal.BrowserSessionEndpoints.Endpoint;
import dev.trymellon.spring.revocation.RevocationStore;
import dev.trymellon.spring.session.TryMellonSession;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The browser session endpoints, on the {@link SessionCookieSettings#getPath() path} of
 * the settings ({@code /trymellon/session} by default), inside a security filter chain
 * after authentication and authorization:
 * <ul>
 * <li>{@code POST}: the exchange. The request was authenticated by the token of its
 * {@code Authorization: Bearer} header only (the chain's token resolver reads nothing
 * else on this request, so a session cookie already there is ignored and replaced).
 * Refused with {@code 403 ORIGIN_NOT_ALLOWED} when sent from another origin (see
 * {@link SessionCookieSettings#isExchangeAllowed}); otherwise answers {@code 204} with
 * the session cookie ({@code HttpOnly}, {@code Path=/}, {@code Max-Age} the seconds
 * until the token's {@code exp}) and makes sure the chain's CSRF token is saved (with
 * {@code csrf.spa()}: the {@code XSRF-TOKEN} cookie), so that the first state-changing
 * call can send it.</li>
 * <li>{@code GET}: the session's {@link SessionView public view}, {@code 200}.</li>
 * <li>{@code DELETE}: sign-out (CSRF-protected by the chain): revokes exactly the
 * request's token in the {@link RevocationStore} until its expiry plus the clock skew
 * (on every replica sharing the store), then clears the session cookie and the CSRF
 * cookie ({@code Max-Age=0}, same attributes) and answers {@code 204}. A revocation that
 * cannot be stored answers {@code 503} with {@code Retry-After} and clears nothing.</li>
 * </ul>
 * Without a verified TryMellon session, each answers through the entry point
 * ({@code 401}). Other methods and paths pass through. Every answer is
 * {@code Cache-Control: no-store}. Added by {@code TryMellonConfigurer}; never declare it
 * as a bean.
 *
 * @author TryMellon
 * @since 0.2.0
 */
public final class SessionCookieFilter extends OncePerRequestFilter {

	private final SessionCookieSettings settings;

	private final Function<HttpServletRequest, @Nullable String> tokenResolver;

	private final AuthenticationEntryPoint entryPoint;

	private final RequestMatcher endpoint;

	private @Nullable RevocationStore revocationStore;

	private Clock clock = Clock.systemUTC();

	private SecurityContextHolderStrategy securityContextHolderStrategy = SecurityContextHolder
		.getContextHolderStrategy();

	private CsrfTokenRepository csrfTokenRepository = CookieCsrfTokenRepository.withHttpOnlyFalse();

	/**
	 * Creates the endpoints.
	 * @param settings the cookie and endpoint settings
	 * @param tokenResolver the raw token the chain authenticated the request with: the
	 * {@code Authorization: Bearer} header's only, on the exchange
	 * @param entryPoint answers requests without a verified session
	 */
	public SessionCookieFilter(SessionCookieSettings settings,
			Function<HttpServletRequest, @Nullable String> tokenResolver, AuthenticationEntryPoint entryPoint) {
		Assert.notNull(settings, "settings cannot be null");
		Assert.notNull(tokenResolver, "tokenResolver cannot be null");
		Assert.notNull(entryPoint, "entryPoint cannot be null");
		this.settings = settings;
		this.tokenResolver = tokenResolver;
		this.entryPoint = entryPoint;
		this.endpoint = PathPatternRequestMatcher.withDefaults().matcher(settings.getPath());
	}

	/**
	 * The exchange requests ({@code POST} on the settings' path): those whose token must
	 * be read from the {@code Authorization: Bearer} header only.
	 * @param settings the settings
	 * @return the matcher
	 */
	public static RequestMatcher exchangeRequestMatcher(SessionCookieSettings settings) {
		Assert.notNull(settings, "settings cannot be null");
		return PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, settings.getPath());
	}

	/**
	 * Sets the store sign-outs are revoked in. Without one, a sign-out only clears the
	 * cookies: a copy of the cookie stays valid until the token expires (logged).
	 * @param revocationStore the store, or {@code null}
	 */
	public void setRevocationStore(@Nullable RevocationStore revocationStore) {
		this.revocationStore = revocationStore;
	}

	/**
	 * Sets the clock of {@code Max-Age} and revocation times. Defaults to the UTC system
	 * clock.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
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
	 * Sets the repository of the CSRF token the exchange makes sure the browser holds
	 * and a sign-out clears: the one the chain's CSRF protection reads. Defaults to the
	 * one of {@code csrf.spa()}: {@link CookieCsrfTokenRepository#withHttpOnlyFalse()}.
	 * @param csrfTokenRepository the repository
	 */
	public void setCsrfTokenRepository(CsrfTokenRepository csrfTokenRepository) {
		Assert.notNull(csrfTokenRepository, "csrfTokenRepository cannot be null");
		this.csrfTokenRepository = csrfTokenRepository;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Endpoint endpoint = Endpoint.of(request.getMethod());
		if (endpoint == null || !this.endpoint.matches(request)) {
			chain.doFilter(request, response);
			return;
		}
		response.setHeader(HttpHeaders.CACHE_CONTROL, BrowserSessionEndpoints.CACHE_CONTROL);
		if (endpoint == Endpoint.EXCHANGE && !this.settings.isExchangeAllowed(request.getHeader(HttpHeaders.ORIGIN),
				request.getHeader(BrowserSessionEndpoints.SEC_FETCH_SITE), BrowserSessionEndpoints
					.ownOrigin(request.getScheme(), request.getServerName(), request.getServerPort()))) {
			Problems.write(response, BrowserSessionEndpoints.originNotAllowed());
			return;
		}
		Authentication authentication = this.securityContextHolderStrategy.getContext().getAuthentication();
		TryMellonSession session = BrowserSessionEndpoints.session(authentication);
		String token = (session != null) ? this.tokenResolver.apply(request) : null;
		if (authentication == null || session == null || token == null) {
			this.entryPoint.commence(request, response,
					new InsufficientAuthenticationException("A TryMellon session is required"));
			return;
		}
		switch (endpoint) {
			case EXCHANGE -> exchange(request, response, session, token);
			case SIGN_OUT -> signOut(request, response, session, token);
			default -> Problems.writeJson(response, HttpServletResponse.SC_OK, MediaType.APPLICATION_JSON_VALUE,
					BrowserSessionEndpoints.view(session, authentication));
		}
	}

	private void exchange(HttpServletRequest request, HttpServletResponse response, TryMellonSession session,
			String token) throws IOException, ServletException {
		Duration maxAge = BrowserSessionEndpoints.cookieMaxAge(session, this.clock.instant());
		if (maxAge == null) {
			this.entryPoint.commence(request, response, BrowserSessionEndpoints.expiredAtExchange());
			return;
		}
		response.addHeader(HttpHeaders.SET_COOKIE, this.settings.sessionCookie(token, maxAge).toString());
		ensureCsrfToken(request, response);
		response.setStatus(HttpServletResponse.SC_NO_CONTENT);
	}

	/**
	 * Makes sure the browser holds a CSRF token for its first state-changing call: when
	 * the request brought none and the chain has not already set one on this response, a
	 * new one is saved (with the default repository, the {@code XSRF-TOKEN} cookie of
	 * {@code csrf.spa()}).
	 */
	private void ensureCsrfToken(HttpServletRequest request, HttpServletResponse response) {
		if (this.csrfTokenRepository.loadToken(request) != null) {
			return;
		}
		CsrfToken generated = this.csrfTokenRepository.generateToken(request);
		for (String setCookie : response.getHeaders(HttpHeaders.SET_COOKIE)) {
			if (setCookie.startsWith(BrowserSessionEndpoints.CSRF_COOKIE + "=")) {
				return;
			}
		}
		this.csrfTokenRepository.saveToken(generated, request, response);
	}

	private void signOut(HttpServletRequest request, HttpServletResponse response, TryMellonSession session,
			String token) throws IOException {
		if (!BrowserSessionEndpoints.revoke(this.revocationStore, session, token, this.clock.instant(),
				this.settings.getClockSkew())) {
			Problems.write(response, BrowserSessionEndpoints.signOutUnavailable());
			return;
		}
		response.addHeader(HttpHeaders.SET_COOKIE, this.settings.clearedSessionCookie().toString());
		this.csrfTokenRepository.saveToken(null, request, response);
		response.setStatus(HttpServletResponse.SC_NO_CONTENT);
	}

}
