package dev.trymellon.spring.session.offline;

import java.math.BigDecimal;
import java.math.BigInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NumericDateTests {

	@Test
	void secondsWhenInRangeThenTheValueWithFractionsTruncated() {
		assertThat(NumericDate.seconds(0L)).isZero();
		assertThat(NumericDate.seconds(1764324000L)).isEqualTo(1764324000L);
		assertThat(NumericDate.seconds(253402300799L)).isEqualTo(253402300799L);
		assertThat(NumericDate.seconds(7)).isEqualTo(7);
		assertThat(NumericDate.seconds(1764324000.999)).isEqualTo(1764324000L);
		assertThat(NumericDate.seconds(-0.0)).isZero();
		assertThat(NumericDate.seconds(253402300799.5)).isEqualTo(253402300799L);
		assertThat(NumericDate.seconds(new BigDecimal("253402300799.999999999"))).isEqualTo(253402300799L);
		assertThat(NumericDate.seconds(BigInteger.TEN)).isEqualTo(10);
	}

	@Test
	void secondsWhenOutOfRangeOrNotANumberThenInvalid() {
		for (Object value : new Object[] { -1L, 253402300800L, 9999999999999999L, Long.MAX_VALUE, Long.MIN_VALUE,
				-0.5, 1e300, Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
				253402300800.0, new BigInteger("99999999999999999999"), BigInteger.valueOf(-1),
				new BigDecimal("253402300800"), new BigDecimal("-0.1"), "1764324000", true, null,
				java.util.List.of(1L) }) {
			assertThat(NumericDate.seconds(value)).as("%s", value).isEqualTo(NumericDate.INVALID);
		}
	}

}
