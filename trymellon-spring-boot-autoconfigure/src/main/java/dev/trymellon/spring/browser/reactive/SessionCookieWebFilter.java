package dev.trymellon.spring.browser.reactive;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import dev.trymellon.spring.browser.SessionCookieSettings;
import dev.trymellon.spring.browser.internal.BrowserSessionEndpoints;
import dev.trymellon.spring.browser.internal.BrowserSessionEndpoints.Endpoint;
import dev.trymellon.spring.revocation.RevocationStore;
import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.web.SessionTokenAuthenticationToken;
import dev.trymellon.spring.web.internal.ErrorAnswer;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.security.web.server.csrf.CookieServerCsrfTokenRepository;
import org.springframework.security.web.server.csrf.ServerCsrfTokenRepository;
import org.springframework.security.web.server.util.matcher.PathPatternParserServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.util.Assert;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The browser session endpoints of a reactive application, on the
 * {@link SessionCookieSettings#getPath() path} of the settings
 * ({@code /trymellon/session} by default), inside a security web filter chain after
 * authorization; the answers of the servlet {@code SessionCookieFilter}, byte for byte:
 * <ul>
 * <li>{@code POST}: the exchange, authenticated by the token of the
 * {@code Authorization: Bearer} header only (the chain's converter reads nothing else on
 * this request, so a session cookie already there is ignored and replaced). Refused
 * with {@code 403 ORIGIN_NOT_ALLOWED} when sent from another origin; otherwise
 * {@code 204} with the session cookie ({@code HttpOnly}, {@code Path=/}, {@code Max-Age}
 * the seconds until the token's {@code exp}) and, when the browser holds none, the CSRF
 * token of the repository (by default the {@code XSRF-TOKEN} cookie, readable by
 * script).</li>
 * <li>{@code GET}: the session's public view, {@code 200}.</li>
 * <li>{@code DELETE}: sign-out (CSRF-protected by the chain): revokes exactly the
 * exchange's token in the {@link RevocationStore} on the
 * {@link #setScheduler(Scheduler) scheduler} (a shared store writes to Redis: never on
 * the event loop), then clears the session cookie and the CSRF cookie and answers
 * {@code 204}; {@code 503} with {@code Retry-After} and nothing cleared when the
 * revocation cannot be stored.</li>
 * </ul>
 * Without a verified TryMellon session each answers through the entry point
 * ({@code 401}). Other methods and paths pass through. Every answer is
 * {@code Cache-Control: no-store}. Added by {@code TryMellonReactiveConfigurer}; never
 * declare it as a bean (it would run outside security).
 *
 * @author TryMellon
 * @since 0.2.0
 */
public final class SessionCookieWebFilter implements WebFilter {

	private static final MediaType JSON = new MediaType(MediaType.APPLICATION_JSON, StandardCharsets.UTF_8);

	private static final MediaType PROBLEM_JSON = new MediaType(MediaType.APPLICATION_PROBLEM_JSON,
			StandardCharsets.UTF_8);

	private final SessionCookieSettings settings;

	private final ServerAuthenticationConverter tokenConverter;

	private final ServerAuthenticationEntryPoint entryPoint;

	private final ServerWebExchangeMatcher endpoint;

	private final @Nullable RevocationStore revocationStore;

	private final Clock clock;

	private Scheduler scheduler = Schedulers.boundedElastic();

	private ServerCsrfTokenRepository csrfTokenRepository = CookieServerCsrfTokenRepository.withHttpOnlyFalse();

	/**
	 * Creates the endpoints.
	 * @param settings the cookie and endpoint settings
	 * @param tokenConverter the converter the chain authenticated the exchange with, whose
	 * {@link SessionTokenAuthenticationToken} holds the raw token: the
	 * {@code Authorization: Bearer} header's only, on the exchange
	 * @param entryPoint answers exchanges without a verified session
	 * @param revocationStore the store sign-outs are revoked in; without one ({@code null})
	 * a sign-out only clears the cookies, and a copy of the cookie stays valid until the
	 * token expires (logged)
	 * @param clock the clock of {@code Max-Age} and revocation times
	 */
	public SessionCookieWebFilter(SessionCookieSettings settings, ServerAuthenticationConverter tokenConverter,
			ServerAuthenticationEntryPoint entryPoint, @Nullable RevocationStore revocationStore, Clock clock) {
		Assert.notNull(settings, "settings cannot be null");
		Assert.notNull(tokenConverter, "tokenConverter cannot be null");
		Assert.notNull(entryPoint, "entryPoint cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		this.settings = settings;
		this.tokenConverter = tokenConverter;
		this.entryPoint = entryPoint;
		this.revocationStore = revocationStore;
		this.clock = clock;
		this.endpoint = new PathPatternParserServerWebExchangeMatcher(settings.getPath());
	}

	/**
	 * The exchange requests ({@code POST} on the settings' path): those whose token must
	 * be read from the {@code Authorization: Bearer} header only.
	 * @param settings the settings
	 * @return the matcher
	 */
	public static ServerWebExchangeMatcher exchangeMatcher(SessionCookieSettings settings) {
		Assert.notNull(settings, "settings cannot be null");
		return new PathPatternParserServerWebExchangeMatcher(settings.getPath(), HttpMethod.POST);
	}

	/**
	 * Sets the scheduler the sign-out's revocation runs on. Defaults to
	 * {@link Schedulers#boundedElastic()}.
	 * @param scheduler the scheduler
	 */
	public void setScheduler(Scheduler scheduler) {
		Assert.notNull(scheduler, "scheduler cannot be null");
		this.scheduler = scheduler;
	}

	/**
	 * Sets the repository of the CSRF token the exchange makes sure the browser holds and
	 * a sign-out clears: the one the chain's CSRF protection reads. Defaults to
	 * {@link CookieServerCsrfTokenRepository#withHttpOnlyFalse()}.
	 * @param csrfTokenRepository the repository
	 */
	public void setCsrfTokenRepository(ServerCsrfTokenRepository csrfTokenRepository) {
		Assert.notNull(csrfTokenRepository, "csrfTokenRepository cannot be null");
		this.csrfTokenRepository = csrfTokenRepository;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		Endpoint endpoint = Endpoint.of(exchange.getRequest().getMethod().name());
		if (endpoint == null) {
			return chain.filter(exchange);
		}
		return this.endpoint.matches(exchange)
			.flatMap((match) -> match.isMatch() ? answer(exchange, endpoint) : chain.filter(exchange));
	}

	private Mono<Void> answer(ServerWebExchange exchange, Endpoint endpoint) {
		exchange.getResponse().getHeaders().set(HttpHeaders.CACHE_CONTROL, BrowserSessionEndpoints.CACHE_CONTROL);
		if (endpoint == Endpoint.EXCHANGE && !isExchangeAllowed(exchange.getRequest())) {
			return write(exchange.getResponse(), BrowserSessionEndpoints.originNotAllowed());
		}
		return ReactiveSecurityContextHolder.getContext()
			.mapNotNull(SecurityContext::getAuthentication)
			.flatMap((authentication) -> authenticated(exchange, authentication))
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.flatMap((found) -> found.isPresent() ? answer(exchange, endpoint, found.get())
					: this.entryPoint.commence(exchange,
							new InsufficientAuthenticationException("A TryMellon session is required")));
	}

	private boolean isExchangeAllowed(ServerHttpRequest request) {
		URI uri = request.getURI();
		String host = (uri.getHost() != null) ? uri.getHost() : "";
		HttpHeaders headers = request.getHeaders();
		return this.settings.isExchangeAllowed(headers.getFirst(HttpHeaders.ORIGIN),
				headers.getFirst(BrowserSessionEndpoints.SEC_FETCH_SITE),
				BrowserSessionEndpoints.ownOrigin(String.valueOf(uri.getScheme()), host, uri.getPort()));
	}

	/** The session, its authentication and raw token, or empty when there is none. */
	private Mono<Authenticated> authenticated(ServerWebExchange exchange, Authentication authentication) {
		TryMellonSession session = BrowserSessionEndpoints.session(authentication);
		if (session == null) {
			return Mono.empty();
		}
		return this.tokenConverter.convert(exchange)
			.onErrorResume((ex) -> Mono.empty())
			.filter(SessionTokenAuthenticationToken.class::isInstance)
			.map((token) -> new Authenticated(session, authentication,
					((SessionTokenAuthenticationToken) token).getToken()));
	}

	private Mono<Void> answer(ServerWebExchange exchange, Endpoint endpoint, Authenticated found) {
		return switch (endpoint) {
			case EXCHANGE -> exchange(exchange, found);
			case SIGN_OUT -> signOut(exchange, found);
			default -> write(exchange.getResponse(), HttpStatus.OK, JSON,
					BrowserSessionEndpoints.view(found.session(), found.authentication())
						.getBytes(StandardCharsets.UTF_8));
		};
	}

	private Mono<Void> exchange(ServerWebExchange exchange, Authenticated found) {
		Duration maxAge = BrowserSessionEndpoints.cookieMaxAge(found.session(), this.clock.instant());
		if (maxAge == null) {
			return this.entryPoint.commence(exchange, BrowserSessionEndpoints.expiredAtExchange());
		}
		ServerHttpResponse response = exchange.getResponse();
		// the header as the servlet side writes it (Netty's encoder orders attributes otherwise)
		response.getHeaders().add(HttpHeaders.SET_COOKIE, this.settings.sessionCookie(found.token(), maxAge).toString());
		return ensureCsrfToken(exchange).then(complete(response));
	}

	/**
	 * Makes sure the browser holds a CSRF token for its first state-changing call: when
	 * the exchange brought none and the chain has not already set one on this response,
	 * a new one is saved.
	 */
	private Mono<Void> ensureCsrfToken(ServerWebExchange exchange) {
		return this.csrfTokenRepository.loadToken(exchange).hasElement().flatMap((present) -> {
			if (present || exchange.getResponse().getCookies().containsKey(BrowserSessionEndpoints.CSRF_COOKIE)) {
				return Mono.empty();
			}
			return this.csrfTokenRepository.generateToken(exchange)
				.flatMap((token) -> this.csrfTokenRepository.saveToken(exchange, token));
		});
	}

	private Mono<Void> signOut(ServerWebExchange exchange, Authenticated found) {
		RevocationStore store = this.revocationStore;
		Duration clockSkew = this.settings.getClockSkew();
		return Mono
			.fromCallable(() -> BrowserSessionEndpoints.revoke(store, found.session(), found.token(),
					this.clock.instant(), clockSkew))
			.subscribeOn(this.scheduler)
			.flatMap((revoked) -> {
				ServerHttpResponse response = exchange.getResponse();
				if (!revoked) {
					return write(response, BrowserSessionEndpoints.signOutUnavailable());
				}
				response.getHeaders().add(HttpHeaders.SET_COOKIE, this.settings.clearedSessionCookie().toString());
				return this.csrfTokenRepository.saveToken(exchange, null).then(complete(response));
			});
	}

	private static Mono<Void> complete(ServerHttpResponse response) {
		return Mono.defer(() -> {
			response.setStatusCode(HttpStatus.NO_CONTENT);
			return response.setComplete();
		});
	}

	private static Mono<Void> write(ServerHttpResponse response, ErrorAnswer answer) {
		if (answer.retryAfterSeconds() != null) {
			response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(answer.retryAfterSeconds()));
		}
		return write(response, HttpStatusCode.valueOf(answer.status()), PROBLEM_JSON, answer.body());
	}

	private static Mono<Void> write(ServerHttpResponse response, HttpStatusCode status, MediaType type,
			byte[] body) {
		response.setStatusCode(status);
		response.getHeaders().setContentType(type);
		response.getHeaders().setContentLength(body.length);
		return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
	}

	private record Authenticated(TryMellonSession session, Authentication authentication, String token) {
	}

}
