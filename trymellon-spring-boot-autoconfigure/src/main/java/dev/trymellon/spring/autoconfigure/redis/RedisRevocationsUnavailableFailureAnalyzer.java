package dev.trymellon.spring.autoconfigure.redis;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.redis.RedisRevocationsUnavailableException;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Explains a startup that could not read the shared revocations from Redis: where it
 * connected (as {@code spring.data.redis.*} gives it, never a password), what failed,
 * and the two ways out.
 *
 * @author TryMellon
 */
class RedisRevocationsUnavailableFailureAnalyzer extends AbstractFailureAnalyzer<RedisRevocationsUnavailableException> {

	private static final String PREFIX = "spring.data.redis.";

	private static final String MASK = "******";

	private final Binder binder;

	RedisRevocationsUnavailableFailureAnalyzer(Environment environment) {
		this.binder = Binder.get(environment);
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, RedisRevocationsUnavailableException cause) {
		Throwable reason = NestedExceptionUtils.getMostSpecificCause(cause);
		String message = (reason.getMessage() != null) ? reason.getMessage() : reason.getClass().getName();
		String description = "TryMellon could not read the shared revocations from Redis at " + endpoint()
				+ ": " + mask(message) + ". With Spring Data Redis and a RedisConnectionFactory, TryMellon keeps "
				+ "revocations in Redis, and a replica refuses to start without them rather than accept revoked "
				+ "tokens.";
		String action = "Make Redis reachable with the 'spring.data.redis.*' properties (host, port or url, "
				+ "username, password, ssl), or set 'trymellon.redis.enabled=false' to keep revocations and "
				+ "processed webhook events in this instance's memory only (then each replica knows only the "
				+ "revocations it received itself).";
		return new FailureAnalysis(description, action, cause);
	}

	/** Where Boot's connection factory connects, as its properties say, without credentials. */
	private String endpoint() {
		List<String> sentinels = list("sentinel.nodes");
		if (!sentinels.isEmpty()) {
			return "the Sentinel nodes " + sentinels + " (" + PREFIX + "sentinel.nodes, master '"
					+ string("sentinel.master", "") + "')";
		}
		List<String> cluster = list("cluster.nodes");
		if (!cluster.isEmpty()) {
			return "the cluster nodes " + cluster + " (" + PREFIX + "cluster.nodes)";
		}
		String url = string("url", null);
		if (url != null) {
			return withoutCredentials(url) + " (" + PREFIX + "url)";
		}
		String host = string("host", null);
		String port = string("port", null);
		String database = string("database", "0");
		String at = ((host != null) ? host : "localhost") + ":" + ((port != null) ? port : "6379")
				+ ("0".equals(database) ? "" : ", database " + database);
		return at + " (" + ((host == null && port == null) ? "the defaults of " : "") + PREFIX + "host and " + PREFIX
				+ "port)";
	}

	private static String withoutCredentials(String url) {
		try {
			URI uri = new URI(url);
			if (uri.getHost() == null) {
				return "a malformed URL";
			}
			return uri.getScheme() + "://" + uri.getHost() + ((uri.getPort() != -1) ? ":" + uri.getPort() : "")
					+ ((uri.getRawPath() != null) ? uri.getRawPath() : "");
		}
		catch (Exception ex) {
			return "a malformed URL";
		}
	}

	/** The message with every configured secret masked. */
	private String mask(String message) {
		String masked = message;
		for (String secret : secrets()) {
			masked = masked.replace(secret, MASK);
		}
		return masked;
	}

	private List<String> secrets() {
		List<String> secrets = new ArrayList<>();
		String password = string("password", null);
		if (password != null) {
			secrets.add(password);
		}
		String url = string("url", null);
		if (url != null) {
			try {
				String userInfo = new URI(url).getUserInfo();
				if (StringUtils.hasLength(userInfo)) {
					secrets.add(userInfo);
					int colon = userInfo.indexOf(':');
					if (colon >= 0 && colon < userInfo.length() - 1) {
						secrets.add(userInfo.substring(colon + 1));
					}
				}
			}
			catch (Exception ex) {
				// Not a URL: nothing to mask from it.
			}
		}
		secrets.removeIf((secret) -> secret.isEmpty());
		secrets.sort((a, b) -> b.length() - a.length());
		return secrets;
	}

	private @Nullable String string(String name, @Nullable String defaultValue) {
		String value = this.binder.bind(PREFIX + name, Bindable.of(String.class)).orElse(null);
		return StringUtils.hasText(value) ? value.trim() : defaultValue;
	}

	private List<String> list(String name) {
		return this.binder.bind(PREFIX + name, Bindable.listOf(String.class)).orElse(List.of());
	}

}
