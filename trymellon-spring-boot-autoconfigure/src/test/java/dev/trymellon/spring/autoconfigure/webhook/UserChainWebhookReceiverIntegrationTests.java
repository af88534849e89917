package dev.trymellon.spring.autoconfigure.webhook;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application declares its own chain (one open path, the rest authenticated), with
 * no rule for the webhook.
 */
class UserChainWebhookReceiverIntegrationTests extends AbstractWebhookReceiverIntegrationTests {

	UserChainWebhookReceiverIntegrationTests() {
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
		SecurityFilterChain userChain(HttpSecurity http) throws Exception {
			http.authorizeHttpRequests((requests) -> requests.requestMatchers("/api/public")
				.permitAll()
				.anyRequest()
				.authenticated()).httpBasic(Customizer.withDefaults());
			return http.build();
		}

	}

}
