package dev.trymellon.spring.autoconfigure.webhook;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.trymellon.spring.webhook.TryMellonWebhookReceiver;
import dev.trymellon.spring.webhook.reactive.TryMellonWebhookWebFilter;

/**
 * The receiver as a {@code WebFilter}, ordered ahead of Spring Security's
 * {@code WebFilterChainProxy}.
 *
 * @author TryMellon
 */
@Configuration(proxyBeanMethods = false)
class WebhookReactiveConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TryMellonWebhookWebFilter tryMellonWebhookWebFilter(TryMellonWebhookReceiver receiver) {
		return new TryMellonWebhookWebFilter(receiver);
	}

}
