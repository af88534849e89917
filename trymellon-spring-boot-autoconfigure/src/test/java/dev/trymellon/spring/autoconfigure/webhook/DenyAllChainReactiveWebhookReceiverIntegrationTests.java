package dev.trymellon.spring.autoconfigure.webhook;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reactive application's chain denies every exchange, and has no exception for the
 * webhook: the webhook still works, and nothing else is opened.
 */
class DenyAllChainReactiveWebhookReceiverIntegrationTests extends AbstractReactiveWebhookReceiverIntegrationTests {

	DenyAllChainReactiveWebhookReceiverIntegrationTests() {
		super(DenyAllChain.class);
	}

	@Override
	int securedAnswer() {
		// a POST without a CSRF token is refused before authorization
		return 403;
	}

	@Test
	void evenTheOtherwiseOpenPathIsDenied() throws Exception {
		// reactive Spring Security sends an anonymous exchange it denies to the entry point
		HttpResponse<String> response = get("/api/public");
		assertThat(response.statusCode()).isEqualTo(401);
	}

	@Configuration(proxyBeanMethods = false)
	static class DenyAllChain {

		@Bean
		SecurityWebFilterChain denyAll(ServerHttpSecurity http) {
			http.authorizeExchange((exchanges) -> exchanges.anyExchange().denyAll());
			return http.build();
		}

	}

}
