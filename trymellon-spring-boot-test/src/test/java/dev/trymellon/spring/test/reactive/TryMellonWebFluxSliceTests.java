package dev.trymellon.spring.test.reactive;

import org.junit.jupiter.api.Test;

import dev.trymellon.spring.test.AutoConfigureTryMellon;
import dev.trymellon.spring.test.TryMellonTestIssuer;
import dev.trymellon.spring.test.security.WithTryMellonSession;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.trymellon.spring.test.security.TryMellonWebTestClientConfigurers.tryMellonSession;

/**
 * {@code @AutoConfigureTryMellon} in a {@code @WebFluxTest} slice: the TryMellon reactive
 * security is part of the slice, tokens of the test issuer pass it, the
 * {@code WebTestClient} configurer and {@code @WithTryMellonSession} run exchanges as a
 * session, and {@code @PreAuthorize} sees the mapped authorities. The application maps the
 * {@code roles} custom claim (an explicit opt-in).
 */
@WebFluxTest(controllers = ReactiveSecuredApplication.ApiController.class,
		properties = "trymellon.authorities.role-claims=roles")
@AutoConfigureTryMellon
class TryMellonWebFluxSliceTests {

	@Autowired
	WebTestClient client;

	@Autowired
	TryMellonTestIssuer issuer;

	@Test
	void tokenOfTheTestIssuerPassesAndPreAuthorizeSeesItsRoles() {
		String admin = this.issuer.token().userId("u1").roles("admin").build();
		this.client.get()
			.uri("/api/admin")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + admin)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.admin")
			.isEqualTo("u1");
		this.client.get()
			.uri("/api/admin")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + this.issuer.token().build())
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("FORBIDDEN");
	}

	@Test
	void noTokenIs401TokenMissing() {
		this.client.get()
			.uri("/api/me")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("TOKEN_MISSING");
	}

	@Test
	void configurerRunsTheExchangeAsTheSessionWithMappedAuthorities() {
		this.client.mutateWith(tryMellonSession().userId("u2").roles("admin"))
			.get()
			.uri("/api/admin")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.admin")
			.isEqualTo("u2");
		this.client.mutateWith(tryMellonSession().userId("u3"))
			.get()
			.uri("/api/admin")
			.exchange()
			.expectStatus()
			.isForbidden();
		this.client.mutateWith(tryMellonSession().userId("u4"))
			.get()
			.uri("/api/me")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.userId")
			.isEqualTo("u4");
	}

	@Test
	@WithTryMellonSession(userId = "u5", roles = "admin")
	void withTryMellonSessionRunsTheExchangeAsTheSession() {
		this.client.get()
			.uri("/api/admin")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.admin")
			.isEqualTo("u5");
	}

}
