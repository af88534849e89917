package dev.trymellon.spring.web.internal;

/**
 * Writes a JSON string value, escaped so that it is also safe to read as HTML or
 * JavaScript: quotes, backslashes, control characters, {@code <}, {@code >}, {@code &}
 * and the line and paragraph separators U+2028 and U+2029 become escapes. Shared by the
 * problem bodies and the browser session view, which write their small bodies by hand.
 * <p>
 * Internal to the starter: not an API, it may change in any release.
 *
 * @author TryMellon
 * @since 0.2.0
 */
public final class JsonText {

	private JsonText() {
	}

	/**
	 * Appends the value as a quoted JSON string.
	 * @param json where to append
	 * @param value the value
	 */
	public static void quote(StringBuilder json, String value) {
		json.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				default -> {
					if (c < 0x20 || c == 0x2028 || c == 0x2029 || c == '<' || c == '>' || c == '&') {
						json.append(String.format("\\u%04x", (int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		json.append('"');
	}

}
