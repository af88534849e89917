package dev.trymellon.spring.autoconfigure.webhook;

import org.springframework.context.annotation.Configuration;

/**
 * The application declares no SecurityFilterChain: Boot's (or the starter's) default
 * chain applies, with CSRF on and every request authenticated.
 */
class DefaultChainWebhookReceiverIntegrationTests extends AbstractWebhookReceiverIntegrationTests {

	DefaultChainWebhookReceiverIntegrationTests() {
		super(NoChain.class);
	}

	@Override
	int securedAnswer() {
		return 401;
	}

	@Configuration(proxyBeanMethods = false)
	static class NoChain {

	}

}
