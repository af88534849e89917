package dev.trymellon.spring.autoconfigure.webhook;

import org.springframework.context.annotation.Configuration;

/**
 * The reactive application declares no SecurityWebFilterChain: the starter's default
 * chain applies, and every exchange needs a TryMellon session.
 */
class DefaultChainReactiveWebhookReceiverIntegrationTests extends AbstractReactiveWebhookReceiverIntegrationTests {

	DefaultChainReactiveWebhookReceiverIntegrationTests() {
		super(NoChain.class);
	}

	@Override
	int securedAnswer() {
		// the starter's default chain: stateless, a TryMellon session on every exchange
		return 401;
	}

	@Configuration(proxyBeanMethods = false)
	static class NoChain {

	}

}
