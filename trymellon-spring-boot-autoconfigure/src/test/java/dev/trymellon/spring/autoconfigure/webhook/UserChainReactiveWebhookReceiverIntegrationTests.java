package dev.trymellon.spring.autoconfigure.webhook;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.server.SecurityWebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reactive application declares its own chain (one open path, the rest authenticated
 * with HTTP Basic, CSRF off), with no rule for the webhook.
 */
class UserChainReactiveWebhookReceiverIntegrationTests extends AbstractReactiveWebhookReceiverIntegrationTests {

	UserChainReactiveWebhookReceiverIntegrationTests() {
		super(UserChain.class);
	}

	@Override
	int securedAnswer() {
		return 401;
	}

	@Test
	void theApplicationsOpenPathStillWorks() throws Exception {
		HttpResponse<String> response = get("/api/public");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("public");
	}

	/**
	 * Back-to-back requests on one keep-alive connection, each answered before the next is
	 * sent: refusals by the application's security and the receiver's answers alternate.
	 * Reactor Netty 1.3.6 to 1.3.8 can leave one of them unanswered
	 * (reactor/reactor-netty#4361): in this class it happened within a few hundred
	 * requests until the build ran every test JVM with
	 * {@code reactor.netty.http.server.lastFlushWhenNoRead=true}; this test keeps that
	 * setting from being lost.
	 */
	@Test
	void backToBackRequestsOnOneKeepAliveConnectionAreAllAnswered() throws Exception {
		String body = "{\"id\":\"evt_keep_alive\",\"type\":\"session.revoked\"}";
		for (int i = 0; i < 1000; i++) {
			for (String path : new String[] { "/webhooks/trymellon/", "/x/../webhooks/trymellon", "/api/orders",
					"/webhooks/trymellon" }) {
				assertThat(post(path, body, null).statusCode()).as("round %d, %s", i, path).isIn(400, 401);
			}
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class UserChain {

		@Bean
		SecurityWebFilterChain userChain(ServerHttpSecurity http) {
			http.authorizeExchange((exchanges) -> exchanges.pathMatchers("/api/public")
				.permitAll()
				.anyExchange()
				.authenticated())
				.httpBasic(Customizer.withDefaults())
				.csrf(ServerHttpSecurity.CsrfSpec::disable);
			return http.build();
		}

		@Bean
		MapReactiveUserDetailsService users() {
			return new MapReactiveUserDetailsService(
					User.withUsername("user").password("{noop}password").roles("USER").build());
		}

	}

}
