package dev.trymellon.spring.session.offline;

import com.nimbusds.jose.util.Base64URL;
import org.jspecify.annotations.Nullable;

/**
 * A token split into the three parts of a compact JWS by one pass over its characters,
 * before anything is decoded: only base64url characters and exactly two dots, a
 * non-empty header and payload, and each part in its one canonical spelling (no
 * padding, no length that base64url cannot produce, no set bits in the unused low bits
 * of the last character). So a token has exactly one accepted spelling, and the
 * verified-token cache holds at most one entry per token.
 * <p>
 * The signature may be empty here: an unsigned token is told apart (and refused) by its
 * header.
 */
final class CompactJws {

	/** Base64url alphabet value of each ASCII character, -1 for any other. */
	private static final byte[] VALUES = new byte[128];

	static {
		java.util.Arrays.fill(VALUES, (byte) -1);
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
		for (int i = 0; i < alphabet.length(); i++) {
			VALUES[alphabet.charAt(i)] = (byte) i;
		}
	}

	private final String token;

	private final int firstDot;

	private final int secondDot;

	private CompactJws(String token, int firstDot, int secondDot) {
		this.token = token;
		this.firstDot = firstDot;
		this.secondDot = secondDot;
	}

	/**
	 * Splits the token.
	 * @param token the token
	 * @return its parts, or {@code null} when it is not three canonical base64url parts
	 */
	static @Nullable CompactJws split(String token) {
		int length = token.length();
		int firstDot = -1;
		int secondDot = -1;
		for (int i = 0; i < length; i++) {
			char c = token.charAt(i);
			if (c == '.') {
				if (firstDot < 0) {
					firstDot = i;
				}
				else if (secondDot < 0) {
					secondDot = i;
				}
				else {
					return null;
				}
			}
			else if (c >= 128 || VALUES[c] < 0) {
				return null;
			}
		}
		if (secondDot < 0 || firstDot == 0 || secondDot == firstDot + 1) {
			return null;
		}
		if (!isCanonical(token, 0, firstDot) || !isCanonical(token, firstDot + 1, secondDot)
				|| !isCanonical(token, secondDot + 1, length)) {
			return null;
		}
		return new CompactJws(token, firstDot, secondDot);
	}

	/**
	 * Whether the characters in {@code [start, end)}, already known to be base64url, are
	 * the one spelling unpadded base64url gives their bytes: a length of 4n, 4n+2 or
	 * 4n+3, and zero bits where the last character has more bits than the bytes need.
	 */
	static boolean isCanonical(String text, int start, int end) {
		int length = end - start;
		if (length == 0) {
			return true;
		}
		int last = VALUES[text.charAt(end - 1)];
		return switch (length % 4) {
			case 1 -> false;
			case 2 -> (last & 0x0F) == 0;
			case 3 -> (last & 0x03) == 0;
			default -> true;
		};
	}

	boolean hasSignature() {
		return this.secondDot < this.token.length() - 1;
	}

	byte[] header() {
		return decode(this.token, 0, this.firstDot);
	}

	byte[] payload() {
		return decode(this.token, this.firstDot + 1, this.secondDot);
	}

	/**
	 * The JWS signing input: the ASCII bytes of {@code header.payload}.
	 */
	byte[] signingInput() {
		byte[] input = new byte[this.secondDot];
		for (int i = 0; i < input.length; i++) {
			input[i] = (byte) this.token.charAt(i);
		}
		return input;
	}

	Base64URL signature() {
		return new Base64URL(this.token.substring(this.secondDot + 1));
	}

	/**
	 * Decodes canonical, unpadded base64url characters (checked by {@link #split}).
	 */
	private static byte[] decode(String text, int start, int end) {
		int length = end - start;
		byte[] out = new byte[length / 4 * 3 + Math.max(0, length % 4 - 1)];
		int bits = 0;
		int count = 0;
		int o = 0;
		for (int i = start; i < end; i++) {
			bits = (bits << 6) | VALUES[text.charAt(i)];
			count += 6;
			if (count >= 8) {
				count -= 8;
				out[o++] = (byte) (bits >> count);
				bits &= (1 << count) - 1;
			}
		}
		return out;
	}

}
