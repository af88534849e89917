package dev.trymellon.spring.autoconfigure.webhook;

import jakarta.servlet.Filter;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;

import dev.trymellon.spring.autoconfigure.TryMellonAutoConfiguration;
import dev.trymellon.spring.autoconfigure.TryMellonProperties;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * for the TryMellon webhook receiver. Active in a servlet web application once
 * {@code trymellon.webhook.signing-secrets} is set; without it the webhook path does not
 * exist. Defines the {@link dev.trymellon.spring.webhook.TryMellonWebhookReceiver} with a
 * {@link dev.trymellon.spring.webhook.WebhookSignatureVerifier} and an in-memory
 * {@link dev.trymellon.spring.webhook.ProcessedEventStore}, each replaceable by a bean of
 * the same type, and registers it as a servlet filter ordered ahead of Spring Security's
 * filter chain.
 *
 * @author TryMellon
 * @since 0.1.0
 */
@AutoConfiguration(after = TryMellonAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(Filter.class)
@Conditional(OnWebhookSigningSecretCondition.class)
@EnableConfigurationProperties(TryMellonProperties.class)
@Import({ WebhookReceiverConfiguration.class, WebhookServletConfiguration.class,
		WebhookTransactionConfiguration.class })
public final class TryMellonWebhookAutoConfiguration {

}
