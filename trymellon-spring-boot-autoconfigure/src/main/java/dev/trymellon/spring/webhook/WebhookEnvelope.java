package dev.trymellon.spring.webhook;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * What every TryMellon webhook event carries besides its type and its type-specific
 * fields. TryMellon sends two envelope shapes, and both are read:
 * <table>
 * <caption>Where each value comes from</caption>
 * <tr><th>value</th><th>documented catalog</th><th>TryMellon's SDK</th></tr>
 * <tr><td>type</td><td>{@code type}</td><td>{@code event}</td></tr>
 * <tr><td>{@link #id() id}</td><td>{@code id}</td><td>the {@code tm-event-id} header</td></tr>
 * <tr><td>{@link #createdAt() createdAt}</td><td>{@code created_at}</td><td>{@code timestamp}</td></tr>
 * <tr><td>{@link #tenantId() tenantId}, {@link #applicationId() applicationId}</td>
 * <td>{@code tenant_id}, {@code application_id}</td>
 * <td>{@code data.tenant_id}, {@code data.application_id}</td></tr>
 * <tr><td>{@link #data() data}</td><td>{@code data}</td><td>{@code data}</td></tr>
 * </table>
 * When a body mixes the shapes, the catalog's member wins and the other is the fallback
 * (the body's {@code id} over the unsigned header, for example).
 *
 * @param id the event id: the body's {@code id}, else the {@code tm-event-id} header
 * @param createdAt when TryMellon created the event ({@code created_at}, else
 * {@code timestamp}), {@code null} when the payload has neither
 * @param tenantId the tenant id (top level, else inside {@code data}), may be
 * {@code null}
 * @param applicationId the application id (top level, else inside {@code data}), may be
 * {@code null}
 * @param data the event's {@code data} object as received, including fields this version
 * has no accessor for; read-only, JSON {@code null} members left out, empty when the
 * payload has none
 * @author TryMellon
 * @since 0.2.0
 */
public record WebhookEnvelope(String id, @Nullable Instant createdAt, @Nullable String tenantId,
		@Nullable String applicationId, Map<String, Object> data) {

	/**
	 * Creates the envelope; {@code data} is copied read-only, {@code null} members left
	 * out (the {@link #data()} of a received event, read-only already, is kept as it is).
	 * @param id the event id, not blank
	 * @param createdAt when TryMellon created the event, may be {@code null}
	 * @param tenantId the tenant id, may be {@code null}
	 * @param applicationId the application id, may be {@code null}
	 * @param data the event's {@code data} object
	 */
	public WebhookEnvelope {
		Assert.hasText(id, "id must not be empty");
		Assert.notNull(data, "data must not be null");
		// what the payload parser reads is read-only all the way down already
		data = (data instanceof ReadOnlyData) ? data : readOnly(data);
	}

	/**
	 * Creates an envelope with only an id, for example to build events in the tests of
	 * a listener.
	 * @param id the event id, not blank
	 * @return the envelope, without creation time, tenant, application or data
	 */
	public static WebhookEnvelope of(String id) {
		return new WebhookEnvelope(id, null, null, null, Collections.emptyMap());
	}

	private static Map<String, Object> readOnly(Map<?, ?> map) {
		Map<String, Object> copy = new LinkedHashMap<>(map.size() * 2);
		map.forEach((key, value) -> {
			if (value != null) {
				copy.put(String.valueOf(key), readOnlyValue(value));
			}
		});
		return Collections.unmodifiableMap(copy);
	}

	private static Object readOnlyValue(Object value) {
		if (value instanceof Map<?, ?> map) {
			return readOnly(map);
		}
		if (value instanceof List<?> list) {
			List<@Nullable Object> copy = new ArrayList<>(list.size());
			for (Object element : list) {
				copy.add((element != null) ? readOnlyValue(element) : null);
			}
			return Collections.unmodifiableList(copy);
		}
		return value;
	}

}
