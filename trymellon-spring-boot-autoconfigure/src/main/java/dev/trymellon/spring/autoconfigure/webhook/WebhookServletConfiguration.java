package dev.trymellon.spring.autoconfigure.webhook;

import jakarta.servlet.DispatcherType;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.trymellon.spring.webhook.TryMellonWebhookReceiver;
import dev.trymellon.spring.webhook.servlet.TryMellonWebhookFilter;

/**
 * The receiver as a servlet filter, registered ahead of Spring Security's filter chain.
 *
 * @author TryMellon
 */
@Configuration(proxyBeanMethods = false)
class WebhookServletConfiguration {

	/**
	 * Order of the receiver filter relative to Spring Security's filter chain (whose
	 * order is {@code spring.security.filter.order}, -100 by default): always before it.
	 */
	static final int ORDER_BEFORE_SECURITY = 10;

	@Bean
	@ConditionalOnMissingBean(name = "tryMellonWebhookFilterRegistration")
	FilterRegistrationBean<TryMellonWebhookFilter> tryMellonWebhookFilterRegistration(
			TryMellonWebhookReceiver receiver, Environment environment) {
		FilterRegistrationBean<TryMellonWebhookFilter> registration = new FilterRegistrationBean<>(
				new TryMellonWebhookFilter(receiver));
		registration.setName("tryMellonWebhookFilter");
		registration.setDispatcherTypes(DispatcherType.REQUEST);
		registration.setOrder(order(environment));
		return registration;
	}

	static int order(Environment environment) {
		int securityOrder = environment.getProperty("spring.security.filter.order", Integer.class,
				SecurityFilterProperties.DEFAULT_FILTER_ORDER);
		return Math.min(securityOrder, SecurityFilterProperties.DEFAULT_FILTER_ORDER) - ORDER_BEFORE_SECURITY;
	}

}
