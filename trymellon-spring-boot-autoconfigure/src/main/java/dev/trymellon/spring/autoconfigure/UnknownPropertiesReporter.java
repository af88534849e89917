package dev.trymellon.spring.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Warns at startup, once per key, about every {@code trymellon.*} property that no
 * configuration metadata on the class path declares, naming the closest known property.
 * A misspelled key is otherwise silently ignored, with misleading symptoms (a public
 * path answering 401, a claim mapping granting nothing).
 * <p>
 * The known names are read from every {@code META-INF/spring-configuration-metadata.json}
 * and {@code additional-spring-configuration-metadata.json} that mentions
 * {@code trymellon.}, so an application can declare its own {@code trymellon.*} keys the
 * usual way. Names are compared as Spring Boot binds them (relaxed: case and dashes do
 * not matter, list indexes are ignored, any key below a map property is known).
 * Environment variables are not checked: their names map to properties ambiguously
 * ({@code TRYMELLON_WEBHOOK_SECRET} is a variable used as a placeholder, not a property).
 */
final class UnknownPropertiesReporter implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(UnknownPropertiesReporter.class);

	private static final String PREFIX = "trymellon";

	private static final String[] METADATA = { "META-INF/spring-configuration-metadata.json",
			"META-INF/additional-spring-configuration-metadata.json" };

	private final ConfigurableEnvironment environment;

	private final @Nullable ClassLoader classLoader;

	UnknownPropertiesReporter(ConfigurableEnvironment environment, @Nullable ClassLoader classLoader) {
		this.environment = environment;
		this.classLoader = classLoader;
	}

	@Override
	public void afterSingletonsInstantiated() {
		Map<String, String> written = writtenProperties();
		if (written.isEmpty()) {
			return;
		}
		KnownProperties known = KnownProperties.load(this.classLoader);
		written.forEach((name, origin) -> {
			if (!known.contains(name)) {
				logger.warn("Unknown property '" + name + "' (" + origin + ") is ignored. Did you mean '"
						+ known.closest(name) + "'? See docs/configuration.md");
			}
		});
	}

	/**
	 * Returns the {@code trymellon.*} keys set outside environment variables, as written,
	 * with the property source each comes from.
	 */
	private Map<String, String> writtenProperties() {
		Map<String, String> found = new TreeMap<>();
		ConfigurationPropertyName prefix = ConfigurationPropertyName.of(PREFIX);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			if (source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource
					|| !(source instanceof IterableConfigurationPropertySource iterable)) {
				continue;
			}
			String origin = (source.getUnderlyingSource() instanceof PropertySource<?> propertySource)
					? propertySource.getName() : String.valueOf(source.getUnderlyingSource());
			iterable.stream().filter(prefix::isAncestorOf).forEach((name) -> found.putIfAbsent(name.toString(), origin));
		}
		return found;
	}

	/**
	 * The {@code trymellon.*} properties the class path's metadata declares.
	 */
	static final class KnownProperties {

		/** Uniform name (lower case, no dashes, no indexes) to the documented name. */
		private final Map<String, String> names;

		/** Uniform names of map properties: any key below one is known. */
		private final Set<String> maps;

		private KnownProperties(Map<String, String> names, Set<String> maps) {
			this.names = names;
			this.maps = maps;
		}

		static KnownProperties load(@Nullable ClassLoader classLoader) {
			Map<String, String> names = new LinkedHashMap<>();
			Set<String> maps = new TreeSet<>();
			ClassLoader loader = (classLoader != null) ? classLoader : KnownProperties.class.getClassLoader();
			for (String location : METADATA) {
				for (URL url : resources(loader, location)) {
					String json = read(url);
					if (!json.contains("\"" + PREFIX + ".")) {
						continue;
					}
					Object properties = JsonParserFactory.getJsonParser().parseMap(json).get("properties");
					if (!(properties instanceof List<?> list)) {
						continue;
					}
					for (Object item : list) {
						if (item instanceof Map<?, ?> property && property.get("name") instanceof String name
								&& name.startsWith(PREFIX + ".") && ConfigurationPropertyName.isValid(name)) {
							String uniform = uniform(ConfigurationPropertyName.of(name));
							names.putIfAbsent(uniform, name);
							if (property.get("type") instanceof String type && type.startsWith("java.util.Map<")) {
								maps.add(uniform);
							}
						}
					}
				}
			}
			return new KnownProperties(names, maps);
		}

		boolean contains(String name) {
			if (!ConfigurationPropertyName.isValid(name)) {
				return false;
			}
			String uniform = uniform(ConfigurationPropertyName.of(name));
			if (this.names.containsKey(uniform)) {
				return true;
			}
			for (String map : this.maps) {
				if (uniform.startsWith(map + ".")) {
					return true;
				}
			}
			return false;
		}

		String closest(String name) {
			String target = name.toLowerCase(Locale.ROOT);
			String best = PREFIX + ".client-id";
			int bestDistance = Integer.MAX_VALUE;
			for (String candidate : this.names.values()) {
				int distance = distance(target, candidate);
				if (distance < bestDistance) {
					bestDistance = distance;
					best = candidate;
				}
			}
			return best;
		}

		private static String uniform(ConfigurationPropertyName name) {
			StringBuilder out = new StringBuilder();
			for (int i = 0; i < name.getNumberOfElements(); i++) {
				if (name.isNumericIndex(i)) {
					continue;
				}
				if (out.length() > 0) {
					out.append('.');
				}
				out.append(name.getElement(i, Form.UNIFORM));
			}
			return out.toString();
		}

		/** Levenshtein distance. */
		private static int distance(String a, String b) {
			int[] previous = new int[b.length() + 1];
			int[] current = new int[b.length() + 1];
			for (int j = 0; j <= b.length(); j++) {
				previous[j] = j;
			}
			for (int i = 1; i <= a.length(); i++) {
				current[0] = i;
				for (int j = 1; j <= b.length(); j++) {
					int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
					current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
				}
				int[] swap = previous;
				previous = current;
				current = swap;
			}
			return previous[b.length()];
		}

		// A warning aid must never break startup: unreadable metadata is skipped.
		private static List<URL> resources(ClassLoader loader, String location) {
			try {
				Enumeration<URL> urls = loader.getResources(location);
				return (urls != null) ? Collections.list(urls) : List.of();
			}
			catch (IOException ex) {
				logger.debug("Cannot list " + location + ": " + ex);
				return List.of();
			}
		}

		private static String read(URL url) {
			try (InputStream in = url.openStream()) {
				return new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				logger.debug("Cannot read " + url + ": " + ex);
				return "";
			}
		}

	}

}
