package dev.trymellon.spring.remote;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;

import dev.trymellon.spring.remote.RemoteCallListener.Endpoint;
import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.TryMellonErrorCode;

/**
 * Reads TryMellon's answers, trusting only their documented fields: the validation
 * answer, enveloped ({@code {ok, data: {valid, user_id, ...}}}) or flat, its error body
 * ({@code {ok: false, error: {code, message}}}), and the RFC 7662 introspection answer,
 * of which only {@code active} and the documented members are read. JSON is parsed
 * strictly (one object, no duplicate member). A session refused by the API is a
 * {@link SessionTokenException} with the mapped code; an answer that cannot be trusted is
 * {@link TryMellonErrorCode#INTROSPECTION_FAILED} ("could not check").
 */
final class ApiAnswers {

	/** Largest body read. */
	static final int MAX_BODY = 64 * 1024;

	private static final long EXPIRY_SKEW_SECONDS = 30;

	private static final JsonFactory FACTORY = JsonFactory.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).build())
		.build();

	private ApiAnswers() {
	}

	/**
	 * Reads a {@code /v1/sessions/validate} answer whose status is neither {@code 429} nor
	 * {@code 5xx}.
	 */
	static RemoteValidation validation(int status, byte[] body, Instant now) {
		if (status != 200) {
			throw refusal(errorCode(body), status);
		}
		Map<String, @Nullable Object> root = object(body);
		Map<String, @Nullable Object> data = root;
		if (root.containsKey("ok")) {
			Object ok = root.get("ok");
			if (Boolean.FALSE.equals(ok)) {
				throw refusal(errorCode(body), status);
			}
			if (!Boolean.TRUE.equals(ok) || !(root.get("data") instanceof Map<?, ?>)) {
				throw untrusted("an envelope without 'ok: true' and a 'data' object");
			}
			data = member(root, "data");
		}
		Object valid = data.get("valid");
		if (Boolean.FALSE.equals(valid)) {
			throw new SessionTokenException(TryMellonErrorCode.SESSION_INVALID,
					"TryMellon's API answered that the session is not valid");
		}
		if (!Boolean.TRUE.equals(valid)) {
			throw untrusted("no boolean 'valid'");
		}
		return new RemoteValidation(Endpoint.VALIDATE, requiredText(data, "user_id"),
				optionalText(data, "external_user_id"), requiredText(data, "tenant_id"), requiredText(data, "app_id"),
				List.of(), null, null, null, null, now);
	}

	/**
	 * Reads a {@code /oauth/introspect} answer with status {@code 200}.
	 */
	static RemoteValidation introspection(byte[] body, Instant now) {
		Map<String, @Nullable Object> root = object(body);
		Object active = root.get("active");
		if (Boolean.FALSE.equals(active)) {
			throw new SessionTokenException(TryMellonErrorCode.SESSION_INVALID,
					"TryMellon's introspection answered that the token is not active");
		}
		if (!Boolean.TRUE.equals(active)) {
			throw untrusted("no boolean 'active'");
		}
		Instant expiresAt = optionalTime(root, "exp");
		if (expiresAt != null && expiresAt.getEpochSecond() + EXPIRY_SKEW_SECONDS < now.getEpochSecond()) {
			throw new SessionTokenException(TryMellonErrorCode.SESSION_EXPIRED,
					"TryMellon's introspection answered an 'exp' in the past");
		}
		return new RemoteValidation(Endpoint.INTROSPECT, requiredText(root, "sub"), null, null, null,
				audience(root.get("aud")), optionalText(root, "client_id"), optionalText(root, "iss"),
				optionalTime(root, "iat"), expiresAt, now);
	}

	/**
	 * Maps one of TryMellon's wire error codes to the refusal it means; an unknown code is
	 * a bad token on {@code 400}/{@code 401}, else an answer that cannot be trusted.
	 */
	static SessionTokenException refusal(@Nullable String wireCode, int status) {
		String code = (wireCode != null) ? wireCode.toLowerCase(Locale.ROOT) : "";
		TryMellonErrorCode mapped = switch (code) {
			case "invalid_session_token", "unauthorized", "invalid_token" -> TryMellonErrorCode.SESSION_INVALID;
			case "session_expired" -> TryMellonErrorCode.SESSION_EXPIRED;
			case "invalid_token_type" -> TryMellonErrorCode.TOKEN_TYPE_MISMATCH;
			case "user_not_found" -> TryMellonErrorCode.SESSION_REVOKED;
			case "session_jwt_kid_mismatch" -> TryMellonErrorCode.JWT_KID_MISMATCH;
			case "rate_limit_exceeded", "too_many_requests" -> TryMellonErrorCode.RATE_LIMIT_EXCEEDED;
			default -> (status == 400 || status == 401) ? TryMellonErrorCode.SESSION_INVALID
					: TryMellonErrorCode.INTROSPECTION_FAILED;
		};
		String shown = code.isEmpty() ? "no code" : "'" + printable(code) + "'";
		return new SessionTokenException(mapped, "TryMellon's API refused the session (HTTP " + status + ", " + shown
				+ ")");
	}

	static SessionTokenException untrusted(String reason) {
		return new SessionTokenException(TryMellonErrorCode.INTROSPECTION_FAILED,
				"TryMellon's API sent an answer that cannot be trusted: " + reason);
	}

	/**
	 * The error code of an error body: {@code error.code}, else {@code code}, else a string
	 * {@code error}; {@code null} when the body says none (or is not JSON).
	 */
	static @Nullable String errorCode(byte[] body) {
		Map<String, @Nullable Object> root;
		try {
			root = object(body);
		}
		catch (SessionTokenException ex) {
			return null;
		}
		Object error = root.get("error");
		if (error instanceof Map<?, ?> details && details.get("code") instanceof String code) {
			return code;
		}
		if (root.get("code") instanceof String code) {
			return code;
		}
		return (error instanceof String code) ? code : null;
	}

	private static String requiredText(Map<String, @Nullable Object> object, String name) {
		if (object.get(name) instanceof String value && !value.isEmpty()) {
			return value;
		}
		throw untrusted("no '" + name + "'");
	}

	private static @Nullable String optionalText(Map<String, @Nullable Object> object, String name) {
		Object value = object.get(name);
		if (value == null || value instanceof String) {
			String text = (String) value;
			return (text != null && !text.isEmpty()) ? text : null;
		}
		throw untrusted("'" + name + "' is not a string");
	}

	private static @Nullable Instant optionalTime(Map<String, @Nullable Object> object, String name) {
		Object value = object.get(name);
		if (value == null) {
			return null;
		}
		if (value instanceof Long seconds && seconds >= 0 && seconds <= 253402300799L) {
			return Instant.ofEpochSecond(seconds);
		}
		throw untrusted("'" + name + "' is not a NumericDate");
	}

	private static List<String> audience(@Nullable Object aud) {
		if (aud == null) {
			return List.of();
		}
		if (aud instanceof String value) {
			return List.of(value);
		}
		if (aud instanceof List<?> values) {
			List<String> audience = new ArrayList<>(values.size());
			for (Object value : values) {
				if (!(value instanceof String text)) {
					throw untrusted("'aud' holds a non-string");
				}
				audience.add(text);
			}
			return audience;
		}
		throw untrusted("'aud' is neither a string nor an array");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, @Nullable Object> member(Map<String, @Nullable Object> object, String name) {
		if (object.get(name) instanceof Map<?, ?> member) {
			return (Map<String, @Nullable Object>) member;
		}
		throw untrusted("no '" + name + "' object");
	}

	static Map<String, @Nullable Object> object(byte[] json) {
		try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), json)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				throw untrusted("not a JSON object");
			}
			Map<String, @Nullable Object> object = readObject(parser);
			if (parser.nextToken() != null) {
				throw untrusted("content after the JSON object");
			}
			return object;
		}
		catch (JacksonException ex) {
			throw untrusted("malformed JSON");
		}
	}

	private static Map<String, @Nullable Object> readObject(JsonParser parser) {
		Map<String, @Nullable Object> object = new LinkedHashMap<>();
		String name;
		while ((name = parser.nextName()) != null) {
			object.put(name, readValue(parser, parser.nextToken()));
		}
		if (parser.currentToken() != JsonToken.END_OBJECT) {
			throw untrusted("malformed JSON");
		}
		return object;
	}

	private static @Nullable Object readValue(JsonParser parser, @Nullable JsonToken token) {
		if (token == null) {
			throw untrusted("truncated JSON");
		}
		return switch (token) {
			case START_OBJECT -> readObject(parser);
			case START_ARRAY -> readArray(parser);
			case VALUE_STRING -> parser.getString();
			case VALUE_NUMBER_INT -> (parser.getNumberType() == JsonParser.NumberType.LONG
					|| parser.getNumberType() == JsonParser.NumberType.INT) ? (Object) parser.getLongValue()
							: parser.getDecimalValue();
			case VALUE_NUMBER_FLOAT -> parser.getDecimalValue();
			case VALUE_TRUE -> Boolean.TRUE;
			case VALUE_FALSE -> Boolean.FALSE;
			case VALUE_NULL -> null;
			default -> throw untrusted("malformed JSON");
		};
	}

	private static List<@Nullable Object> readArray(JsonParser parser) {
		List<@Nullable Object> array = new ArrayList<>();
		JsonToken token;
		while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
			array.add(readValue(parser, token));
		}
		return array;
	}

	/** At most 40 printable ASCII characters, so a code cannot forge log lines. */
	private static String printable(String text) {
		StringBuilder out = new StringBuilder(Math.min(text.length(), 40));
		for (int i = 0; i < text.length() && i < 40; i++) {
			char c = text.charAt(i);
			out.append((c >= 0x20 && c < 0x7f) ? c : '?');
		}
		return out.toString();
	}

}
