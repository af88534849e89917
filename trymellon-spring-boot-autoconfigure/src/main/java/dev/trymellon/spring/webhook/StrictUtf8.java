package dev.trymellon.spring.webhook;

/**
 * The strict UTF-8 check of a webhook body, made in place before the JSON parser reads
 * the bytes.
 */
final class StrictUtf8 {

	private StrictUtf8() {
	}

	/**
	 * Checks that the body is well-formed UTF-8 (Unicode's table 3-7: no overlong form,
	 * no surrogate, nothing above U+10FFFF, no truncated sequence) without a NUL byte,
	 * which JSON never holds unescaped. So Jackson, which alone would accept overlong
	 * UTF-8 and guess UTF-16 or UTF-32 from zero bytes, reads it as UTF-8.
	 * @return where the JSON starts: after a leading byte order mark, if any
	 */
	static int check(byte[] body) throws InvalidPayloadException {
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

}
