package dev.trymellon.spring.webhook.reactive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import reactor.test.publisher.TestPublisher;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.NettyDataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;

import dev.trymellon.spring.webhook.DeliveryResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading a body bounded while it streams: the counterpart of {@code BoundedBodyTests}.
 */
class BoundedBodyReaderTests {

	private final NettyDataBufferFactory factory = new NettyDataBufferFactory(new UnpooledByteBufAllocator(false));

	private final List<NettyDataBuffer> served = new CopyOnWriteArrayList<>();

	@Test
	void bodyUnderTheLimitIsReadWhole() {
		byte[] body = "{\"id\":\"evt_1\",\"type\":\"x\"}".getBytes(StandardCharsets.UTF_8);
		StepVerifier.create(BoundedBodyReader.read(chunks(body, 5), body.length, 1000))
			.assertNext((bytes) -> assertThat(bytes).isEqualTo(body))
			.verifyComplete();
		assertReleased();
	}

	@Test
	void bodyWithoutDeclaredLengthExactlyAtTheLimitIsRead() {
		byte[] body = new byte[20_000];
		Arrays.fill(body, (byte) 'a');
		StepVerifier.create(BoundedBodyReader.read(chunks(body, 3000), -1, 20_000))
			.assertNext((bytes) -> assertThat(bytes).isEqualTo(body))
			.verifyComplete();
		assertReleased();
	}

	@Test
	void emptyBodyIsAnEmptyArray() {
		StepVerifier.create(BoundedBodyReader.read(Flux.empty(), -1, 1000))
			.assertNext((bytes) -> assertThat(bytes).isEmpty())
			.verifyComplete();
		StepVerifier.create(BoundedBodyReader.read(Flux.empty(), 0, 1000))
			.assertNext((bytes) -> assertThat(bytes).isEmpty())
			.verifyComplete();
	}

	@Test
	void declaredLengthThatLiesShortIsNotTrusted() {
		byte[] body = new byte[500];
		StepVerifier.create(BoundedBodyReader.read(chunks(body, 64), 10, 1000))
			.assertNext((bytes) -> assertThat(bytes).hasSize(500))
			.verifyComplete();
		assertReleased();
	}

	@Test
	void oneByteOverTheLimitIsRefusedAndTheBodyCancelled() {
		TestPublisher<DataBuffer> body = TestPublisher.create();
		StepVerifier.create(BoundedBodyReader.read(body, -1, 10))
			.then(() -> body.next(buffer(new byte[6])))
			.then(() -> body.next(buffer(new byte[5])))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(BodyReadException.class)
				.extracting((error) -> ((BodyReadException) error).result())
				.isEqualTo(DeliveryResult.BODY_TOO_LARGE))
			.verify(Duration.ofSeconds(5));
		body.assertCancelled();
		assertReleased();
	}

	@Test
	void failingBodyIsUnreadableAndItsBuffersReleased() {
		Flux<DataBuffer> body = Flux.concat(chunks(new byte[30], 10), Flux.error(new IOException("reset")));
		StepVerifier.create(BoundedBodyReader.read(body, -1, 1000))
			.expectErrorSatisfies((ex) -> assertThat(((BodyReadException) ex).result())
				.isEqualTo(DeliveryResult.BODY_UNREADABLE))
			.verify(Duration.ofSeconds(5));
		assertReleased();
	}

	@Test
	void refusalHasNoStackTrace() {
		assertThat(new BodyReadException(DeliveryResult.BODY_TOO_LARGE).getStackTrace()).isEmpty();
	}

	private Flux<DataBuffer> chunks(byte[] body, int size) {
		return Flux.range(0, (body.length + size - 1) / size)
			.map((i) -> buffer(Arrays.copyOfRange(body, i * size, Math.min(i * size + size, body.length))));
	}

	private DataBuffer buffer(byte[] bytes) {
		NettyDataBuffer buffer = this.factory.allocateBuffer(Math.max(bytes.length, 1));
		buffer.write(bytes);
		this.served.add(buffer);
		return buffer;
	}

	private void assertReleased() {
		assertThat(this.served).isNotEmpty()
			.allSatisfy((buffer) -> assertThat(buffer.getNativeBuffer().refCnt()).isZero());
	}

}
