package dev.trymellon.spring.webhook.servlet;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * Reads a request body without ever holding more than the limit plus one byte, whatever
 * the transfer encoding and whatever length was declared (it may be absent or lie).
 *
 * @author TryMellon
 */
final class BoundedBody {

	private static final int INITIAL_CAPACITY = 8192;

	/** The largest array a JVM reliably allocates. */
	private static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

	private BoundedBody() {
	}

	/**
	 * Reads the stream to its end, or until one byte more than the limit has been read.
	 * A correct declared length costs one array of exactly that size.
	 * @param input the body
	 * @param declaredLength the declared length, {@code -1} when unknown
	 * @param maxBodySize the largest accepted body
	 * @return the body, or {@code null} when it is larger than the limit
	 * @throws IOException when the body cannot be read
	 */
	static byte @Nullable [] read(InputStream input, long declaredLength, long maxBodySize) throws IOException {
		long max = Math.min(maxBodySize, MAX_ARRAY_LENGTH - 1);
		int limit = (int) max + 1;
		boolean trustDeclared = declaredLength >= 0 && declaredLength <= max;
		byte[] buffer = new byte[trustDeclared ? (int) declaredLength : Math.min(INITIAL_CAPACITY, limit)];
		int count = 0;
		while (true) {
			if (count == buffer.length) {
				if (trustDeclared) {
					int next = input.read();
					if (next == -1) {
						return buffer;
					}
					trustDeclared = false;
					buffer = grow(buffer, limit);
					buffer[count++] = (byte) next;
					continue;
				}
				if (buffer.length == limit) {
					return null;
				}
				buffer = grow(buffer, limit);
			}
			int read = input.read(buffer, count, buffer.length - count);
			if (read == -1) {
				return (count == buffer.length) ? buffer : Arrays.copyOf(buffer, count);
			}
			count += read;
		}
	}

	private static byte[] grow(byte[] buffer, int limit) {
		long doubled = Math.max(2L * buffer.length, INITIAL_CAPACITY);
		return Arrays.copyOf(buffer, (int) Math.min(doubled, limit));
	}

}
