package dev.trymellon.spring.session.offline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads a JWS header or payload, once, strictly: one JSON object in UTF-8 and nothing
 * after it, no duplicate member name at any depth, no comments, no {@code NaN}, nesting
 * at most {@value #MAX_DEPTH} deep. Objects become {@link LinkedHashMap}s in document
 * order, arrays {@link ArrayList}s, integers {@link Long} (or {@link java.math.BigInteger}
 * beyond its range), other numbers {@link Double}.
 */
final class StrictJson {

	static final int MAX_DEPTH = 32;

	private static final JsonFactory FACTORY = JsonFactory.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
		.build();

	private StrictJson() {
	}

	/**
	 * Parses a JSON object.
	 * @param json the UTF-8 document
	 * @param measured the name of a top-level member whose JSON size in bytes to report,
	 * or {@code null}
	 * @return the object, with the measured member's size
	 * @throws MalformedJsonException when the document is not one strict JSON object
	 */
	static Parsed parseObject(byte[] json, @Nullable String measured) {
		try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), json)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				throw new MalformedJsonException("not a JSON object");
			}
			int[] size = { -1 };
			Map<String, Object> object = readObject(parser, measured, size);
			if (parser.nextToken() != null) {
				throw new MalformedJsonException("content after the JSON object");
			}
			return new Parsed(object, size[0]);
		}
		catch (JacksonException ex) {
			throw new MalformedJsonException(printable(ex.getOriginalMessage()));
		}
	}

	/**
	 * Jackson's reason, which may quote the document: short, and only characters that
	 * cannot forge log lines.
	 */
	private static String printable(@Nullable String message) {
		if (message == null) {
			return "malformed JSON";
		}
		int length = Math.min(message.length(), 80);
		StringBuilder out = new StringBuilder(length + 3);
		for (int i = 0; i < length; i++) {
			char c = message.charAt(i);
			out.append((c >= 0x20 && c < 0x7f) ? c : '?');
		}
		return (message.length() > length) ? out.append("...").toString() : out.toString();
	}

	private static Map<String, Object> readObject(JsonParser parser, @Nullable String measured, int[] size) {
		Map<String, Object> object = new LinkedHashMap<>();
		String name;
		while ((name = parser.nextName()) != null) {
			JsonToken token = parser.nextToken();
			if (measured != null && token == JsonToken.START_OBJECT && measured.equals(name)) {
				long start = parser.currentTokenLocation().getByteOffset();
				object.put(name, readObject(parser, null, size));
				size[0] = (int) (parser.currentTokenLocation().getByteOffset() + 1 - start);
			}
			else {
				object.put(name, readValue(parser, token));
			}
		}
		if (parser.currentToken() != JsonToken.END_OBJECT) {
			throw new MalformedJsonException("unexpected " + parser.currentToken());
		}
		return object;
	}

	private static @Nullable Object readValue(JsonParser parser, @Nullable JsonToken token) {
		if (token == null) {
			throw new MalformedJsonException("unexpected end of input");
		}
		return switch (token) {
			case START_OBJECT -> readObject(parser, null, new int[1]);
			case START_ARRAY -> readArray(parser);
			case VALUE_STRING -> parser.getString();
			case VALUE_NUMBER_INT -> (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER)
					? parser.getBigIntegerValue() : (Object) parser.getLongValue();
			case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
			case VALUE_TRUE -> Boolean.TRUE;
			case VALUE_FALSE -> Boolean.FALSE;
			case VALUE_NULL -> null;
			default -> throw new MalformedJsonException("unexpected " + token);
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

	/**
	 * A parsed object.
	 *
	 * @param members the members, in document order
	 * @param measuredBytes the JSON size of the measured member, -1 when absent or not an
	 * object
	 */
	record Parsed(Map<String, Object> members, int measuredBytes) {
	}

	/**
	 * The document is not one strict JSON object.
	 */
	static final class MalformedJsonException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		MalformedJsonException(@Nullable String message) {
			super(message, null, false, false);
		}

	}

}
