package dev.trymellon.spring.test.devissuer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.test.TryMellonTestIssuer;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code POST /dev/tokens} answers the same on Spring MVC and WebFlux: a token to a
 * loopback client, {@code 403} to any other, {@code 400} to an invalid request.
 */
class DevelopmentTokenEndpointTests {

	private final TryMellonTestIssuer issuer = TryMellonTestIssuer.start();

	private final DevelopmentTokens tokens = new DevelopmentTokens(this.issuer);

	@AfterEach
	void stop() {
		this.issuer.close();
	}

	@Test
	void servletAnswersLoopbackClients() throws Exception {
		MockMvc mvc = MockMvcBuilders.standaloneSetup(DevelopmentTokenEndpoint.servlet(this.tokens)).build();
		for (String address : new String[] { "127.0.0.1", "::1", "0:0:0:0:0:0:0:1", "127.0.0.2" }) {
			MvcResult result = mvc.perform(post("/dev/tokens").param("user", "u1").param("roles", "admin")
				.with((request) -> {
					request.setRemoteAddr(address);
					return request;
				})).andExpect(status().isOk()).andExpect(jsonPath("$.token").isString()).andReturn();
			assertMinted(result.getResponse().getContentAsString(), "u1");
		}
	}

	@Test
	void servletRefusesOtherClients() throws Exception {
		MockMvc mvc = MockMvcBuilders.standaloneSetup(DevelopmentTokenEndpoint.servlet(this.tokens)).build();
		for (String address : new String[] { "203.0.113.7", "10.0.0.1", "::ffff:203.0.113.7", "localhost", "" }) {
			mvc.perform(post("/dev/tokens").param("user", "u1").with((request) -> {
				request.setRemoteAddr(address);
				return request;
			}))
				.andExpect(status().isForbidden())
				.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
				.andExpect(jsonPath("$.status").value(403))
				.andExpect(jsonPath("$.token").doesNotExist());
		}
	}

	@Test
	void servletRefusesInvalidParameters() throws Exception {
		MockMvc mvc = MockMvcBuilders.standaloneSetup(DevelopmentTokenEndpoint.servlet(this.tokens)).build();
		mvc.perform(post("/dev/tokens")).andExpect(status().isBadRequest());
		mvc.perform(post("/dev/tokens").param("user", " ")).andExpect(status().isBadRequest());
		mvc.perform(post("/dev/tokens").param("user", "u1").param("roles", "admin\nx"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.token").doesNotExist());
		mvc.perform(post("/dev/tokens").param("user", "u".repeat(257))).andExpect(status().isBadRequest());
	}

	@Test
	void reactiveAnswersLoopbackClients() throws Exception {
		for (String address : new String[] { "127.0.0.1", "::1", "127.0.0.2" }) {
			String body = reactive(new InetSocketAddress(InetAddress.getByName(address), 40000)).post()
				.uri("/dev/tokens?user=u1&roles=admin")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.returnResult()
				.getResponseBody();
			assertMinted(body, "u1");
		}
	}

	@Test
	void reactiveRefusesOtherClients() throws Exception {
		for (String address : new String[] { "203.0.113.7", "10.0.0.1", "::ffff:203.0.113.7" }) {
			reactive(new InetSocketAddress(InetAddress.getByName(address), 40000)).post()
				.uri("/dev/tokens?user=u1")
				.exchange()
				.expectStatus()
				.isForbidden()
				.expectHeader()
				.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.status")
				.isEqualTo(403)
				.jsonPath("$.token")
				.doesNotExist();
		}
		reactive(InetSocketAddress.createUnresolved("localhost", 40000)).post()
			.uri("/dev/tokens?user=u1")
			.exchange()
			.expectStatus()
			.isForbidden();
		// The mock server's requests carry no remote address.
		reactive(null).post().uri("/dev/tokens?user=u1").exchange().expectStatus().isForbidden();
	}

	@Test
	void reactiveRefusesInvalidParameters() throws Exception {
		WebTestClient client = reactive(new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000));
		client.post().uri("/dev/tokens").exchange().expectStatus().isBadRequest();
		client.post().uri(URI.create("/dev/tokens?user=%20")).exchange().expectStatus().isBadRequest();
		client.post()
			.uri(URI.create("/dev/tokens?user=u1&roles=admin%0Ax"))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.token")
			.doesNotExist();
		client.post().uri("/dev/tokens?user=" + "u".repeat(257)).exchange().expectStatus().isBadRequest();
	}

	/** A client of the reactive endpoint whose requests come from the given address. */
	private WebTestClient reactive(@Nullable InetSocketAddress remoteAddress) {
		WebTestClient.ControllerSpec spec = WebTestClient
			.bindToController(DevelopmentTokenEndpoint.reactive(this.tokens));
		if (remoteAddress != null) {
			spec.webFilter((exchange, chain) -> chain
				.filter(exchange.mutate().request((request) -> request.remoteAddress(remoteAddress)).build()));
		}
		return spec.build();
	}

	private void assertMinted(@Nullable String body, String user) throws Exception {
		String token = (String) JSONObjectUtils.parse(body).get("token");
		Map<String, Object> claims = SignedJWT.parse(token).getJWTClaimsSet().getClaims();
		assertThat(claims).containsEntry("user_id", user)
			.containsEntry(TryMellonSession.CUSTOM_CLAIMS_NAMESPACE, Map.of("roles", "admin"));
		assertThat(SignedJWT.parse(token).getHeader().getKeyID()).isEqualTo(this.issuer.getKeyId());
	}

}
