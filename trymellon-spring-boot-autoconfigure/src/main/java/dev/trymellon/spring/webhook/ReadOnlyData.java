package dev.trymellon.spring.webhook;

import java.io.Serial;
import java.io.Serializable;
import java.util.AbstractMap;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;

/**
 * A JSON object as {@link WebhookPayloadParser} reads it: read-only, in the order
 * received, without {@code null} values, holding only strings, booleans, {@code Long}s,
 * {@code Double}s, read-only lists and other instances of this class. Nobody else holds
 * the map it wraps, so {@link WebhookEnvelope} keeps it as it is instead of copying it.
 *
 * @author TryMellon
 */
final class ReadOnlyData extends AbstractMap<String, Object> implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	private final Map<String, Object> members;

	ReadOnlyData(LinkedHashMap<String, Object> members) {
		this.members = Collections.unmodifiableMap(members);
	}

	@Override
	public Set<Entry<String, Object>> entrySet() {
		return this.members.entrySet();
	}

	@Override
	public Set<String> keySet() {
		return this.members.keySet();
	}

	@Override
	public Collection<Object> values() {
		return this.members.values();
	}

	@Override
	public int size() {
		return this.members.size();
	}

	@Override
	public boolean isEmpty() {
		return this.members.isEmpty();
	}

	@Override
	public boolean containsKey(@Nullable Object key) {
		return this.members.containsKey(key);
	}

	@Override
	public @Nullable Object get(@Nullable Object key) {
		return this.members.get(key);
	}

	@Override
	public void forEach(BiConsumer<? super String, ? super Object> action) {
		this.members.forEach(action);
	}

}
