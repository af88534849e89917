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

	/** Deeper than any verified token's JSON (the parser stops at 32 levels). */
	private static final int MAX_DEPTH = 64;

	private SessionClaims() {
	}

	/**
	 * An immutable copy of the claims, in the same order: JSON objects (this one and the
	 * nested ones) of up to {@link ClaimsMap#MAX_SIZE} members become {@link ClaimsMap}s,
	 * larger ones unmodifiable {@link LinkedHashMap}s; arrays become unmodifiable lists.
	 * @param claims the claims
	 * @return the copy
	 */
	static Map<String, Object> compact(Map<String, Object> claims) {
		Map<String, Object> copy = object(claims, 0);
		return (copy != null) ? copy : Collections.unmodifiableMap(new LinkedHashMap<>(claims));
	}

	private static @Nullable Map<String, Object> object(Map<?, ?> object, int depth) {
		ClaimsMap compact = ClaimsMap.copyOf(object, (value) -> compactValue(value, depth + 1));
		if (compact != null) {
			return compact;
		}
		for (Object name : object.keySet()) {
			if (!(name instanceof String)) {
				return null;
			}
		}
		Map<String, Object> copy = new LinkedHashMap<>();
		object.forEach((name, value) -> copy.put((String) name, compactValue(value, depth + 1)));
		return Collections.unmodifiableMap(copy);
	}

	private static @Nullable Object compactValue(@Nullable Object value, int depth) {
		// A map built by hand may hold itself: past the depth a JSON document may have, leave it be.
		if (depth > MAX_DEPTH) {
			return value;
		}
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> copy = object(map, depth);
			return (copy != null) ? copy : value;
		}
		if (value instanceof List<?> list) {
			List<@Nullable Object> copy = new ArrayList<>(list.size());
			for (Object element : list) {
				copy.add(compactValue(element, depth + 1));
			}
			return Collections.unmodifiableList(copy);
		}
		return value;
	}

	/**
	 * A mutable deep copy of compact claims, {@link LinkedHashMap}s and
	 * {@link ArrayList}s only: the serialized form, the same as before compaction.
	 * @param claims the claims
	 * @return the copy
	 */
	static LinkedHashMap<String, Object> expanded(Map<?, ?> claims) {
		LinkedHashMap<String, Object> copy = new LinkedHashMap<>();
		claims.forEach((name, value) -> copy.put((String) name, expandedValue(value, 0)));
		return copy;
	}

	private static @Nullable Object expandedValue(@Nullable Object value, int depth) {
		if (depth > MAX_DEPTH) {
			return value;
		}
		if (value instanceof ClaimsMap map) {
			LinkedHashMap<String, Object> copy = new LinkedHashMap<>();
			map.forEach((name, member) -> copy.put(name, expandedValue(member, depth + 1)));
			return copy;
		}
		if (value instanceof Map<?, ?> map) {
			LinkedHashMap<Object, Object> copy = new LinkedHashMap<>();
			map.forEach((name, member) -> copy.put(name, expandedValue(member, depth + 1)));
			return copy;
		}
		if (value instanceof List<?> list) {
			List<@Nullable Object> copy = new ArrayList<>(list.size());
			for (Object element : list) {
				copy.add(expandedValue(element, depth + 1));
			}
			return copy;
		}
		return value;
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
	 * The members of the custom-claims object, with string keys: the object itself when
	 * it is already {@link #compact(Map) compact}.
	 */
	static Map<String, Object> members(@Nullable Object namespace) {
		if (!(namespace instanceof Map<?, ?> object) || object.isEmpty()) {
			return Map.of();
		}
		if (object instanceof ClaimsMap compact) {
			return compact;
		}
		Map<String, Object> members = new LinkedHashMap<>();
		object.forEach((name, value) -> members.put(String.valueOf(name), value));
		return Collections.unmodifiableMap(members);
	}

}
