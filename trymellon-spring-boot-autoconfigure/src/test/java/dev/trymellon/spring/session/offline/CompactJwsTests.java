package dev.trymellon.spring.session.offline;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class CompactJwsTests {

	private static String b64(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	@Test
	void splitWhenCanonicalThenDecodesEveryLengthAsTheJdkDoes() {
		Random random = new Random(42);
		for (int length = 1; length < 64; length++) {
			byte[] header = new byte[length];
			byte[] payload = new byte[length + 1];
			byte[] signature = new byte[length + 2];
			random.nextBytes(header);
			random.nextBytes(payload);
			random.nextBytes(signature);
			String token = b64(header) + "." + b64(payload) + "." + b64(signature);
			CompactJws jws = CompactJws.split(token);
			assertThat(jws).as("length %d", length).isNotNull();
			assertThat(jws.header()).isEqualTo(header);
			assertThat(jws.payload()).isEqualTo(payload);
			assertThat(jws.signature().decode()).isEqualTo(signature);
			assertThat(jws.signingInput())
				.isEqualTo((b64(header) + "." + b64(payload)).getBytes(StandardCharsets.US_ASCII));
		}
	}

	@Test
	void isCanonicalWhenUnusedBitsAreSetThenFalse() {
		// "QQ" is 'A' (0x41); "QR" .. "Qf" decode to the same byte with spare bits set.
		assertThat(CompactJws.isCanonical("QQ", 0, 2)).isTrue();
		assertThat(CompactJws.isCanonical("QR", 0, 2)).isFalse();
		assertThat(CompactJws.isCanonical("QX", 0, 2)).isFalse();
		// "QUI" is "AB"; "QUJ" sets one of its two spare bits.
		assertThat(CompactJws.isCanonical("QUI", 0, 3)).isTrue();
		assertThat(CompactJws.isCanonical("QUJ", 0, 3)).isFalse();
		assertThat(CompactJws.isCanonical("QUJD", 0, 4)).isTrue();
		assertThat(CompactJws.isCanonical("QUJDR", 0, 5)).isFalse();
		assertThat(CompactJws.isCanonical("xQQx", 1, 3)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "a", "a.b", "a.b.c.d", ".QQ.QQ", "QQ..QQ", "QQ.QQ.Q=", "QQ.QQ.QQ=", "QQ.Q R.QQ",
			"QQ.QQ.Q+", "QQ.QQ.Q/", "QQ.QQ.Qé", "QQ.QR.QQ", "QR.QQ.QQ", "QQ.QQ.QR", "QQQQQ.QQ.QQ" })
	void splitWhenNotThreeCanonicalPartsThenNull(String token) {
		assertThat(CompactJws.split(token)).isNull();
	}

	@Test
	void splitWhenSignatureIsEmptyThenSplitWithoutSignature() {
		CompactJws jws = CompactJws.split("QQ.QQ.");
		assertThat(jws).isNotNull();
		assertThat(jws.hasSignature()).isFalse();
		assertThat(CompactJws.split("QQ.QQ.QQ").hasSignature()).isTrue();
	}

}
