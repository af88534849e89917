package dev.trymellon.spring.webhook.servlet;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class BoundedBodyTests {

	@ParameterizedTest
	@CsvSource({ "0,-1", "0,0", "1,-1", "1,1", "999,-1", "1000,-1", "1000,1000", "1000,10", "500,999", "20000,-1" })
	void bodyUpToTheLimitIsReadWhole(int size, long declared) throws Exception {
		byte[] body = bytes(size);
		long limit = Math.max(size, 1000);
		assertThat(BoundedBody.read(new ByteArrayInputStream(body), declared, limit)).isEqualTo(body);
	}

	@ParameterizedTest
	@CsvSource({ "1001,-1", "1001,1000", "1001,10", "5000,-1", "1001,0" })
	void bodyOverTheLimitIsRefusedWhateverWasDeclared(int size, long declared) throws Exception {
		assertThat(BoundedBody.read(new ByteArrayInputStream(bytes(size)), declared, 1000)).isNull();
	}

	@Test
	void aCorrectDeclaredLengthIsReadIntoOneArrayOfThatSize() throws Exception {
		byte[] body = bytes(777);
		byte[] read = BoundedBody.read(new ByteArrayInputStream(body), 777, 1000);
		assertThat(read).hasSize(777).isEqualTo(body);
	}

	@Test
	void neverReadsMoreThanOneByteOverTheLimit() throws Exception {
		int[] served = { 0 };
		InputStream endless = new InputStream() {
			@Override
			public int read() {
				served[0]++;
				return 'x';
			}
		};
		assertThat(BoundedBody.read(endless, -1, 300_000)).isNull();
		assertThat(served[0]).isEqualTo(300_001);
		served[0] = 0;
		assertThat(BoundedBody.read(endless, 10, 300_000)).isNull();
		assertThat(served[0]).isEqualTo(300_001);
	}

	private static byte[] bytes(int size) {
		byte[] bytes = new byte[size];
		Arrays.fill(bytes, (byte) 'a');
		for (int i = 0; i < size; i++) {
			bytes[i] = (byte) ('a' + (i % 26));
		}
		return bytes;
	}

}
