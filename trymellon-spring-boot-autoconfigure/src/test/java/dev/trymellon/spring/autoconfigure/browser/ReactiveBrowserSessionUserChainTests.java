package dev.trymellon.spring.autoconfigure.browser;

import org.junit.jupiter.api.Test;

import dev.trymellon.spring.browser.SessionCookieSettings;
import dev.trymellon.spring.web.reactive.TryMellonReactiveConfigurer;
import dev.trymellon.spring.web.reactive.TryMellonServerAccessDeniedHandler;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.csrf.CookieServerCsrfTokenRepository;
import org.springframework.security.web.server.csrf.ServerCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.trymellon.spring.autoconfigure.browser.BrowserSessionApplication.COOKIE;
import static dev.trymellon.spring.autoconfigure.browser.BrowserSessionApplication.NOW;
import static dev.trymellon.spring.autoconfigure.browser.BrowserSessionApplication.token;
import static dev.trymellon.spring.autoconfigure.browser.ReactiveBrowserSessionApplication.setCookie;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application's own reactive chains applying the DSL: one picks the browser session
 * settings up from the bean ({@code trymellon.session-cookie.*}), the other is given its
 * own through {@code sessionCookie(..)}, which takes precedence; both answer the
 * endpoints with the header-only exchange, its CSRF exemption and the revocation on
 * sign-out.
 */
@SpringBootTest(classes = { ReactiveBrowserSessionApplication.class, ReactiveBrowserSessionUserChainTests.Chains.class },
		properties = { "spring.main.web-application-type=reactive", "trymellon.client-id=client_test123",
				"trymellon.token.cookie-name=__Host-tm_session", "trymellon.session-cookie.enabled=true" })
@AutoConfigureWebTestClient
class ReactiveBrowserSessionUserChainTests {

	private static final String CSRF = "user-chain-csrf";

	WebTestClient client;

	@Autowired
	void client(WebTestClient client) {
		this.client = ReactiveBrowserSessionApplication.patient(client);
	}

	@Test
	void userChainAnswersTheEndpointsWithTheSettingsOfTheBean() {
		String token = token("user_dsl", "user", NOW);
		String other = token("user_other", "user", NOW);
		EntityExchangeResult<byte[]> exchanged = this.client.post()
			.uri("/trymellon/session")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.cookie(COOKIE, other)
			.exchange()
			.expectStatus()
			.isNoContent()
			.expectBody()
			.returnResult();
		assertThat(setCookie(exchanged, COOKIE)).startsWith(COOKIE + "=" + token + "; Path=/; Max-Age=3600;")
			.endsWith("; Secure; HttpOnly; SameSite=Lax");
		this.client.get()
			.uri("/trymellon/session")
			.cookie(COOKIE, token)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.userId")
			.isEqualTo("user_dsl");
		this.client.delete().uri("/trymellon/session").cookie(COOKIE, token).exchange().expectStatus().isForbidden();
		this.client.delete()
			.uri("/trymellon/session")
			.cookie(COOKIE, token)
			.cookie("XSRF-TOKEN", CSRF)
			.header("X-XSRF-TOKEN", CSRF)
			.exchange()
			.expectStatus()
			.isNoContent();
		this.client.get()
			.uri("/api/me")
			.cookie(COOKIE, token)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("SESSION_REVOKED");
	}

	@Test
	void settingsGivenToTheDslTakePrecedenceOverTheBean() {
		String token = token("user_auth", "user", NOW);
		EntityExchangeResult<byte[]> exchanged = this.client.post()
			.uri("/auth/session")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange()
			.expectStatus()
			.isNoContent()
			.expectBody()
			.returnResult();
		assertThat(setCookie(exchanged, COOKIE)).startsWith(COOKIE + "=" + token + ";")
			.endsWith("; Secure; HttpOnly; SameSite=Strict");
		this.client.get()
			.uri("/auth/session")
			.cookie(COOKIE, token)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.userId")
			.isEqualTo("user_auth");
		// the bean's path is not an endpoint of that chain
		this.client.get()
			.uri("/auth/trymellon/session")
			.cookie(COOKIE, token)
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	@Configuration(proxyBeanMethods = false)
	static class Chains {

		@Bean
		@Order(1)
		SecurityWebFilterChain authChain(ServerHttpSecurity http, ApplicationContext context) {
			http.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/auth/**"));
			protect(http);
			return TryMellonReactiveConfigurer.tryMellon(context)
				.sessionCookie(SessionCookieSettings.withCookieName(COOKIE)
					.path("/auth/session")
					.sameSite(SessionCookieSettings.SameSite.STRICT)
					.build())
				.configure(http)
				.build();
		}

		@Bean
		@Order(2)
		SecurityWebFilterChain userChain(ServerHttpSecurity http, ApplicationContext context) {
			protect(http);
			return TryMellonReactiveConfigurer.tryMellon(context).configure(http).build();
		}

		private static void protect(ServerHttpSecurity http) {
			http.authorizeExchange((exchanges) -> exchanges.anyExchange().authenticated())
				.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
				.csrf((csrf) -> csrf.csrfTokenRepository(CookieServerCsrfTokenRepository.withHttpOnlyFalse())
					.csrfTokenRequestHandler(new ServerCsrfTokenRequestAttributeHandler())
					.accessDeniedHandler(new TryMellonServerAccessDeniedHandler()));
		}

	}

}
