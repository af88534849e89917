package dev.trymellon.spring.autoconfigure.webhook;

import java.util.List;

import jakarta.servlet.DispatcherType;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.trymellon.spring.autoconfigure.TryMellonProperties;
import dev.trymellon.spring.webhook.InMemoryProcessedEventStore;
import dev.trymellon.spring.webhook.ProcessedEventStore;
import dev.trymellon.spring.webhook.TryMellonWebhookFilter;
import dev.trymellon.spring.webhook.WebhookSignatureVerifier;

/**
 * The receiver filter, its signature verifier and its de-duplication store.
 *
 * @author TryMellon
 */
@Configuration(proxyBeanMethods = false)
class WebhookReceiverConfiguration {

	/**
	 * Order of the receiver filter relative to Spring Security's filter chain (whose
	 * order is {@code spring.security.filter.order}, -100 by default): always before it.
	 */
	static final int ORDER_BEFORE_SECURITY = 10;

	static final int MINIMUM_SECRET_LENGTH = 16;

	static final String SECRET_PREFIX = "whsec_";

	private static final String PREFIX = "trymellon.webhook.";

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
	@ConditionalOnMissingBean(name = "tryMellonWebhookFilterRegistration")
	FilterRegistrationBean<TryMellonWebhookFilter> tryMellonWebhookFilterRegistration(TryMellonProperties properties,
			WebhookSignatureVerifier verifier, ProcessedEventStore store, ApplicationEventPublisher publisher,
			ObjectProvider<WebhookFilterCustomizer> customizers, Environment environment) {
		TryMellonProperties.Webhook webhook = properties.getWebhook();
		// Checked here too, as an application's own verifier bean skips the method above.
		checkedSecrets(webhook.getSigningSecrets(), webhook.isAllowShortSecrets(), false);
		TryMellonWebhookFilter.Builder builder = TryMellonWebhookFilter.builder(verifier, store, publisher);
		check(TryMellonWebhookFilter.Builder.isValidPath(webhook.getPath()), "path", webhook.getPath(),
				"must be an absolute path such as '/webhooks/trymellon', made of letters, digits and '-._~', "
						+ "without empty or dot segments or a trailing '/'");
		builder.path(webhook.getPath());
		List<String> headers = webhook.getSignatureHeaders();
		check(!headers.isEmpty() && headers.stream().allMatch(WebhookReceiverConfiguration::isToken),
				"signature-headers", headers, "must list at least one header name");
		builder.signatureHeaders(headers);
		check(!webhook.getTolerance().isNegative(), "tolerance", webhook.getTolerance(),
				"must not be negative (zero turns the check off)");
		builder.tolerance(webhook.getTolerance());
		check(webhook.getMaxBodySize().toBytes() > 0, "max-body-size", webhook.getMaxBodySize(), "must be positive");
		builder.maxBodySize(webhook.getMaxBodySize().toBytes());
		check(isPositive(webhook.getReplayTtl().getSeconds()), "replay-ttl", webhook.getReplayTtl(),
				"must be at least one second");
		builder.replayTtl(webhook.getReplayTtl());
		check(isPositive(webhook.getProcessingLease().getSeconds()), "processing-lease",
				webhook.getProcessingLease(), "must be at least one second");
		builder.processingLease(webhook.getProcessingLease());
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		FilterRegistrationBean<TryMellonWebhookFilter> registration = new FilterRegistrationBean<>(builder.build());
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

	private static boolean isPositive(long seconds) {
		return seconds > 0;
	}

	private static boolean isToken(String header) {
		return header != null && !header.isBlank() && header.chars().allMatch((c) -> c > 32 && c < 127 && c != ':');
	}

	private static void check(boolean valid, String property, Object value, String reason) {
		if (!valid) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + property, value, reason);
		}
	}

}
