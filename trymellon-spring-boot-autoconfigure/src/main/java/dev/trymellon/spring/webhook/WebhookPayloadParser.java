package dev.trymellon.spring.webhook;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.InjectableValues;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

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

	private static final char BYTE_ORDER_MARK = '\uFEFF';

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
		JsonNode root = readObject(body);
		Map<String, Object> payload = object(root);
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
		TryMellonWebhookEvent event = bind(type, envelope, (rawData != null) ? root.get("data") : null);
		String key = (bodyId != null) ? "id:" + bodyId : "sha256:" + sha256Hex(body);
		return new ParsedEvent(event, key);
	}

	private static TryMellonWebhookEvent bind(String type, WebhookEnvelope envelope, @Nullable JsonNode data)
			throws InvalidPayloadException {
		ObjectReader reader = readers.get(type);
		if (reader == null) {
			return new UnknownWebhookEvent(envelope, type);
		}
		try {
			return reader.with(new InjectableValues.Std().addValue(ENVELOPE, envelope))
				.readValue((data != null) ? data : JsonNodeFactory.instance.objectNode());
		}
		catch (JacksonException ex) {
			throw new InvalidPayloadException(DeliveryResult.FIELD_INVALID);
		}
	}

	/**
	 * Reads the body as strict UTF-8 JSON holding one object.
	 */
	private static JsonNode readObject(byte[] body) throws InvalidPayloadException {
		String text;
		try {
			// Jackson alone would accept overlong UTF-8 and guess UTF-16 or UTF-32.
			text = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(body))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new InvalidPayloadException(DeliveryResult.MALFORMED_JSON);
		}
		if (!text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK) {
			text = text.substring(1);
		}
		JsonNode root;
		try {
			root = mapper.readTree(text);
		}
		catch (JacksonException ex) {
			throw new InvalidPayloadException(DeliveryResult.MALFORMED_JSON);
		}
		if (root == null || !root.isObject()) {
			throw new InvalidPayloadException(DeliveryResult.MALFORMED_JSON);
		}
		return root;
	}

	/**
	 * Converts the tree into plain maps and lists: {@code null} members left out,
	 * integers that fit a {@code long} as {@code Long}, other numbers as {@code Double} (a
	 * non-finite one is refused).
	 */
	private static Map<String, Object> object(JsonNode node) throws InvalidPayloadException {
		Map<String, Object> map = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> property : node.properties()) {
			Object value = value(property.getValue());
			if (value != null) {
				map.put(property.getKey(), value);
			}
		}
		return map;
	}

	private static @Nullable Object value(JsonNode node) throws InvalidPayloadException {
		switch (node.getNodeType()) {
			case OBJECT:
				return object(node);
			case ARRAY:
				List<@Nullable Object> list = new ArrayList<>(node.size());
				for (JsonNode element : node) {
					list.add(value(element));
				}
				return list;
			case STRING:
				return node.stringValue();
			case BOOLEAN:
				return node.booleanValue();
			case NULL:
				return null;
			case NUMBER:
				if (node.isIntegralNumber() && node.canConvertToLong()) {
					return node.longValue();
				}
				double number = node.doubleValue();
				if (!Double.isFinite(number)) {
					throw new InvalidPayloadException(DeliveryResult.MALFORMED_JSON);
				}
				return number;
			default:
				throw new InvalidPayloadException(DeliveryResult.MALFORMED_JSON);
		}
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
		Instant instant = parseInstant(value);
		if (instant == null) {
			throw new InvalidPayloadException(DeliveryResult.FIELD_INVALID);
		}
		return instant;
	}

	/**
	 * Parses an RFC 3339 time with an offset, such as {@code 2026-04-15T12:00:00.000Z}.
	 * @return the instant, or {@code null} when the value is not such a time
	 */
	static @Nullable Instant parseInstant(String value) {
		try {
			return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
		}
		catch (DateTimeException ex) {
			return null;
		}
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
	 * A parsed event and its de-duplication key.
	 */
	record ParsedEvent(TryMellonWebhookEvent event, String key) {
	}

}
