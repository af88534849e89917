package dev.trymellon.spring.autoconfigure.webhook;


import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code trymellon.webhook.signing-secrets} is set, even to an empty or
 * blank value: an empty value then fails the startup instead of silently leaving the
 * webhook switched off.
 *
 * @author TryMellon
 */
class OnWebhookSigningSecretCondition extends SpringBootCondition {

	static final String PROPERTY = "trymellon.webhook.signing-secrets";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("TryMellon webhook signing secret");
		boolean bound = Binder.get(context.getEnvironment())
			.bind(PROPERTY, Bindable.listOf(String.class))
			.isBound();
		if (bound || context.getEnvironment().containsProperty(PROPERTY)) {
			return ConditionOutcome.match(message.found("property").items(PROPERTY));
		}
		return ConditionOutcome.noMatch(message.didNotFind("property").items(PROPERTY));
	}


}
