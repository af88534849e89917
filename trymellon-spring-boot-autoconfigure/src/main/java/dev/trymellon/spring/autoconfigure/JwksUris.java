package dev.trymellon.spring.autoconfigure;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Where the signing keys come from ({@code trymellon.jwks.uri}, else the JWKS under
 * {@code trymellon.api-base-url}), the check that each is an absolute http or https URL,
 * and the warning when keys would travel over plain http from another host.
 */
final class JwksUris {

	private static final Log logger = LogFactory.getLog(JwksUris.class);

	private static final String OCTET = "(25[0-5]|2[0-4]\\d|1?\\d?\\d)";

	private static final Pattern IPV4_LOOPBACK = Pattern.compile("127\\." + OCTET + "\\." + OCTET + "\\." + OCTET);

	private JwksUris() {
	}

	static URI jwksUri(TryMellonProperties properties) {
		URI base = properties.getApiBaseUrl();
		checkHttpUri("trymellon.api-base-url", base);
		URI configured = properties.getJwks().getUri();
		if (configured != null) {
			checkHttpUri("trymellon.jwks.uri", configured);
			return configured;
		}
		String text = base.toString();
		return URI.create((text.endsWith("/") ? text.substring(0, text.length() - 1) : text) + "/.well-known/jwks.json");
	}

	/**
	 * Warns when the keys come over plain http from anywhere but this host: whoever can
	 * change that response can sign tokens the application accepts.
	 */
	static void warnIfPlainHttp(URI uri) {
		if ("http".equalsIgnoreCase(uri.getScheme()) && !isLoopback(uri.getHost())) {
			logger.warn("TryMellon signing keys are fetched over plain http from '" + uri.getHost()
					+ "' ('trymellon.jwks.uri' or 'trymellon.api-base-url'): anyone on the network path can "
					+ "replace them and sign tokens this application accepts. Use https");
		}
	}

	/**
	 * Whether the host names this machine's loopback interface: {@code localhost},
	 * {@code 127.0.0.0/8} or {@code ::1}, as literals (nothing is resolved).
	 */
	static boolean isLoopback(@Nullable String host) {
		if (host == null || host.isEmpty()) {
			return false;
		}
		if (host.equalsIgnoreCase("localhost")) {
			return true;
		}
		if (host.startsWith("[") && host.endsWith("]")) {
			String literal = host.substring(1, host.length() - 1);
			try {
				// An IPv6 literal: parsed, never looked up.
				return literal.indexOf(':') >= 0 && InetAddress.getByName(literal).isLoopbackAddress();
			}
			catch (UnknownHostException ex) {
				return false;
			}
		}
		return IPV4_LOOPBACK.matcher(host).matches();
	}

	static void checkHttpUri(String property, URI uri) {
		String scheme = uri.getScheme();
		if (!uri.isAbsolute() || uri.getHost() == null
				|| !("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme))) {
			throw new InvalidConfigurationPropertyValueException(property, uri,
					"Must be an absolute http or https URL with a host");
		}
	}

}
