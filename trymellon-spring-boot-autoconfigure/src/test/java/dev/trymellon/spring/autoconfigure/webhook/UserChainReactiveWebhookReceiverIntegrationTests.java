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
