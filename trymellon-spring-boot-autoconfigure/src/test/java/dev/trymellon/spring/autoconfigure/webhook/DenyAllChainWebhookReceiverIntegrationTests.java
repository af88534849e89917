package dev.trymellon.spring.autoconfigure.webhook;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application's chain denies every request, and has no exception for the webhook:
 * the webhook still works, and nothing else is opened.
 */
class DenyAllChainWebhookReceiverIntegrationTests extends AbstractWebhookReceiverIntegrationTests {

	DenyAllChainWebhookReceiverIntegrationTests() {
		super(DenyAllChain.class);
	}

	@Override
	int securedAnswer() {
		return 403;
	}

	@Test
	void evenTheOtherwiseOpenPathIsDenied() throws Exception {
		HttpResponse<String> response = get("/api/public");
		assertThat(response.statusCode()).isEqualTo(403);
	}

	@Configuration(proxyBeanMethods = false)
	static class DenyAllChain {

		@Bean
		SecurityFilterChain denyAll(HttpSecurity http) throws Exception {
			http.authorizeHttpRequests((requests) -> requests.anyRequest().denyAll());
			return http.build();
		}

	}

}
