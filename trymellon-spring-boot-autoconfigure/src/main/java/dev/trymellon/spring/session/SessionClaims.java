package dev.trymellon.spring.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Typed values read out of a session's claims map: what {@link TryMellonSession}'s
 * getters are derived from, defined once.
 */
final class SessionClaims {

	private SessionClaims() {
	}

	static @Nullable String string(Map<String, Object> claims, String name) {
		return (claims.get(name) instanceof String value) ? value : null;
	}

	/**
	 * The session id: the first non-empty string among the given claims.
	 */
	static @Nullable String firstNonEmpty(Map<String, Object> claims, List<String> names) {
		for (String name : names) {
			String value = string(claims, name);
			if (value != null && !value.isEmpty()) {
				return value;
			}
		}
		return null;
	}

	/**
	 * The {@code aud} claim as a list: one string, or the strings of an array.
	 */
	static List<String> audience(@Nullable Object aud) {
		if (aud instanceof String value) {
			return List.of(value);
		}
		if (!(aud instanceof Collection<?> values)) {
			return List.of();
		}
		List<String> audience = new ArrayList<>(values.size());
		for (Object value : values) {
			if (value instanceof String text) {
				audience.add(text);
			}
		}
		return List.copyOf(audience);
	}

	/**
	 * A NumericDate, in whole seconds.
	 */
	static @Nullable Instant instant(@Nullable Object value) {
		if (value instanceof Instant instant) {
			return Instant.ofEpochSecond(instant.getEpochSecond());
		}
		return (value instanceof Number seconds) ? Instant.ofEpochSecond(seconds.longValue()) : null;
	}

	static Instant requiredInstant(Map<String, Object> claims, String name) {
		Instant value = instant(claims.get(name));
		Assert.notNull(value, () -> "claims must hold the NumericDate '" + name + "'");
		return value;
	}

	/**
	 * The members of the custom-claims object, with string keys.
	 */
	static Map<String, Object> members(@Nullable Object namespace) {
		if (!(namespace instanceof Map<?, ?> object) || object.isEmpty()) {
			return Map.of();
		}
		Map<String, Object> members = new LinkedHashMap<>();
		object.forEach((name, value) -> members.put(String.valueOf(name), value));
		return Collections.unmodifiableMap(members);
	}

}
