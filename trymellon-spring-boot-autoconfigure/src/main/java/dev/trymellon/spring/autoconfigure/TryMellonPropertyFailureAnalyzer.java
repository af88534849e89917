package dev.trymellon.spring.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Explains a {@code trymellon.*} property the starter refused at startup: the property,
 * where it was set, its value (never for a secret), why, and the fix for that property.
 * Runs before Spring Boot's generic analyzer of the same exception, which would print a
 * secret's value and only say "review the value"; other properties are left to it.
 */
class TryMellonPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigurationPropertyValueException>
		implements Ordered {

	private final @Nullable Environment environment;

	TryMellonPropertyFailureAnalyzer(@Nullable Environment environment) {
		this.environment = environment;
	}

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, InvalidConfigurationPropertyValueException cause) {
		String name = cause.getName();
		if (!name.startsWith("trymellon.")) {
			return null;
		}
		StringBuilder description = new StringBuilder("TryMellon cannot start with the configuration property '")
			.append(name)
			.append("'");
		Origin origin = origin(name);
		if (origin != null) {
			description.append(" (from ").append(origin).append(")");
		}
		Object value = cause.getValue();
		if (value != null && !TryMellonPropertyFixes.isSecret(name) && !"(not shown)".equals(value)
				&& !"".equals(value)) {
			description.append(", value '").append(value).append("'");
		}
		description.append(":").append(System.lineSeparator()).append(System.lineSeparator());
		description.append("    ").append(cause.getReason());
		return new FailureAnalysis(description.toString(), TryMellonPropertyFixes.forProperty(name), cause);
	}

	private @Nullable Origin origin(String name) {
		if (this.environment == null || !ConfigurationPropertyName.isValid(name)) {
			return null;
		}
		ConfigurationPropertyName propertyName = ConfigurationPropertyName.of(name);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			ConfigurationProperty property = source.getConfigurationProperty(propertyName);
			if (property != null) {
				return property.getOrigin();
			}
		}
		return null;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
