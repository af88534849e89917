package dev.trymellon.spring.webhook;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.format.DateTimeFormatter;
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
		int start = checkUtf8(body);
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

	/**
	 * Checks that the body is well-formed UTF-8 (Unicode's table 3-7: no overlong form,
	 * no surrogate, nothing above U+10FFFF, no truncated sequence) without a NUL byte,
	 * which JSON never holds unescaped. So Jackson, which alone would accept overlong
	 * UTF-8 and guess UTF-16 or UTF-32 from zero bytes, reads it as UTF-8.
	 * @return where the JSON starts: after a leading byte order mark, if any
	 */
	static int checkUtf8(byte[] body) throws InvalidPayloadException {
		int start = startsWithByteOrderMark(body, 0) ? 3 : 0;
		if (startsWithByteOrderMark(body, start)) {
			throw new InvalidPayloadException(DeliveryResult.MALFORMED_JSON);
		}
		int i = start;
		int length = body.length;
		while (i < length) {
			int b = body[i];
			if (b > 0) {
				i++;
				continue;
			}
			b &= 0xFF;
			int needed;
			int low = 0x80;
			int high = 0xBF;
			if (b >= 0xC2 && b <= 0xDF) {
				needed = 1;
			}
			else if (b >= 0xE0 && b <= 0xEF) {
				needed = 2;
				low = (b == 0xE0) ? 0xA0 : 0x80;
				high = (b == 0xED) ? 0x9F : 0xBF;
			}
			else if (b >= 0xF0 && b <= 0xF4) {
				needed = 3;
				low = (b == 0xF0) ? 0x90 : 0x80;
				high = (b == 0xF4) ? 0x8F : 0xBF;
			}
			else {
				throw new InvalidPayloadException(DeliveryResult.MALFORMED_JSON);
			}
			if (i + needed >= length) {
				throw new InvalidPayloadException(DeliveryResult.MALFORMED_JSON);
			}
			int second = body[i + 1] & 0xFF;
			if (second < low || second > high) {
				throw new InvalidPayloadException(DeliveryResult.MALFORMED_JSON);
			}
			for (int k = 2; k <= needed; k++) {
				int next = body[i + k] & 0xFF;
				if (next < 0x80 || next > 0xBF) {
					throw new InvalidPayloadException(DeliveryResult.MALFORMED_JSON);
				}
			}
			i += needed + 1;
		}
		return start;
	}

	private static boolean startsWithByteOrderMark(byte[] body, int offset) {
		return body.length - offset >= 3 && body[offset] == (byte) 0xEF && body[offset + 1] == (byte) 0xBB
				&& body[offset + 2] == (byte) 0xBF;
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
		Instant common = parseCommonInstant(value);
		if (common != null) {
			return common;
		}
		try {
			return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
		}
		catch (DateTimeException ex) {
			return null;
		}
	}

	/**
	 * The shape almost every time has, {@code yyyy-MM-ddTHH:mm:ss}, an optional fraction of
	 * one to nine digits, then {@code Z} or {@code +HH:MM} / {@code -HH:MM}, read without
	 * the formatter (a tenth of its cost). The fields are checked as strictly as
	 * {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} checks them.
	 * @return the instant, or {@code null} when the value has another shape (the
	 * formatter then decides) or is not a valid time
	 */
	private static @Nullable Instant parseCommonInstant(String value) {
		int length = value.length();
		if (length < 20 || length > 35 || value.charAt(4) != '-' || value.charAt(7) != '-' || value.charAt(10) != 'T'
				|| value.charAt(13) != ':' || value.charAt(16) != ':') {
			return null;
		}
		int year = digits(value, 0, 4);
		int month = digits(value, 5, 2);
		int day = digits(value, 8, 2);
		int hour = digits(value, 11, 2);
		int minute = digits(value, 14, 2);
		int second = digits(value, 17, 2);
		if ((year | month | day | hour | minute | second) < 0) {
			return null;
		}
		int index = 19;
		int nanos = 0;
		if (value.charAt(index) == '.') {
			int fractionStart = ++index;
			while (index < length && index - fractionStart < 10 && isDigit(value.charAt(index))) {
				index++;
			}
			int fractionDigits = index - fractionStart;
			if (fractionDigits < 1 || fractionDigits > 9) {
				return null;
			}
			nanos = digits(value, fractionStart, fractionDigits);
			for (int i = fractionDigits; i < 9; i++) {
				nanos *= 10;
			}
		}
		int offsetSeconds;
		if (index == length - 1 && value.charAt(index) == 'Z') {
			offsetSeconds = 0;
		}
		else if (index == length - 6 && (value.charAt(index) == '+' || value.charAt(index) == '-')
				&& value.charAt(index + 3) == ':') {
			int offsetHours = digits(value, index + 1, 2);
			int offsetMinutes = digits(value, index + 4, 2);
			if ((offsetHours | offsetMinutes) < 0 || offsetHours > 18 || offsetMinutes > 59
					|| (offsetHours == 18 && offsetMinutes > 0)) {
				return null;
			}
			offsetSeconds = ((value.charAt(index) == '-') ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60);
		}
		else {
			return null;
		}
		if (month < 1 || month > 12 || day < 1 || day > Month.of(month).length(Year.isLeap(year)) || hour > 23
				|| minute > 59 || second > 59) {
			return null;
		}
		long epochDay = LocalDate.of(year, month, day).toEpochDay();
		return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds, nanos);
	}

	/**
	 * The number written with exactly these ASCII digits, {@code -1} when one is not.
	 */
	private static int digits(String value, int start, int count) {
		int number = 0;
		for (int i = start; i < start + count; i++) {
			char c = value.charAt(i);
			if (!isDigit(c)) {
				return -1;
			}
			number = number * 10 + (c - '0');
		}
		return number;
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
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
