package dev.trymellon.spring.autoconfigure;

import java.security.Provider;
import java.security.Security;
import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Finds the JCA provider {@code trymellon.token.signature-provider} names, by its
 * {@link Provider#getName() name}: one already registered with {@link Security}, else one
 * on the classpath, found through {@link ServiceLoader} (as a
 * {@code META-INF/services/java.security.Provider} entry). The provider found is never
 * registered: only the verifier is given it.
 */
final class SignatureProviderResolver {

	static final String PROPERTY = "trymellon.token.signature-provider";

	/** Providers that fail to load before the search gives up on the service loader. */
	private static final int MAX_LOAD_FAILURES = 32;

	private SignatureProviderResolver() {
	}

	/**
	 * Returns the provider of this name.
	 * @param name the provider's name, trimmed
	 * @param classLoader where to look for providers not registered, or {@code null} for
	 * the system class loader
	 * @return the provider
	 * @throws InvalidConfigurationPropertyValueException when no provider has this name
	 */
	static Provider resolve(String name, @Nullable ClassLoader classLoader) {
		if (name.isEmpty()) {
			throw new InvalidConfigurationPropertyValueException(PROPERTY, name,
					"Must name a JCA provider; leave it unset to verify signatures with the JDK's providers");
		}
		Provider registered = Security.getProvider(name);
		if (registered != null) {
			return registered;
		}
		Iterator<Provider> providers = ServiceLoader.load(Provider.class, classLoader).iterator();
		String loadFailure = null;
		int failures = 0;
		while (failures < MAX_LOAD_FAILURES) {
			Provider provider;
			try {
				if (!providers.hasNext()) {
					break;
				}
				provider = providers.next();
			}
			catch (ServiceConfigurationError | LinkageError ex) {
				failures++;
				loadFailure = ex.getMessage();
				continue;
			}
			if (name.equals(provider.getName())) {
				return provider;
			}
		}
		throw new InvalidConfigurationPropertyValueException(PROPERTY, name,
				"No JCA provider of this name is registered with the JVM or on the classpath (as a "
						+ "java.security.Provider service)"
						+ ((loadFailure != null) ? "; a provider on the classpath failed to load: " + loadFailure
								: ""));
	}

}
