package dev.trymellon.spring.autoconfigure.remote.reactive;

import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.trymellon.spring.autoconfigure.remote.reactive.FakeApi.post;
import static dev.trymellon.spring.autoconfigure.remote.reactive.FakeApi.token;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @TryMellonVerifyOnline} holds under a chain of the application's without
 * TryMellon authentication: the annotation is enforced by the dispatch, not by a filter of
 * a chain, so such a chain can not turn it into a silent pass; with no TryMellon session
 * to confirm, the exchange is refused.
 */
@SpringBootTest(classes = ReactiveOnlineCheckApplication.ForeignChain.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive", "trymellon.client-id=client_test123",
				"trymellon.app-id=app_1", "trymellon.remote.max-retries=0" })
@AutoConfigureWebTestClient
class ReactiveOnlineCheckForeignChainTests {

	private static final MockWebServer server = FakeApi.start();

	@Autowired
	WebTestClient client;

	@DynamicPropertySource
	static void api(DynamicPropertyRegistry registry) {
		registry.add("trymellon.api-base-url", () -> server.url("/").toString());
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void annotatedMethodWithoutTryMellonAuthenticationIsRefused() {
		post(this.client, "/admin/grant", token()).expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("TOKEN_MISSING");
		assertThat(server.getRequestCount()).isZero();
	}

	@Test
	void methodWithoutTheAnnotationIsLeftToTheChain() {
		this.client.post().uri("/api/transfer").exchange().expectStatus().isOk();
	}

}
