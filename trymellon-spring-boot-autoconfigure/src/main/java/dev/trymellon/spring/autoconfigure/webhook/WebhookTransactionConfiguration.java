package dev.trymellon.spring.autoconfigure.webhook;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * When the application has one (or a primary) {@link PlatformTransactionManager},
 * publishes each webhook event inside a transaction, so that {@code @EventListener}
 * methods share it and {@code @TransactionalEventListener} methods run in their phase.
 * A listener failure rolls it back. The transaction manager is looked up at the first
 * delivery, not when the receiver is built, so that the web server's start does not
 * pull in the persistence infrastructure early.
 *
 * @author TryMellon
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(PlatformTransactionManager.class)
class WebhookTransactionConfiguration {

	@Bean
	WebhookReceiverCustomizer tryMellonWebhookTransactionCustomizer(
			ObjectProvider<PlatformTransactionManager> transactionManager, ApplicationEventPublisher publisher) {
		return (builder) -> builder.eventPublisher(new TransactionalEventPublisher(transactionManager, publisher));
	}

	/**
	 * Publishes every event inside a transaction when there is a transaction manager.
	 */
	static final class TransactionalEventPublisher implements ApplicationEventPublisher {

		private final ObjectProvider<PlatformTransactionManager> transactionManager;

		private final ApplicationEventPublisher delegate;

		private volatile @Nullable TransactionTemplate transaction;

		TransactionalEventPublisher(ObjectProvider<PlatformTransactionManager> transactionManager,
				ApplicationEventPublisher delegate) {
			this.transactionManager = transactionManager;
			this.delegate = delegate;
		}

		@Override
		public void publishEvent(Object event) {
			TransactionTemplate transaction = transaction();
			if (transaction == null) {
				this.delegate.publishEvent(event);
				return;
			}
			transaction.executeWithoutResult((status) -> this.delegate.publishEvent(event));
		}

		private @Nullable TransactionTemplate transaction() {
			TransactionTemplate transaction = this.transaction;
			if (transaction == null) {
				PlatformTransactionManager manager = this.transactionManager.getIfUnique();
				if (manager != null) {
					transaction = new TransactionTemplate(manager);
					this.transaction = transaction;
				}
			}
			return transaction;
		}

	}

}
