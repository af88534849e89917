package dev.trymellon.spring.autoconfigure.webhook;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * When the application has one {@link PlatformTransactionManager}, publishes each
 * webhook event inside a transaction, so that {@code @EventListener} methods share it
 * and {@code @TransactionalEventListener} methods run in their phase. A listener
 * failure rolls it back.
 *
 * @author TryMellon
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(PlatformTransactionManager.class)
class WebhookTransactionConfiguration {

	@Bean
	WebhookFilterCustomizer tryMellonWebhookTransactionCustomizer(
			ObjectProvider<PlatformTransactionManager> transactionManager, ApplicationEventPublisher publisher) {
		return (builder) -> transactionManager.ifUnique((manager) -> {
			TransactionTemplate transaction = new TransactionTemplate(manager);
			builder.eventPublisher(new TransactionalEventPublisher(transaction, publisher));
		});
	}

	/**
	 * Publishes every event inside a transaction.
	 */
	private record TransactionalEventPublisher(TransactionTemplate transaction,
			ApplicationEventPublisher delegate) implements ApplicationEventPublisher {

		@Override
		public void publishEvent(Object event) {
			this.transaction.executeWithoutResult((status) -> this.delegate.publishEvent(event));
		}

	}

}
