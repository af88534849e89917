package dev.trymellon.spring.session.offline;

import org.jspecify.annotations.Nullable;

/**
 * Compares {@code typ} header values the way RFC 7515 (section 4.1.9) says media types
 * compare: ignoring case, and with the {@code application/} prefix optional.
 */
final class TokenTypes {

	private static final String APPLICATION = "application/";

	private TokenTypes() {
	}

	/**
	 * Whether the token's type is the expected one.
	 * @param expected the expected type
	 * @param actual the token's {@code typ}, or {@code null} when it has none
	 * @return {@code true} when they name the same type
	 */
	static boolean matches(String expected, @Nullable String actual) {
		if (actual == null) {
			return false;
		}
		return withoutPrefix(expected).equalsIgnoreCase(withoutPrefix(actual));
	}

	private static String withoutPrefix(String type) {
		boolean prefixed = type.regionMatches(true, 0, APPLICATION, 0, APPLICATION.length())
				&& type.indexOf('/', APPLICATION.length()) < 0;
		return prefixed ? type.substring(APPLICATION.length()) : type;
	}

}
