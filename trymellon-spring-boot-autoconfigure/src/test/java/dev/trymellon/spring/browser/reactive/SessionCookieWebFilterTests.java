package dev.trymellon.spring.browser.reactive;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import dev.trymellon.spring.browser.SessionCookieSettings;
import dev.trymellon.spring.revocation.InMemoryRevocationStore;
import dev.trymellon.spring.revocation.Revocation;
import dev.trymellon.spring.revocation.RevocationStore;
import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.testfixtures.ReactorThreads;
import dev.trymellon.spring.web.SessionTokenAuthenticationToken;
import dev.trymellon.spring.web.TryMellonAuthentication;
import dev.trymellon.spring.web.reactive.TryMellonServerAuthenticationEntryPoint;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.WebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reactive session endpoints on their own: where the sign-out's revocation runs, a
 * store that cannot take it, the settings' attributes and allowed origins.
 */
class SessionCookieWebFilterTests {

	private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

	private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

	private static final String TOKEN = "header.payload.signature";

	private static final TryMellonSession SESSION = TryMellonSession.builder("user_1")
		.issuedAt(NOW.minusSeconds(60))
		.expiresAt(NOW.plusSeconds(600))
		.build();

	private static final ServerAuthenticationConverter CONVERTER = (exchange) -> Mono
		.just(new SessionTokenAuthenticationToken(TOKEN));

	private static final WebFilterChain NOT_REACHED = (exchange) -> Mono
		.error(new AssertionError("the endpoint must answer itself"));

	private final SessionCookieSettings settings = SessionCookieSettings.withCookieName("tm").build();

	private static SessionCookieWebFilter filter(SessionCookieSettings settings, @Nullable RevocationStore store) {
		return new SessionCookieWebFilter(settings, CONVERTER, new TryMellonServerAuthenticationEntryPoint(), store,
				CLOCK);
	}

	private static MockServerWebExchange run(SessionCookieWebFilter filter, MockServerHttpRequest request,
			boolean authenticated) {
		MockServerWebExchange exchange = MockServerWebExchange.from(request);
		Mono<Void> answered = filter.filter(exchange, NOT_REACHED);
		if (authenticated) {
			answered = answered.contextWrite(ReactiveSecurityContextHolder.withAuthentication(
					new TryMellonAuthentication(SESSION, List.of(new SimpleGrantedAuthority("ROLE_USER")))));
		}
		answered.block(Duration.ofSeconds(10));
		return exchange;
	}

	private static List<String> setCookies(MockServerWebExchange exchange) {
		List<String> headers = exchange.getResponse().getHeaders().get(HttpHeaders.SET_COOKIE);
		List<String> all = new java.util.ArrayList<>((headers != null) ? headers : List.of());
		exchange.getResponse().getCookies().values().forEach((cookies) -> cookies.forEach((c) -> all.add(c.toString())));
		return all;
	}

	@Test
	void signOutRevokesOnTheBoundedElasticSchedulerNeverOnTheCallingThread() {
		AtomicReference<String> revokedOn = new AtomicReference<>();
		InMemoryRevocationStore memory = new InMemoryRevocationStore(CLOCK, Duration.ofSeconds(30), List.of());
		RevocationStore store = new RevocationStore() {

			@Override
			public void revoke(Revocation revocation) {
				revokedOn.set(Thread.currentThread().getName());
				memory.revoke(revocation);
			}

			@Override
			public boolean isRevoked(TryMellonSession session) {
				return memory.isRevoked(session);
			}

			@Override
			public boolean isTokenRevoked(String token) {
				return memory.isTokenRevoked(token);
			}

		};
		MockServerWebExchange exchange = run(filter(this.settings, store),
				MockServerHttpRequest.delete("/trymellon/session").build(), true);
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
		assertThat(revokedOn.get()).matches(ReactorThreads.BOUNDED_ELASTIC);
		assertThat(memory.isTokenRevoked(TOKEN)).isTrue();
		assertThat(memory.isTokenRevoked("another.token.value")).isFalse();
		assertThat(setCookies(exchange)).anySatisfy((cookie) -> assertThat(cookie).startsWith("tm=; Path=/; Max-Age=0;"))
			.anySatisfy((cookie) -> assertThat(cookie).startsWith("XSRF-TOKEN=").contains("Max-Age=0"));
	}

	@Test
	void signOutWhenTheStoreFailsThen503RetryAfterAndNothingCleared() {
		RevocationStore failing = new RevocationStore() {

			@Override
			public void revoke(Revocation revocation) {
				throw new IllegalStateException("Redis is down");
			}

			@Override
			public boolean isRevoked(TryMellonSession session) {
				return false;
			}

		};
		MockServerWebExchange exchange = run(filter(this.settings, failing),
				MockServerHttpRequest.delete("/trymellon/session").build(), true);
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
		assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.CACHE_CONTROL)).isEqualTo("no-store");
		assertThat(exchange.getResponse().getBodyAsString().block()).isEqualTo("{\"type\":\"about:blank\","
				+ "\"title\":\"Service Unavailable\",\"status\":503,\"detail\":\"The sign-out could not be recorded; "
				+ "try again.\"}");
		assertThat(setCookies(exchange)).isEmpty();
	}

	@Test
	void signOutWithoutAStoreStillClearsTheCookies() {
		MockServerWebExchange exchange = run(filter(this.settings, null),
				MockServerHttpRequest.delete("/trymellon/session").build(), true);
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
		assertThat(setCookies(exchange)).anySatisfy((cookie) -> assertThat(cookie).startsWith("tm=; Path=/; Max-Age=0;"));
	}

	@Test
	void exchangeCookieCarriesTheConfiguredDomainAndSameSite() {
		SessionCookieSettings strict = SessionCookieSettings.withCookieName("__Secure-tm")
			.domain("example.com")
			.sameSite(SessionCookieSettings.SameSite.STRICT)
			.build();
		MockServerWebExchange exchange = run(filter(strict, null),
				MockServerHttpRequest.post("https://api.example.com/trymellon/session").build(), true);
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
		// Max-Age from the application's clock (Expires is the system clock's, as on the servlet side)
		assertThat(setCookies(exchange)).anySatisfy((cookie) -> assertThat(cookie)
			.startsWith("__Secure-tm=" + TOKEN + "; Path=/; Domain=example.com; Max-Age=600; Expires=")
			.endsWith(" GMT; Secure; HttpOnly; SameSite=Strict"));
	}

	@Test
	void exchangeFromAnAllowedOriginOfTheSameSiteIsAccepted() {
		SessionCookieSettings allowing = SessionCookieSettings.withCookieName("tm")
			.allowedOrigins(List.of("https://app.example.com"))
			.build();
		MockServerWebExchange allowed = run(filter(allowing, null),
				MockServerHttpRequest.post("https://api.example.com/trymellon/session")
					.header(HttpHeaders.ORIGIN, "https://app.example.com")
					.header("Sec-Fetch-Site", "same-site")
					.build(),
				true);
		assertThat(allowed.getResponse().getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
		MockServerWebExchange refused = run(filter(this.settings, null),
				MockServerHttpRequest.post("https://api.example.com/trymellon/session")
					.header(HttpHeaders.ORIGIN, "https://app.example.com")
					.build(),
				true);
		assertThat(refused.getResponse().getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(refused.getResponse().getBodyAsString().block()).contains("\"code\":\"ORIGIN_NOT_ALLOWED\"");
	}

	@Test
	void ownOriginWithANonDefaultPortIsTheRequestsOwn() {
		MockServerWebExchange exchange = run(filter(this.settings, null),
				MockServerHttpRequest.post("https://api.example.com:8443/trymellon/session")
					.header(HttpHeaders.ORIGIN, "https://API.example.com:8443")
					.build(),
				true);
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
	}

	@Test
	void withoutAuthenticationTheEntryPointAnswers401() {
		MockServerWebExchange exchange = run(filter(this.settings, null),
				MockServerHttpRequest.get("/trymellon/session").build(), false);
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(exchange.getResponse().getBodyAsString().block()).contains("\"code\":\"TOKEN_MISSING\"");
	}

	@Test
	void otherPathsAndMethodsPassThrough() {
		AtomicReference<String> passed = new AtomicReference<>();
		SessionCookieWebFilter filter = filter(this.settings, null);
		for (MockServerHttpRequest request : List.of(MockServerHttpRequest.get("/trymellon/session/x").build(),
				MockServerHttpRequest.put("/trymellon/session").build(), MockServerHttpRequest.get("/api").build())) {
			MockServerWebExchange exchange = MockServerWebExchange.from(request);
			filter.filter(exchange, (passing) -> Mono.fromRunnable(() -> passed.set(request.getPath().value())))
				.block(Duration.ofSeconds(10));
			assertThat(passed.getAndSet(null)).isEqualTo(request.getPath().value());
			assertThat(exchange.getResponse().getStatusCode()).isNull();
		}
	}

}
