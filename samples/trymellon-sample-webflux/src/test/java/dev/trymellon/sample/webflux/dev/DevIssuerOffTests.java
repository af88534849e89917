package dev.trymellon.sample.webflux.dev;

import org.junit.jupiter.api.Test;

import dev.trymellon.spring.test.AutoConfigureTryMellon;
import dev.trymellon.spring.test.TryMellonTestIssuer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample with the development issuer switched off, pointed at another issuer (the
 * test kit's) with ordinary properties, as in production: no development issuer, no
 * {@code /dev/tokens}, and the configured issuer's tokens accepted, as in the servlet
 * sample's {@code RealIssuerModeTests}.
 */
@SpringBootTest(properties = { "trymellon.sample.dev-issuer.enabled=false",
		"trymellon.webhook.signing-secrets=whsec_real_0123456789abcdef" })
@AutoConfigureWebTestClient
@AutoConfigureTryMellon(clientId = "client_real")
class DevIssuerOffTests {

	@Autowired
	WebTestClient client;

	@Autowired
	TryMellonTestIssuer issuer;

	@Autowired
	ApplicationContext context;

	@Test
	void noDevelopmentIssuerAndNoTokenEndpoint() {
		assertThat(this.context.getBeansOfType(TryMellonTestIssuer.class)).containsOnlyKeys("tryMellonTestIssuer");
		assertThat(this.context.containsBean("devTokenController")).isFalse();
		assertThat(this.context.containsBean("devIssuerBanner")).isFalse();
		this.client.post().uri("/dev/tokens?user=u1").exchange().expectStatus().isNotFound();
	}

	@Test
	void tokensOfTheConfiguredIssuer() {
		String admin = this.issuer.token().userId("u1").roles("admin").build();
		this.client.get()
			.uri("/api/admin")
			.header("Authorization", "Bearer " + admin)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.userId")
			.isEqualTo("u1");
		String otherApp = this.issuer.token().audience("sample-client").roles("admin").build();
		this.client.get()
			.uri("/api/admin")
			.header("Authorization", "Bearer " + otherApp)
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

}
