package dev.trymellon.spring.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a fuzzer input into lines, so that the committed seeds stay readable text: each
 * target documents what its lines mean.
 */
final class FuzzLines {

	private FuzzLines() {
	}

	/** The input's lines (split at {@code \n}), as bytes, at most {@code limit} of them; the last one takes the rest. */
	static List<byte[]> split(byte[] input, int limit) {
		List<byte[]> lines = new ArrayList<>();
		int start = 0;
		for (int i = 0; i < input.length && lines.size() < limit - 1; i++) {
			if (input[i] == '\n') {
				lines.add(Arrays.copyOfRange(input, start, i));
				start = i + 1;
			}
		}
		lines.add(Arrays.copyOfRange(input, Math.min(start, input.length), input.length));
		return lines;
	}

	static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

}
