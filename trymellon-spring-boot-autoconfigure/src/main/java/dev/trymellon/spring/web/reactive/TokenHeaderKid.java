package dev.trymellon.spring.web.reactive;

import java.util.Base64;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads the {@code kid} of a compact JWS header, only to tell whether verifying the
 * token may fetch keys. Deliberately more lenient than the verifier's strict parser
 * (padding allowed, duplicate members and any nesting accepted): whatever header the
 * verifier accepts, this reads its {@code kid}; where this finds none, the verifier
 * refuses the token before it looks a key up.
 */
final class TokenHeaderKid {

	private static final JsonFactory FACTORY = JsonFactory.builder().build();

	private static final int MAX_HEADER_LENGTH = 4096;

	private TokenHeaderKid() {
	}

	static @Nullable String read(String token) {
		int dot = token.indexOf('.');
		if (dot <= 0 || dot > MAX_HEADER_LENGTH) {
			return null;
		}
		byte[] header;
		try {
			header = Base64.getUrlDecoder().decode(token.substring(0, dot));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
		try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), header)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return null;
			}
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				JsonToken value = parser.nextToken();
				if ("kid".equals(name) && value == JsonToken.VALUE_STRING) {
					String kid = parser.getString();
					return (kid != null && !kid.isEmpty()) ? kid : null;
				}
				parser.skipChildren();
			}
			return null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

}
