package dev.trymellon.spring.autoconfigure.web.reactive;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.web.TryMellonAuthentication;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.event.AbstractAuthenticationEvent;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Security's authentication events in a reactive application, as the servlet side
 * publishes them ({@code StubVerifierMockMvcTests}): {@code @EventListener} methods on
 * {@link AuthenticationSuccessEvent} and {@link AbstractAuthenticationFailureEvent} see
 * each verified and each refused token of the default chain, and nothing for an exchange
 * without a token.
 */
@SpringBootTest(classes = { ReactiveTestApplication.class, ReactiveAuthenticationEventsTests.Listeners.class },
		properties = { "spring.main.web-application-type=reactive", "trymellon.client-id=client_test123",
				"trymellon.security.permit-paths=/public/**" })
@AutoConfigureWebTestClient
class ReactiveAuthenticationEventsTests {

	WebTestClient client;

	@Autowired
	Listeners listeners;

	@Autowired
	void client(WebTestClient client) {
		this.client = client.mutate().responseTimeout(Duration.ofSeconds(30)).build();
	}

	@BeforeEach
	void clear() {
		this.listeners.events.clear();
	}

	@Test
	void verifiedTokenPublishesOneSuccessEventWithTheAuthentication() {
		this.client.get()
			.uri("/api/me")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + ReactiveTestApplication.userToken())
			.exchange()
			.expectStatus()
			.isOk();
		assertThat(this.listeners.events).singleElement()
			.isInstanceOfSatisfying(AuthenticationSuccessEvent.class, (event) -> {
				assertThat(event.getAuthentication()).isInstanceOf(TryMellonAuthentication.class);
				assertThat(event.getAuthentication().getName()).isEqualTo("user_123");
				assertThat(event.getAuthentication().getPrincipal()).isInstanceOf(TryMellonSession.class);
			});
	}

	@Test
	void refusedTokenPublishesTheBadCredentialsEventCarryingTheCode() {
		this.client.get()
			.uri("/api/me")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + ReactiveTestApplication.expiredToken())
			.exchange()
			.expectStatus()
			.isUnauthorized();
		assertThat(this.listeners.events).singleElement()
			.isInstanceOfSatisfying(AuthenticationFailureBadCredentialsEvent.class,
					(event) -> assertThat(event.getException().getCause()).isInstanceOfSatisfying(
							SessionTokenException.class,
							(cause) -> assertThat(cause.getErrorCode()).isEqualTo(TryMellonErrorCode.SESSION_EXPIRED)));
	}

	@Test
	void exchangeWithoutTokenPublishesNoEvent() {
		this.client.get().uri("/api/me").exchange().expectStatus().isUnauthorized();
		this.client.get().uri("/public/hello").exchange().expectStatus().isOk();
		assertThat(this.listeners.events).isEmpty();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Listeners {

		final List<AbstractAuthenticationEvent> events = new CopyOnWriteArrayList<>();

		@EventListener
		void onSuccess(AuthenticationSuccessEvent event) {
			this.events.add(event);
		}

		@EventListener
		void onFailure(AbstractAuthenticationFailureEvent event) {
			this.events.add(event);
		}

		@Bean
		String listenersMarker() {
			return "listeners";
		}

	}

}
