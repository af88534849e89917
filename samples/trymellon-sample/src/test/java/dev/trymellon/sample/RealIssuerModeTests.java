package dev.trymellon.sample;

import org.junit.jupiter.api.Test;

import dev.trymellon.spring.test.AutoConfigureTryMellon;
import dev.trymellon.spring.test.TryMellonTestIssuer;
import dev.trymellon.spring.test.TryMellonWebhooks;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.servlet.MockMvc;

import static dev.trymellon.spring.test.security.TryMellonRequestPostProcessors.tryMellonSession;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The sample pointed at another issuer with ordinary properties and the development
 * issuer off, as in production; the test kit's issuer plays TryMellon.
 */
@SpringBootTest(properties = { "trymellon.sample.dev-issuer.enabled=false",
		"trymellon.webhook.signing-secrets=whsec_real_0123456789abcdef" })
@AutoConfigureMockMvc
@AutoConfigureTryMellon(clientId = "client_real")
class RealIssuerModeTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	TryMellonTestIssuer issuer;

	@Autowired
	ApplicationContext context;

	@Test
	void noDevelopmentIssuerAndNoTokenEndpoint() throws Exception {
		assertThat(this.context.getBeansOfType(TryMellonTestIssuer.class)).containsOnlyKeys("tryMellonTestIssuer");
		assertThat(this.context.containsBean("devTokenController")).isFalse();
		assertThat(this.context.containsBean("devIssuerBanner")).isFalse();
		this.mvc.perform(post("/dev/tokens").param("user", "u1")).andExpect(status().isNotFound());
	}

	@Test
	void tokensOfTheConfiguredIssuer() throws Exception {
		String admin = this.issuer.token().userId("u1").roles("admin").build();
		this.mvc.perform(get("/api/admin").header("Authorization", "Bearer " + admin))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.userId").value("u1"));
		String otherApp = this.issuer.token().audience("sample-client").roles("admin").build();
		this.mvc.perform(get("/api/admin").header("Authorization", "Bearer " + otherApp))
			.andExpect(status().isUnauthorized());
	}

	@Test
	void sessionsAndWebhooksWithTheKit() throws Exception {
		this.mvc.perform(get("/api/me").with(tryMellonSession().userId("u2").tenantId("t2")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.tenantId").value("t2"));
		TryMellonWebhooks webhooks = TryMellonWebhooks.withSecret("whsec_real_0123456789abcdef");
		this.mvc.perform(webhooks.event("session.logout").data("user_id", "u2").post()).andExpect(status().isOk());
		this.mvc.perform(TryMellonWebhooks.withSecret("whsec_sample_development_only").event("session.logout").post())
			.andExpect(status().isUnauthorized());
	}

}
