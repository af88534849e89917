package dev.trymellon.spring.autoconfigure.revocation;

import java.time.Clock;
import java.util.List;

import dev.trymellon.spring.autoconfigure.PropertyChecks;
import dev.trymellon.spring.autoconfigure.TryMellonProperties;
import dev.trymellon.spring.revocation.InMemoryRevocationStore;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.Assert;

/**
 * Builds the {@link InMemoryRevocationStore} that {@link TryMellonProperties} describe:
 * the default revocation store of a single instance, and the local view every replica of
 * a shared store (such as the Redis one) keeps. Reads {@code trymellon.token.clock-skew}
 * and {@code trymellon.revocation.credential-id-claims}, and reports a bad value as an
 * {@link InvalidConfigurationPropertyValueException} naming the property.
 *
 * @author TryMellon
 * @since 0.2.0
 */
public final class InMemoryRevocationStores {

	private InMemoryRevocationStores() {
	}

	/**
	 * Creates the in-memory store the properties describe.
	 * @param properties the TryMellon properties
	 * @param clock the clock entries expire on
	 * @return a new, empty store
	 * @throws InvalidConfigurationPropertyValueException when a property it reads is
	 * invalid
	 */
	public static InMemoryRevocationStore fromProperties(TryMellonProperties properties, Clock clock) {
		Assert.notNull(properties, "properties cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		return new InMemoryRevocationStore(clock, PropertyChecks.clockSkew(properties),
				credentialIdClaims(properties));
	}

	private static List<String> credentialIdClaims(TryMellonProperties properties) {
		List<String> names = properties.getRevocation().getCredentialIdClaims();
		if (names == null) {
			return List.of();
		}
		for (String name : names) {
			if (name == null || name.isBlank()) {
				throw new InvalidConfigurationPropertyValueException("trymellon.revocation.credential-id-claims",
						names, "Claim names must not be empty");
			}
		}
		return names;
	}

}
