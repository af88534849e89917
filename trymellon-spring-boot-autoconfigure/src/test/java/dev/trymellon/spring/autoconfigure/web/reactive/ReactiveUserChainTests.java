package dev.trymellon.spring.autoconfigure.web.reactive;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.trymellon.spring.web.reactive.TryMellonReactiveConfigurer;
import dev.trymellon.spring.web.reactive.TryMellonServerAccessDeniedHandler;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.csrf.CookieServerCsrfTokenRepository;
import org.springframework.security.web.server.csrf.ServerCsrfTokenRequestAttributeHandler;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * An application's own chain with the DSL, the token also in a cookie and CSRF protection
 * on: cookie-authenticated state-changing exchanges need the CSRF token, bearer-header ones
 * do not, and every refusal is TryMellon's answer.
 */
@SpringBootTest(classes = { ReactiveTestApplication.class, ReactiveUserChainTests.UserChain.class },
		properties = { "spring.main.web-application-type=reactive", "trymellon.client-id=client_test123" })
@AutoConfigureWebTestClient
class ReactiveUserChainTests {

	private static final String CSRF = "0123456789abcdef";

	WebTestClient client;

	@Autowired
	void client(WebTestClient client) {
		this.client = client.mutate().responseTimeout(Duration.ofSeconds(30)).build();
	}

	@Test
	void cookieTokenAuthenticatesAReadingExchange() {
		this.client.get()
			.uri("/api/me")
			.cookie("tm", ReactiveTestApplication.userToken())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("user_123 user_123 [ROLE_USER, FACTOR_BEARER]");
	}

	@Test
	void cookieTokenWithoutCsrfTokenIsRefused403WithoutChallenge() {
		this.client.post()
			.uri("/api/orders")
			.cookie("tm", ReactiveTestApplication.userToken())
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.doesNotExist(HttpHeaders.WWW_AUTHENTICATE)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("FORBIDDEN")
			.jsonPath("$.detail")
			.isEqualTo("The CSRF token is missing or invalid.");
	}

	@Test
	void cookieTokenWithCsrfTokenPasses() {
		this.client.post()
			.uri("/api/orders")
			.cookie("tm", ReactiveTestApplication.userToken())
			.cookie("XSRF-TOKEN", CSRF)
			.header("X-XSRF-TOKEN", CSRF)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("ordered by user_123");
	}

	@Test
	void bearerHeaderNeedsNoCsrfToken() {
		this.client.post()
			.uri("/api/orders")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + ReactiveTestApplication.userToken())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("ordered by user_123");
	}

	@Test
	void headerThatOnlyLooksLikeBearerKeepsCsrfProtection() {
		this.client.post()
			.uri("/api/orders")
			.header(HttpHeaders.AUTHORIZATION, "Bearerx " + ReactiveTestApplication.userToken())
			.cookie("tm", ReactiveTestApplication.userToken())
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("The CSRF token is missing or invalid.");
	}

	@Test
	void headerAndDifferentCookieIsRefused400OnAReadingExchange() {
		this.client.get()
			.uri("/api/me")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + ReactiveTestApplication.userToken())
			.cookie("tm", ReactiveTestApplication.adminToken())
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("INVALID_REQUEST");
	}

	@Test
	void noTokenIs401FromTheDslEntryPoint() {
		this.client.get()
			.uri("/api/me")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class UserChain {

		@Bean
		SecurityWebFilterChain userChain(ServerHttpSecurity http, ApplicationContext context) {
			http.authorizeExchange((exchanges) -> exchanges.anyExchange().authenticated())
				.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
				.csrf((csrf) -> csrf.csrfTokenRepository(CookieServerCsrfTokenRepository.withHttpOnlyFalse())
					.csrfTokenRequestHandler(new ServerCsrfTokenRequestAttributeHandler())
					.accessDeniedHandler(new TryMellonServerAccessDeniedHandler()));
			return TryMellonReactiveConfigurer.tryMellon(context).cookieName("tm").configure(http).build();
		}

	}

}
