package dev.trymellon.spring.session.offline;

import java.math.BigDecimal;
import java.math.BigInteger;

import org.jspecify.annotations.Nullable;

/**
 * A JWT NumericDate ({@code exp}, {@code nbf}, {@code iat}) read from the JSON number
 * as parsed: seconds since the epoch, a JSON number in {@code [0, 253402300799]} (up to
 * 9999-12-31T23:59:59Z), a fraction truncated. Anything else (a string, a boolean,
 * {@code null}, a negative or larger number) is not a NumericDate. The range keeps
 * every later conversion to milliseconds, and every sum with a clock skew, far from
 * overflow.
 */
final class NumericDate {

	/**
	 * The largest accepted value: 9999-12-31T23:59:59Z.
	 */
	static final long MAX_SECONDS = 253_402_300_799L;

	/**
	 * What {@link #seconds(Object)} answers for a value that is not a NumericDate.
	 */
	static final long INVALID = -1;

	private static final BigDecimal UPPER_BOUND = BigDecimal.valueOf(MAX_SECONDS + 1);

	private NumericDate() {
	}

	/**
	 * Returns the NumericDate value in whole seconds.
	 * @param value the claim value as parsed
	 * @return the seconds, or {@link #INVALID}
	 */
	static long seconds(@Nullable Object value) {
		if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
			long seconds = ((Number) value).longValue();
			return (seconds >= 0 && seconds <= MAX_SECONDS) ? seconds : INVALID;
		}
		if (value instanceof Double || value instanceof Float) {
			double seconds = ((Number) value).doubleValue();
			// NaN fails both comparisons; infinities fail one.
			return (seconds >= 0 && seconds < MAX_SECONDS + 1) ? (long) seconds : INVALID;
		}
		if (value instanceof BigInteger integer) {
			return (integer.signum() >= 0 && integer.bitLength() < 63) ? seconds(integer.longValue()) : INVALID;
		}
		if (value instanceof BigDecimal decimal) {
			return (decimal.signum() >= 0 && decimal.compareTo(UPPER_BOUND) < 0) ? decimal.longValue() : INVALID;
		}
		return INVALID;
	}

}
