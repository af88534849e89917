package dev.trymellon.spring.autoconfigure;

import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.MutuallyExclusiveConfigurationPropertiesException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Explains two {@code trymellon.*} properties that cannot be set together, today
 * {@code trymellon.jwks.uri} and {@code trymellon.jwks.location}, and which one to keep.
 * Other properties are left to Spring Boot's analyzer of the same exception.
 */
class TryMellonExclusivePropertiesFailureAnalyzer
		extends AbstractFailureAnalyzer<MutuallyExclusiveConfigurationPropertiesException> implements Ordered {

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure,
			MutuallyExclusiveConfigurationPropertiesException cause) {
		Set<String> names = cause.getMutuallyExclusiveNames();
		if (!names.stream().allMatch((name) -> name.startsWith("trymellon."))) {
			return null;
		}
		String description = "TryMellon cannot start: the configuration properties " + cause.getConfiguredNames()
				+ " are set together, and only one of " + names + " may be.";
		String action = names.contains("trymellon.jwks.uri") && names.contains("trymellon.jwks.location")
				? "Keep 'trymellon.jwks.uri' to fetch TryMellon's keys (refreshed, rotated automatically), or "
						+ "'trymellon.jwks.location' for a static key set (tests, air-gapped set-ups), and remove "
						+ "the other. " + TryMellonPropertyFixes.REFERENCE
				: "Remove all but one of " + names + ". " + TryMellonPropertyFixes.REFERENCE;
		return new FailureAnalysis(description, action, cause);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
