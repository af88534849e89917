package dev.trymellon.spring.webhook;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.InjectableValues;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the verified raw body of a delivery into a {@link TryMellonWebhookEvent} and its
 * de-duplication key, with a Jackson mapper of its own (never the application's, whose
 * settings may be lenient).
 * <p>
 * The JSON must be strict UTF-8 (a leading byte order mark is allowed) holding one
 * object: duplicate members, trailing content, comments, unquoted names, non-finite
 * numbers and nesting deeper than {@value #MAX_NESTING_DEPTH} levels are refused. The
 * envelope is read from either shape (see {@link WebhookEnvelope}); the fields of a
 * known type are bound from {@code data} onto its record by Jackson, a string only from
 * a JSON string and a time only from an RFC 3339 string with an offset.
 *
 * @author TryMellon
 */
final class WebhookPayloadParser {

	static final int MAX_ID_LENGTH = 256;

	static final int MAX_TYPE_LENGTH = 128;

	static final int MAX_NESTING_DEPTH = 255;

	private static final byte[] EMPTY_OBJECT = { '{', '}' };

	/** A JSON {@code null} member while its object is read. */
	private static final Object NULL = new Object();

	private static final String ENVELOPE = "envelope";

	private static final JsonMapper mapper = WebhookPayloadMapper.create(ENVELOPE, MAX_NESTING_DEPTH);

	private static final Map<String, ObjectReader> readers = Map.of(
			ApplicationSecretRotatedEvent.TYPE, reader(ApplicationSecretRotatedEvent.class),
			SessionRevokedEvent.TYPE, reader(SessionRevokedEvent.class),
			SessionLogoutEvent.TYPE, reader(SessionLogoutEvent.class),
			UserLockedEvent.TYPE, reader(UserLockedEvent.class),
			CredentialRevokedEvent.TYPE, reader(CredentialRevokedEvent.class),
			IdentifierLinkedEvent.TYPE, reader(IdentifierLinkedEvent.class),
			IdentifierUnlinkedEvent.TYPE, reader(IdentifierUnlinkedEvent.class),
			RecoveryEnrollmentIssuedEvent.TYPE, reader(RecoveryEnrollmentIssuedEvent.class),
			RecoveryEnrollmentCompletedEvent.TYPE, reader(RecoveryEnrollmentCompletedEvent.class),
			AuthSuccessEvent.TYPE, reader(AuthSuccessEvent.class));

	private WebhookPayloadParser() {
	}

	/**
	 * Parses a body whose signature has been verified.
	 * @param body the raw body
	 * @param deliveryId the {@code tm-event-id} header, already checked, or {@code null}
	 * @return the event and its de-duplication key
	 * @throws InvalidPayloadException when the payload is not an acceptable event
	 */
	static ParsedEvent parse(byte[] body, @Nullable String deliveryId) throws InvalidPayloadException {
		Document document = readObject(body);
		Map<String, Object> payload = document.root();
		String type = string(payload, "type");
		if (type == null) {
			type = string(payload, "event");
		}
		if (type == null) {
			throw new InvalidPayloadException(DeliveryResult.TYPE_MISSING);
		}
		if (!isSafeToken(type, MAX_TYPE_LENGTH)) {
			throw new InvalidPayloadException(DeliveryResult.FIELD_INVALID);
		}
		String bodyId = string(payload, "id");
		if (bodyId != null && !isSafeToken(bodyId, MAX_ID_LENGTH)) {
			throw new InvalidPayloadException(DeliveryResult.FIELD_INVALID);
		}
		String id = (bodyId != null) ? bodyId : deliveryId;
		if (id == null) {
			throw new InvalidPayloadException(DeliveryResult.ID_MISSING);
		}
		Instant createdAt = instant(payload, "created_at");
		if (createdAt == null) {
			createdAt = instant(payload, "timestamp");
		}
		Object rawData = payload.get("data");
		if (rawData != null && !(rawData instanceof Map)) {
			throw new InvalidPayloadException(DeliveryResult.FIELD_INVALID);
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> data = (rawData != null) ? (Map<String, Object>) rawData : Map.of();
		String tenantId = string(payload, "tenant_id");
		if (tenantId == null) {
			tenantId = string(data, "tenant_id");
		}
		String applicationId = string(payload, "application_id");
		if (applicationId == null) {
			applicationId = string(data, "application_id");
		}
		WebhookEnvelope envelope = new WebhookEnvelope(id, createdAt, tenantId, applicationId, data);
		TryMellonWebhookEvent event = bind(type, envelope, body, (rawData != null) ? document : null);
		String key = (bodyId != null) ? "id:" + bodyId : "sha256:" + sha256Hex(body);
		return new ParsedEvent(event, key);
	}

	/**
	 * Binds a known type's record from the bytes of {@code data}, read a second time by
	 * the type's reader (the first reading built the maps of {@link WebhookEnvelope#data()}).
	 */
	private static TryMellonWebhookEvent bind(String type, WebhookEnvelope envelope, byte[] body,
			@Nullable Document data) throws InvalidPayloadException {
		ObjectReader reader = readers.get(type);
		if (reader == null) {
			return new UnknownWebhookEvent(envelope, type);
		}
		try {
			ObjectReader bound = reader.with(new InjectableValues.Std().addValue(ENVELOPE, envelope));
			return (data != null) ? bound.readValue(body, data.dataStart(), data.dataLength())
					: bound.readValue(EMPTY_OBJECT);
		}
		catch (JacksonException ex) {
			throw new InvalidPayloadException(DeliveryResult.FIELD_INVALID);
		}
	}

	/**
	 * Reads the body as strict UTF-8 JSON holding one object, straight from the bytes:
	 * objects become read-only maps ({@code null} members left out), arrays read-only
	 * lists, integers that fit a {@code long} {@code Long}, other numbers {@code Double}
	 * (a non-finite one is refused), and the position of a top-level {@code data} object
	 * is kept.
	 */
	private static Document readObject(byte[] body) throws InvalidPayloadException {
		int start = StrictUtf8.check(body);
		try (JsonParser parser = mapper.createParser(body, start, body.length - start)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				throw new InvalidPayloadException(DeliveryResult.MALFORMED_JSON);
			}
			LinkedHashMap<String, Object> root = new LinkedHashMap<>();
			int dataStart = -1;
			int dataEnd = -1;
			boolean nulls = false;
			String name;
			while ((name = parser.nextName()) != null) {
				JsonToken token = parser.nextToken();
				boolean data = token == JsonToken.START_OBJECT && "data".equals(name);
				int offset = data ? start + (int) parser.currentTokenLocation().getByteOffset() : -1;
				nulls |= put(root, name, value(parser, token));
				if (data) {
					dataStart = offset;
					dataEnd = start + (int) parser.currentLocation().getByteOffset();
				}
			}
			if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
				throw new InvalidPayloadException(DeliveryResult.MALFORMED_JSON);
			}
			return new Document(withoutNulls(root, nulls), dataStart, dataEnd - dataStart);
		}
		catch (JacksonException ex) {
			throw new InvalidPayloadException(DeliveryResult.MALFORMED_JSON);
		}
	}

	private static @Nullable Object value(JsonParser parser, JsonToken token) throws InvalidPayloadException {
		switch (token) {
			case START_OBJECT:
				LinkedHashMap<String, Object> map = new LinkedHashMap<>();
				boolean nulls = false;
				String name;
				while ((name = parser.nextName()) != null) {
					nulls |= put(map, name, value(parser, parser.nextToken()));
				}
				return new ReadOnlyData(withoutNulls(map, nulls));
			case START_ARRAY:
				List<@Nullable Object> list = new ArrayList<>();
				JsonToken element;
				while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
					list.add(value(parser, element));
				}
				return Collections.unmodifiableList(list);
			case VALUE_STRING:
				return parser.getString();
			case VALUE_TRUE:
				return Boolean.TRUE;
			case VALUE_FALSE:
				return Boolean.FALSE;
			case VALUE_NULL:
				return null;
			case VALUE_NUMBER_INT:
				if (parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
					return parser.getLongValue();
				}
				return finite(parser.getDoubleValue());
			case VALUE_NUMBER_FLOAT:
				return finite(parser.getDoubleValue());
			default:
				throw new InvalidPayloadException(DeliveryResult.MALFORMED_JSON);
		}
	}

	/**
	 * Adds a member, a JSON {@code null} as {@link #NULL} so that a duplicate of it is
	 * seen too.
	 * @return whether the value was {@code null}
	 * @throws InvalidPayloadException when the object has the member already
	 */
	private static boolean put(LinkedHashMap<String, Object> map, String name, @Nullable Object value)
			throws InvalidPayloadException {
		if (map.put(name, (value != null) ? value : NULL) != null) {
			throw new InvalidPayloadException(DeliveryResult.MALFORMED_JSON);
		}
		return value == null;
	}

	private static LinkedHashMap<String, Object> withoutNulls(LinkedHashMap<String, Object> map, boolean nulls) {
		if (nulls) {
			map.values().removeIf((value) -> value == NULL);
		}
		return map;
	}

	private static Double finite(double number) throws InvalidPayloadException {
		if (!Double.isFinite(number)) {
			throw new InvalidPayloadException(DeliveryResult.MALFORMED_JSON);
		}
		return number;
	}

	private static @Nullable String string(Map<String, Object> map, String name)
			throws InvalidPayloadException {
		Object value = map.get(name);
		if (value == null) {
			return null;
		}
		if (!(value instanceof String string)) {
			throw new InvalidPayloadException(DeliveryResult.FIELD_INVALID);
		}
		return string;
	}

	private static @Nullable Instant instant(Map<String, Object> map, String name)
			throws InvalidPayloadException {
		String value = string(map, name);
		if (value == null) {
			return null;
		}
		Instant instant = WebhookTimes.parse(value);
		if (instant == null) {
			throw new InvalidPayloadException(DeliveryResult.FIELD_INVALID);
		}
		return instant;
	}

	/**
	 * Whether the value is fit to be an id or type: not blank, not too long, and free of
	 * control characters (it may end up in logs).
	 */
	static boolean isSafeToken(String value, int maxLength) {
		if (value.isBlank() || value.length() > maxLength) {
			return false;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (Character.isISOControl(c) || Character.isWhitespace(c) || c == '\u2028' || c == '\u2029') {
				return false;
			}
		}
		return true;
	}

	static String sha256Hex(byte[] body) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	private static ObjectReader reader(Class<? extends TryMellonWebhookEvent> type) {
		return mapper.readerFor(type);
	}

	/**
	 * The payload's members, and where its {@code data} object lies in the body
	 * ({@code dataStart} {@code -1} when it has none).
	 */
	private record Document(Map<String, Object> root, int dataStart, int dataLength) {
	}

	/**
	 * A parsed event and its de-duplication key.
	 */
	record ParsedEvent(TryMellonWebhookEvent event, String key) {
	}

}
