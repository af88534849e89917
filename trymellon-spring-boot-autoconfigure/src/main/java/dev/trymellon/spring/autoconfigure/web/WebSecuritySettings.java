package dev.trymellon.spring.autoconfigure.web;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.autoconfigure.PropertyChecks;
import dev.trymellon.spring.autoconfigure.TryMellonProperties;
import dev.trymellon.spring.web.internal.BearerTokenRules;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.StringUtils;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

/**
 * The {@code trymellon.security.*} and {@code trymellon.token.*} values both default
 * chains (servlet and reactive) are built from, checked once, with startup errors naming
 * the property. Not an API.
 *
 * @author TryMellon
 * @since 0.2.0
 */
public final class WebSecuritySettings {

	/**
	 * The health endpoint paths every default chain lets through.
	 */
	public static final List<String> HEALTH_PATHS = List.of("/actuator/health", "/actuator/health/**");

	private static final String COOKIE_NAME_PROPERTY = "trymellon.token.cookie-name";

	private static final String PERMIT_PATHS_PROPERTY = "trymellon.security.permit-paths";

	private WebSecuritySettings() {
	}

	/**
	 * Returns {@code trymellon.security.permit-paths}, trimmed, blanks dropped.
	 * @param properties the properties
	 * @return the path patterns
	 * @throws InvalidConfigurationPropertyValueException for a pattern that does not
	 * start with {@code /} or does not parse
	 */
	public static List<String> permitPaths(TryMellonProperties properties) {
		List<String> paths = new ArrayList<>();
		for (String path : properties.getSecurity().getPermitPaths()) {
			if (!StringUtils.hasText(path)) {
				continue;
			}
			String trimmed = path.trim();
			if (!trimmed.startsWith("/")) {
				throw new InvalidConfigurationPropertyValueException(PERMIT_PATHS_PROPERTY, path,
						"Each path pattern must start with '/'");
			}
			try {
				PathPatternParser.defaultInstance.parse(trimmed);
			}
			catch (PatternParseException ex) {
				throw new InvalidConfigurationPropertyValueException(PERMIT_PATHS_PROPERTY, path,
						"Not a valid path pattern: " + ex.getMessage());
			}
			paths.add(trimmed);
		}
		return paths;
	}

	/**
	 * Returns {@code trymellon.token.cookie-name}, trimmed.
	 * @param properties the properties
	 * @return the cookie name, or {@code null} when unset or blank
	 * @throws InvalidConfigurationPropertyValueException for a name that is not an
	 * RFC 6265 token
	 */
	public static @Nullable String cookieName(TryMellonProperties properties) {
		String name = properties.getToken().getCookieName();
		if (name == null || !StringUtils.hasText(name)) {
			return null;
		}
		String trimmed = name.trim();
		if (!BearerTokenRules.isValidCookieName(trimmed)) {
			throw new InvalidConfigurationPropertyValueException(COOKIE_NAME_PROPERTY, name,
					"Not a valid cookie name: use only RFC 6265 token characters (letters, digits and !#$%&'*+-.^_`|~)");
		}
		return trimmed;
	}

	/**
	 * Returns {@code trymellon.token.max-length}, or the verifier's default when unset.
	 * @param properties the properties
	 * @return the longest accepted token
	 * @throws InvalidConfigurationPropertyValueException when not positive
	 */
	public static int maxLength(TryMellonProperties properties) {
		return PropertyChecks.maxLength(properties);
	}

}
