package dev.trymellon.spring.session;

import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * An immutable map of a few claims, in insertion order: one array of names and values
 * side by side, looked up by a linear scan. A JSON object of a token holds a dozen
 * members or so, where a {@link java.util.LinkedHashMap} costs an entry object of 40
 * bytes per member and a table; this costs 8 bytes per member. Names are non-null and
 * distinct, values may be {@code null}. Equal to any {@link Map} with the same
 * mappings, with the same hash code, as the {@link Map} contract wants.
 */
final class ClaimsMap extends AbstractMap<String, Object> implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	/**
	 * The most members held: above that, a linear scan would cost more than a hash
	 * lookup, and the map is kept as a {@link java.util.LinkedHashMap}.
	 */
	static final int MAX_SIZE = 16;

	/** Name, value, name, value, ... in insertion order. */
	private final @Nullable Object[] namesAndValues;

	private transient @Nullable Set<Map.Entry<String, Object>> entrySet;

	private ClaimsMap(@Nullable Object[] namesAndValues) {
		this.namesAndValues = namesAndValues;
	}

	/**
	 * Copies a map of at most {@link #MAX_SIZE} members with non-null names.
	 * @param map the map
	 * @param values what each value becomes
	 * @return the copy, or {@code null} when the map does not fit
	 */
	static @Nullable ClaimsMap copyOf(Map<?, ?> map, Function<@Nullable Object, @Nullable Object> values) {
		int size = map.size();
		if (size > MAX_SIZE) {
			return null;
		}
		@Nullable Object[] namesAndValues = new Object[size * 2];
		int i = 0;
		for (Map.Entry<?, ?> entry : map.entrySet()) {
			if (!(entry.getKey() instanceof String name) || i == namesAndValues.length) {
				return null;
			}
			namesAndValues[i++] = name;
			namesAndValues[i++] = values.apply(entry.getValue());
		}
		return (i == namesAndValues.length) ? new ClaimsMap(namesAndValues) : null;
	}

	private int indexOf(@Nullable Object name) {
		@Nullable Object[] table = this.namesAndValues;
		for (int i = 0; i < table.length; i += 2) {
			if (table[i] == name) {
				return i;
			}
		}
		if (name instanceof String) {
			for (int i = 0; i < table.length; i += 2) {
				if (name.equals(table[i])) {
					return i;
				}
			}
		}
		return -1;
	}

	@Override
	public @Nullable Object get(@Nullable Object key) {
		int i = indexOf(key);
		return (i >= 0) ? this.namesAndValues[i + 1] : null;
	}

	@Override
	public @Nullable Object getOrDefault(@Nullable Object key, @Nullable Object defaultValue) {
		int i = indexOf(key);
		return (i >= 0) ? this.namesAndValues[i + 1] : defaultValue;
	}

	@Override
	public boolean containsKey(@Nullable Object key) {
		return indexOf(key) >= 0;
	}

	@Override
	public boolean containsValue(@Nullable Object value) {
		for (int i = 1; i < this.namesAndValues.length; i += 2) {
			if (Objects.equals(value, this.namesAndValues[i])) {
				return true;
			}
		}
		return false;
	}

	@Override
	public int size() {
		return this.namesAndValues.length / 2;
	}

	@Override
	public boolean isEmpty() {
		return this.namesAndValues.length == 0;
	}

	@Override
	@SuppressWarnings("NullAway")
	public void forEach(BiConsumer<? super String, ? super Object> action) {
		Objects.requireNonNull(action);
		for (int i = 0; i < this.namesAndValues.length; i += 2) {
			action.accept((String) this.namesAndValues[i], this.namesAndValues[i + 1]);
		}
	}

	@Override
	public Set<Map.Entry<String, Object>> entrySet() {
		Set<Map.Entry<String, Object>> entries = this.entrySet;
		if (entries == null) {
			entries = new Entries();
			this.entrySet = entries;
		}
		return entries;
	}

	@Override
	public boolean equals(@Nullable Object obj) {
		if (obj == this) {
			return true;
		}
		if (!(obj instanceof Map<?, ?> other) || other.size() != size()) {
			return false;
		}
		try {
			for (int i = 0; i < this.namesAndValues.length; i += 2) {
				Object name = this.namesAndValues[i];
				Object value = this.namesAndValues[i + 1];
				Object theirs = other.get(name);
				if ((value != null) ? !value.equals(theirs) : (theirs != null || !other.containsKey(name))) {
					return false;
				}
			}
			return true;
		}
		catch (ClassCastException | NullPointerException ex) {
			// A map that cannot hold such names holds none of them.
			return false;
		}
	}

	@Override
	public int hashCode() {
		int hash = 0;
		for (int i = 0; i < this.namesAndValues.length; i += 2) {
			hash += Objects.hashCode(this.namesAndValues[i]) ^ Objects.hashCode(this.namesAndValues[i + 1]);
		}
		return hash;
	}

	// Immutable: every mutator refuses, whether or not it would change anything.

	@Override
	public Object put(String key, Object value) {
		throw immutable();
	}

	@Override
	public void putAll(Map<? extends String, ? extends Object> map) {
		throw immutable();
	}

	@Override
	public Object remove(@Nullable Object key) {
		throw immutable();
	}

	@Override
	public void clear() {
		throw immutable();
	}

	@Override
	public void replaceAll(BiFunction<? super String, ? super Object, ? extends Object> function) {
		throw immutable();
	}

	@Override
	public Object putIfAbsent(String key, Object value) {
		throw immutable();
	}

	@Override
	public boolean remove(@Nullable Object key, @Nullable Object value) {
		throw immutable();
	}

	@Override
	public boolean replace(String key, Object oldValue, Object newValue) {
		throw immutable();
	}

	@Override
	public Object replace(String key, Object value) {
		throw immutable();
	}

	@Override
	public Object computeIfAbsent(String key, Function<? super String, ? extends Object> mappingFunction) {
		throw immutable();
	}

	@Override
	public Object computeIfPresent(String key,
			BiFunction<? super String, ? super Object, ? extends Object> remappingFunction) {
		throw immutable();
	}

	@Override
	public Object compute(String key, BiFunction<? super String, ? super Object, ? extends Object> remappingFunction) {
		throw immutable();
	}

	@Override
	public Object merge(String key, Object value,
			BiFunction<? super Object, ? super Object, ? extends Object> remappingFunction) {
		throw immutable();
	}

	private static UnsupportedOperationException immutable() {
		return new UnsupportedOperationException("The claims are immutable");
	}

	@Serial
	private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
		in.defaultReadObject();
		@Nullable Object[] table = this.namesAndValues;
		if (table == null || table.length % 2 != 0 || table.length > 2 * MAX_SIZE) {
			throw new InvalidObjectException("Not a claims map");
		}
		for (int i = 0; i < table.length; i += 2) {
			if (!(table[i] instanceof String name)) {
				throw new InvalidObjectException("A claim name is not a string");
			}
			for (int j = 0; j < i; j += 2) {
				if (name.equals(table[j])) {
					throw new InvalidObjectException("Duplicate claim name");
				}
			}
		}
	}

	private final class Entries extends AbstractSet<Map.Entry<String, Object>> {

		@Override
		public Iterator<Map.Entry<String, Object>> iterator() {
			return new Iterator<>() {

				private int next;

				@Override
				public boolean hasNext() {
					return this.next < ClaimsMap.this.namesAndValues.length;
				}

				@Override
				@SuppressWarnings("NullAway")
				public Map.Entry<String, Object> next() {
					if (!hasNext()) {
						throw new NoSuchElementException();
					}
					int i = this.next;
					this.next = i + 2;
					return new SimpleImmutableEntry<>((String) ClaimsMap.this.namesAndValues[i],
							ClaimsMap.this.namesAndValues[i + 1]);
				}

			};
		}

		@Override
		public int size() {
			return ClaimsMap.this.size();
		}

		@Override
		public boolean contains(@Nullable Object o) {
			if (!(o instanceof Map.Entry<?, ?> entry)) {
				return false;
			}
			int i = indexOf(entry.getKey());
			return i >= 0 && Objects.equals(entry.getValue(), ClaimsMap.this.namesAndValues[i + 1]);
		}

	}

}
