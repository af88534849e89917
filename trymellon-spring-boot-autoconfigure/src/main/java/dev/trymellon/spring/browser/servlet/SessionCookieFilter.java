package dev.trymellon.spring.browser.servlet;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.browser.SessionCookieSettings;
import dev.trymellon.spring.browser.SessionView;
import dev.trymellon.spring.revocation.RevocationStore;
import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.session.TryMellonSession;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
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

	private static final long RETRY_AFTER_SECONDS = 5;

	/** The cookie of {@link CookieCsrfTokenRepository}, unless renamed. */
	private static final String CSRF_COOKIE = "XSRF-TOKEN";

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
		String method = request.getMethod();
		boolean handled = "POST".equals(method) || "GET".equals(method) || "DELETE".equals(method);
		if (!handled || !this.endpoint.matches(request)) {
			chain.doFilter(request, response);
			return;
		}
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		if ("POST".equals(method) && !isExchangeAllowed(request)) {
			Problems.write(response, HttpServletResponse.SC_FORBIDDEN, TryMellonErrorCode.ORIGIN_NOT_ALLOWED,
					"The session exchange was sent from an origin that is not allowed.");
			return;
		}
		Authentication authentication = this.securityContextHolderStrategy.getContext().getAuthentication();
		String token = (authentication != null) ? this.tokenResolver.apply(request) : null;
		if (authentication == null || !authentication.isAuthenticated()
				|| !(authentication.getPrincipal() instanceof TryMellonSession session) || token == null) {
			this.entryPoint.commence(request, response,
					new InsufficientAuthenticationException("A TryMellon session is required"));
			return;
		}
		switch (method) {
			case "POST" -> exchange(request, response, session, token);
			case "DELETE" -> signOut(request, response, session, token);
			default -> view(response, session, authentication);
		}
	}

	private boolean isExchangeAllowed(HttpServletRequest request) {
		return this.settings.isExchangeAllowed(request.getHeader(HttpHeaders.ORIGIN),
				request.getHeader("Sec-Fetch-Site"), ownOrigin(request));
	}

	static String ownOrigin(HttpServletRequest request) {
		String scheme = request.getScheme().toLowerCase(Locale.ROOT);
		String host = request.getServerName();
		if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
			host = "[" + host + "]";
		}
		int port = request.getServerPort();
		boolean defaultPort = port <= 0 || ("http".equals(scheme) && port == 80)
				|| ("https".equals(scheme) && port == 443);
		return scheme + "://" + host.toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
	}

	private void exchange(HttpServletRequest request, HttpServletResponse response, TryMellonSession session,
			String token) throws IOException, ServletException {
		long seconds = Duration.between(this.clock.instant(), session.getExpiresAt()).getSeconds();
		if (seconds < 1) {
			// accepted within the clock skew, but a cookie for it would be born expired
			this.entryPoint.commence(request, response, new BadCredentialsException("The session token was refused",
					new SessionTokenException(TryMellonErrorCode.SESSION_EXPIRED, "The session token has expired")));
			return;
		}
		response.addHeader(HttpHeaders.SET_COOKIE,
				this.settings.sessionCookie(token, Duration.ofSeconds(seconds)).toString());
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
			if (setCookie.startsWith(CSRF_COOKIE + "=")) {
				return;
			}
		}
		this.csrfTokenRepository.saveToken(generated, request, response);
	}

	private void signOut(HttpServletRequest request, HttpServletResponse response, TryMellonSession session,
			String token) throws IOException {
		RevocationStore store = this.revocationStore;
		if (store == null) {
			this.logger.warn("TryMellon browser sign-out without a RevocationStore: the cookies are cleared, but a "
					+ "copy of the session cookie stays valid until the token expires");
		}
		else {
			Instant now = this.clock.instant();
			Instant until = session.getExpiresAt().plus(this.settings.getClockSkew());
			try {
				if (until.isAfter(now)) {
					store.revokeToken(token, session.getUserId(), now, until);
				}
			}
			catch (RuntimeException ex) {
				this.logger.error("TryMellon browser sign-out could not be stored in the revocation store (" + ex
						+ "); answering 503 so that the client tries again");
				response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS));
				Problems.write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, null,
						"The sign-out could not be recorded; try again.");
				return;
			}
			if (until.isAfter(now) && !store.isTokenRevoked(token)) {
				this.logger.error("The RevocationStore " + store.getClass().getName() + " does not enforce token "
						+ "revocations (isTokenRevoked): a copy of the signed-out session cookie stays valid until the "
						+ "token expires. Implement RevocationStore.isTokenRevoked(String).");
			}
		}
		response.addHeader(HttpHeaders.SET_COOKIE, this.settings.clearedSessionCookie().toString());
		this.csrfTokenRepository.saveToken(null, request, response);
		response.setStatus(HttpServletResponse.SC_NO_CONTENT);
	}

	private void view(HttpServletResponse response, TryMellonSession session, Authentication authentication)
			throws IOException {
		List<String> authorities = new ArrayList<>();
		for (GrantedAuthority authority : authentication.getAuthorities()) {
			String name = authority.getAuthority();
			if (name != null) {
				authorities.add(name);
			}
		}
		Problems.writeJson(response, HttpServletResponse.SC_OK, MediaType.APPLICATION_JSON_VALUE,
				SessionView.json(session, authorities));
	}

}
