package dev.trymellon.spring.webhook.reactive;

import java.util.Arrays;
import java.util.function.BiConsumer;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SynchronousSink;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

import dev.trymellon.spring.webhook.DeliveryResult;

/**
 * Reads a request body into one array while it streams, counting the bytes of each
 * {@link DataBuffer} as it arrives: the buffer that would take the total over the limit
 * is refused before it is copied, the body is cancelled, and the result fails with a
 * {@link BodyReadException} for {@link DeliveryResult#BODY_TOO_LARGE}. Never holds more
 * than the limit, whatever the transfer encoding or declared length; every buffer is
 * released, the ones discarded by the cancellation too.
 *
 * @author TryMellon
 */
final class BoundedBodyReader {

	private static final int INITIAL_CAPACITY = 8192;

	/** The largest array a JVM reliably allocates. */
	private static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

	private static final byte[] EMPTY = new byte[0];

	private BoundedBodyReader() {
	}

	/**
	 * Reads the body.
	 * @param body the body's buffers
	 * @param declaredLength the declared length, {@code -1} when unknown; a correct one
	 * costs one array of exactly that size
	 * @param maxBodySize the largest accepted body
	 * @return the body's bytes, or an error {@link BodyReadException} for
	 * {@link DeliveryResult#BODY_TOO_LARGE} or, when the body cannot be read,
	 * {@link DeliveryResult#BODY_UNREADABLE}
	 */
	static Mono<byte[]> read(Publisher<? extends DataBuffer> body, long declaredLength, long maxBodySize) {
		return Mono.defer(() -> {
			Accumulator accumulator = new Accumulator(declaredLength, maxBodySize);
			return Flux.from(body)
				.handle(accumulator)
				.then(Mono.fromSupplier(accumulator::bytes))
				.onErrorMap((ex) -> !(ex instanceof BodyReadException),
						(ex) -> new BodyReadException(DeliveryResult.BODY_UNREADABLE));
		}).doOnDiscard(DataBuffer.class, DataBufferUtils::release);
	}

	/**
	 * Copies each buffer into the growing array, then releases it.
	 */
	private static final class Accumulator implements BiConsumer<DataBuffer, SynchronousSink<Object>> {

		private final int max;

		private byte[] bytes;

		private int count;

		Accumulator(long declaredLength, long maxBodySize) {
			this.max = (int) Math.min(maxBodySize, MAX_ARRAY_LENGTH);
			boolean trustDeclared = declaredLength >= 0 && declaredLength <= this.max;
			this.bytes = trustDeclared ? new byte[(int) declaredLength] : EMPTY;
		}

		@Override
		public void accept(DataBuffer buffer, SynchronousSink<Object> sink) {
			try {
				int readable = buffer.readableByteCount();
				if (readable > this.max - this.count) {
					sink.error(new BodyReadException(DeliveryResult.BODY_TOO_LARGE));
					return;
				}
				if (this.count + readable > this.bytes.length) {
					grow(this.count + readable);
				}
				buffer.read(this.bytes, this.count, readable);
				this.count += readable;
			}
			finally {
				DataBufferUtils.release(buffer);
			}
		}

		private void grow(int needed) {
			long doubled = Math.max(2L * this.bytes.length, INITIAL_CAPACITY);
			int capacity = (int) Math.min(Math.max(doubled, needed), this.max);
			this.bytes = Arrays.copyOf(this.bytes, capacity);
		}

		byte[] bytes() {
			return (this.count == this.bytes.length) ? this.bytes : Arrays.copyOf(this.bytes, this.count);
		}

	}

}
