package dev.trymellon.spring.autoconfigure.webhook;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

import dev.trymellon.spring.autoconfigure.TryMellonProperties;
import dev.trymellon.spring.webhook.DeliveryListener;
import dev.trymellon.spring.webhook.DeliveryObserver;
import dev.trymellon.spring.webhook.InMemoryProcessedEventStore;
import dev.trymellon.spring.webhook.ProcessedEventStore;
import dev.trymellon.spring.webhook.StoreOutageHandler;
import dev.trymellon.spring.webhook.TryMellonWebhookReceiver;
import dev.trymellon.spring.webhook.WebhookSignatureVerifier;

import static dev.trymellon.spring.autoconfigure.PropertyChecks.checked;

/**
 * The receiver, whatever the web stack, with its signature verifier and its
 * de-duplication store.
 *
 * @author TryMellon
 */
@Configuration(proxyBeanMethods = false)
class WebhookReceiverConfiguration {

	static final int MINIMUM_SECRET_LENGTH = 16;

	static final String SECRET_PREFIX = "whsec_";

	private static final String PREFIX = "trymellon.webhook.";

	private static final String JACKSON = "tools.jackson.databind.json.JsonMapper";

	private static final Log logger = LogFactory.getLog(WebhookReceiverConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	WebhookSignatureVerifier tryMellonWebhookSignatureVerifier(TryMellonProperties properties) {
		TryMellonProperties.Webhook webhook = properties.getWebhook();
		return new WebhookSignatureVerifier(
				checkedSecrets(webhook.getSigningSecrets(), webhook.isAllowShortSecrets(), true));
	}

	@Bean
	@ConditionalOnMissingBean
	ProcessedEventStore tryMellonProcessedEventStore() {
		return new InMemoryProcessedEventStore();
	}

	@Bean
	@ConditionalOnMissingBean
	TryMellonWebhookReceiver tryMellonWebhookReceiver(TryMellonProperties properties,
			WebhookSignatureVerifier verifier, ProcessedEventStore store, ApplicationEventPublisher publisher,
			ObjectProvider<WebhookReceiverCustomizer> customizers, ObjectProvider<DeliveryListener> listeners,
			ObjectProvider<DeliveryObserver> observer, ObjectProvider<StoreOutageHandler> outageHandlers,
			ResourceLoader resourceLoader) {
		TryMellonProperties.Webhook webhook = properties.getWebhook();
		// Checked here too, as an application's own verifier bean skips the method above.
		checkedSecrets(webhook.getSigningSecrets(), webhook.isAllowShortSecrets(), false);
		if (!ClassUtils.isPresent(JACKSON, resourceLoader.getClassLoader())) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "signing-secrets", "(not shown)",
					"The webhook receiver reads the payloads with Jackson 3 (tools.jackson.core:jackson-databind), "
							+ "which is not on the classpath. Add it (spring-boot-starter-webmvc and "
							+ "spring-boot-starter-webflux bring it), or remove the property to switch the receiver off.");
		}
		TryMellonWebhookReceiver.Builder builder = TryMellonWebhookReceiver.builder(verifier, store, publisher);
		PropertyMapper map = PropertyMapper.get();
		map.from(webhook::getPath)
			.to(checked(PREFIX + "path", "must be an absolute path such as '/webhooks/trymellon', made of letters, "
					+ "digits and '-._~', without empty or dot segments or a trailing '/'", builder::path));
		map.from(webhook::getSignatureHeaders)
			.to(checked(PREFIX + "signature-headers", "must list at least one header name", builder::signatureHeaders));
		map.from(webhook::getTolerance)
			.to(checked(PREFIX + "tolerance", "must not be negative (zero turns the check off)", builder::tolerance));
		map.from(webhook::getMaxBodySize)
			.to(checked(PREFIX + "max-body-size", "must be positive", (size) -> builder.maxBodySize(size.toBytes())));
		map.from(webhook::getReplayTtl)
			.to(checked(PREFIX + "replay-ttl", "must be at least one second", builder::replayTtl));
		map.from(webhook::getProcessingLease)
			.to(checked(PREFIX + "processing-lease", "must be at least one second", builder::processingLease));
		DeliveryListener listener = listener(listeners.orderedStream().toList());
		if (listener != null) {
			builder.listener(listener);
		}
		observer.ifUnique(builder::observer);
		outageHandlers.orderedStream().forEach(builder::storeOutageHandler);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	private static @Nullable DeliveryListener listener(List<DeliveryListener> listeners) {
		if (listeners.size() <= 1) {
			return listeners.isEmpty() ? null : listeners.get(0);
		}
		DeliveryListener[] all = listeners.toArray(new DeliveryListener[0]);
		return (result) -> {
			for (DeliveryListener listener : all) {
				listener.delivered(result);
			}
		};
	}

	/**
	 * Refuses an empty list, an empty or blank entry and, unless allowed, a secret with
	 * fewer than {@value #MINIMUM_SECRET_LENGTH} characters after an optional
	 * {@code whsec_} prefix. Messages name the entry, never a secret's value.
	 */
	private static List<String> checkedSecrets(List<String> secrets, boolean allowShort, boolean warn) {
		String name = PREFIX + "signing-secrets";
		if (secrets.isEmpty()) {
			throw new InvalidConfigurationPropertyValueException(name, "",
					"At least one signing secret is required. Set it to the webhook signing secret of the "
							+ "TryMellon application, or remove the property to switch the webhook receiver off.");
		}
		for (int i = 0; i < secrets.size(); i++) {
			String secret = secrets.get(i);
			String entry = name + "[" + i + "]";
			if (secret == null || secret.isBlank()) {
				throw new InvalidConfigurationPropertyValueException(entry, "",
						"Entry " + i + " of the list of " + secrets.size() + " signing secrets is empty or blank, "
								+ "typically a variable in the list that is not set (such as '${NEW_SECRET:}' in "
								+ "'${OLD_SECRET},${NEW_SECRET:}' while rotating). Set the variable, or remove the "
								+ "entry from '" + name + "'.");
			}
			if (significantLength(secret) < MINIMUM_SECRET_LENGTH) {
				if (!allowShort) {
					throw new InvalidConfigurationPropertyValueException(entry, "(not shown)",
							"The signing secret has fewer than " + MINIMUM_SECRET_LENGTH + " characters after "
									+ "the optional '" + SECRET_PREFIX + "' prefix, so it could be guessed and "
									+ "every event forged. Use the webhook signing secret TryMellon generated "
									+ "for the application; for a test with a made-up secret only, set '" + PREFIX
									+ "allow-short-secrets=true'.");
				}
				if (warn) {
					logger.warn("The TryMellon webhook signing secret " + entry + " has fewer than "
							+ MINIMUM_SECRET_LENGTH + " characters after the optional '" + SECRET_PREFIX
							+ "' prefix and is accepted only because " + PREFIX
							+ "allow-short-secrets=true: never in production.");
				}
			}
		}
		return secrets;
	}

	private static int significantLength(String secret) {
		String significant = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
		return significant.codePointCount(0, significant.length());
	}

}
