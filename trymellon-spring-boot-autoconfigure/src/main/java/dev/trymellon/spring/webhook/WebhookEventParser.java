package dev.trymellon.spring.webhook;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.jspecify.annotations.Nullable;

/**
 * Turns the verified raw body of a delivery into a {@link TryMellonWebhookEvent} and its
 * de-duplication key. Accepts both envelope shapes: {@code id / type / created_at} (the
 * documented catalog) and {@code event / timestamp} (the SDK's).
 *
 * @author TryMellon
 */
final class WebhookEventParser {

	static final int MAX_ID_LENGTH = 256;

	static final int MAX_TYPE_LENGTH = 128;

	private static final char BYTE_ORDER_MARK = '\uFEFF';

	private WebhookEventParser() {
	}

	/**
	 * Parses a body whose signature has been verified.
	 * @param body the raw body
	 * @param deliveryId the {@code tm-event-id} header, already checked, or {@code null}
	 * @return the event and its de-duplication key
	 * @throws InvalidPayloadException when the payload is not an acceptable event
	 */
	static ParsedEvent parse(byte[] body, @Nullable String deliveryId) throws InvalidPayloadException {
		Map<String, Object> payload = parseJson(body);
		String type = firstString(payload, "type", "event");
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
		Map<String, Object> data = (rawData != null) ? readOnly((Map<?, ?>) rawData) : Collections.emptyMap();
		String tenantId = string(payload, "tenant_id");
		if (tenantId == null) {
			tenantId = string(data, "tenant_id");
		}
		String applicationId = string(payload, "application_id");
		if (applicationId == null) {
			applicationId = string(data, "application_id");
		}
		Envelope envelope = new Envelope(id, createdAt, tenantId, applicationId);
		TryMellonWebhookEvent event = create(type, envelope, new Fields(data));
		String key = (bodyId != null) ? "id:" + bodyId : "sha256:" + sha256Hex(body);
		return new ParsedEvent(event, key);
	}

	private static TryMellonWebhookEvent create(String type, Envelope envelope, Fields fields)
			throws InvalidPayloadException {
		return switch (type) {
			case ApplicationSecretRotatedEvent.TYPE -> new ApplicationSecretRotatedEvent(envelope.id(),
					envelope.createdAt(), envelope.tenantId(), envelope.applicationId(), fields.data(),
					fields.string("client_id"), fields.string("rotated_by"), fields.string("actor_user_id"),
					fields.instant("rotated_at"), fields.instant("previous_secret_expires_at"));
			case SessionRevokedEvent.TYPE -> new SessionRevokedEvent(envelope.id(), envelope.createdAt(),
					envelope.tenantId(), envelope.applicationId(), fields.data(), fields.string("user_id"),
					fields.string("session_id"), fields.string("external_user_id"), fields.string("revoked_by"),
					fields.string("reason"), fields.instant("revoked_at"));
			case SessionLogoutEvent.TYPE -> new SessionLogoutEvent(envelope.id(), envelope.createdAt(),
					envelope.tenantId(), envelope.applicationId(), fields.data(), fields.string("user_id"),
					fields.string("session_id"), fields.string("external_user_id"),
					fields.instant("logged_out_at"));
			case UserLockedEvent.TYPE -> new UserLockedEvent(envelope.id(), envelope.createdAt(),
					envelope.tenantId(), envelope.applicationId(), fields.data(), fields.string("user_id"),
					fields.string("external_user_id"), fields.instant("locked_at"), fields.string("lockout_level"),
					fields.string("reason"));
			case CredentialRevokedEvent.TYPE -> new CredentialRevokedEvent(envelope.id(), envelope.createdAt(),
					envelope.tenantId(), envelope.applicationId(), fields.data(), fields.string("user_id"),
					fields.string("credential_id"), fields.instant("revoked_at"), fields.string("reason"));
			case IdentifierLinkedEvent.TYPE -> new IdentifierLinkedEvent(envelope.id(), envelope.createdAt(),
					envelope.tenantId(), envelope.applicationId(), fields.data(), fields.string("user_id"),
					fields.string("identifier_id"), fields.string("identifier_type"),
					fields.string("identifier_value"), fields.instant("linked_at"));
			case IdentifierUnlinkedEvent.TYPE -> new IdentifierUnlinkedEvent(envelope.id(), envelope.createdAt(),
					envelope.tenantId(), envelope.applicationId(), fields.data(), fields.string("user_id"),
					fields.string("identifier_id"), fields.string("identifier_type"),
					fields.string("identifier_value"), fields.instant("unlinked_at"));
			case RecoveryEnrollmentIssuedEvent.TYPE -> new RecoveryEnrollmentIssuedEvent(envelope.id(),
					envelope.createdAt(), envelope.tenantId(), envelope.applicationId(), fields.data(),
					fields.string("user_id"), fields.string("external_user_id"), fields.string("ticket_id"),
					fields.string("context_hash"), fields.instant("expires_at"), fields.instant("issued_at"));
			case RecoveryEnrollmentCompletedEvent.TYPE -> new RecoveryEnrollmentCompletedEvent(envelope.id(),
					envelope.createdAt(), envelope.tenantId(), envelope.applicationId(), fields.data(),
					fields.string("user_id"), fields.string("ticket_id"), fields.string("credential_id"),
					fields.string("reason"), fields.instant("completed_at"));
			case AuthSuccessEvent.TYPE -> new AuthSuccessEvent(envelope.id(), envelope.createdAt(),
					envelope.tenantId(), envelope.applicationId(), fields.data(), fields.string("user_id"),
					fields.string("external_user_id"), fields.string("credential_id"),
					fields.instant("timestamp"));
			default -> new UnknownWebhookEvent(envelope.id(), type, envelope.createdAt(), envelope.tenantId(),
					envelope.applicationId(), fields.data());
		};
	}

	private static Map<String, Object> parseJson(byte[] body) throws InvalidPayloadException {
		String text;
		try {
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
		try {
			return JSONObjectUtils.parse(text);
		}
		catch (ParseException | RuntimeException | StackOverflowError ex) {
			throw new InvalidPayloadException(DeliveryResult.MALFORMED_JSON);
		}
	}

	private static @Nullable String firstString(Map<String, Object> map, String name, String fallback)
			throws InvalidPayloadException {
		String value = string(map, name);
		return (value != null) ? value : string(map, fallback);
	}

	static @Nullable String string(Map<String, Object> map, String name) throws InvalidPayloadException {
		Object value = map.get(name);
		if (value == null) {
			return null;
		}
		if (!(value instanceof String string)) {
			throw new InvalidPayloadException(DeliveryResult.FIELD_INVALID);
		}
		return string;
	}

	static @Nullable Instant instant(Map<String, Object> map, String name) throws InvalidPayloadException {
		String value = string(map, name);
		if (value == null) {
			return null;
		}
		try {
			return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
		}
		catch (DateTimeException ex) {
			throw new InvalidPayloadException(DeliveryResult.FIELD_INVALID);
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

	static Map<String, Object> requireEnvelope(@Nullable String id, @Nullable Map<String, Object> data) {
		if (id == null || id.isBlank()) {
			throw new IllegalArgumentException("id must not be empty");
		}
		if (data == null) {
			throw new IllegalArgumentException("data must not be null");
		}
		return readOnly(data);
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

	static String sha256Hex(byte[] body) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	/**
	 * A parsed event and its de-duplication key.
	 */
	record ParsedEvent(TryMellonWebhookEvent event, String key) {
	}

	private record Envelope(String id, @Nullable Instant createdAt, @Nullable String tenantId,
			@Nullable String applicationId) {
	}

	private record Fields(Map<String, Object> data) {

		@Nullable String string(String name) throws InvalidPayloadException {
			return WebhookEventParser.string(this.data, name);
		}

		@Nullable Instant instant(String name) throws InvalidPayloadException {
			return WebhookEventParser.instant(this.data, name);
		}

	}

}
