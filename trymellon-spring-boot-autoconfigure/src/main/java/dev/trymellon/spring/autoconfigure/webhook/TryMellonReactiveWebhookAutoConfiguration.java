package dev.trymellon.spring.autoconfigure.webhook;

import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;
import org.springframework.web.server.WebFilter;

import dev.trymellon.spring.autoconfigure.TryMellonAutoConfiguration;
import dev.trymellon.spring.autoconfigure.TryMellonProperties;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * for the TryMellon webhook receiver in a reactive web application, the counterpart of
 * {@link TryMellonWebhookAutoConfiguration}: active once
 * {@code trymellon.webhook.signing-secrets} is set, it defines the same
 * {@link dev.trymellon.spring.webhook.TryMellonWebhookReceiver} (same properties, same
 * replaceable verifier and store, same transactions and listeners) and exposes it as a
 * {@link dev.trymellon.spring.webhook.reactive.TryMellonWebhookWebFilter} ordered ahead of
 * Spring Security's {@code WebFilterChainProxy}, replaceable by a bean of that type.
 *
 * @author TryMellon
 * @since 0.2.0
 */
@AutoConfiguration(after = TryMellonAutoConfiguration.class,
		afterName = "dev.trymellon.spring.autoconfigure.redis.TryMellonRedisAutoConfiguration",
		beforeName = "dev.trymellon.spring.autoconfigure.actuate.TryMellonWebhookMetricsAutoConfiguration")
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnClass({ WebFilter.class, Mono.class })
@Conditional(OnWebhookSigningSecretCondition.class)
@EnableConfigurationProperties(TryMellonProperties.class)
@Import({ WebhookReceiverConfiguration.class, WebhookReactiveConfiguration.class,
		WebhookTransactionConfiguration.class })
public final class TryMellonReactiveWebhookAutoConfiguration {

}
