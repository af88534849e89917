package dev.trymellon.spring.remote;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * How long TryMellon's API asks to wait: {@code Retry-After} (delta seconds or an HTTP
 * date, RFC 9110), else {@code X-RateLimit-Reset}, whose format TryMellon does not
 * document, read as epoch milliseconds, epoch seconds or delta seconds by its size, or
 * an ISO-8601 instant. Unreadable or absent values are {@code null}; past times are zero.
 */
final class RetryDelays {

	static final String RATE_LIMIT_RESET = "X-RateLimit-Reset";

	/** Delta seconds above which a reset value is epoch seconds (2001-09-09). */
	private static final long EPOCH_SECONDS_FROM = 1_000_000_000L;

	/** Values above which a reset value is epoch milliseconds. */
	private static final long EPOCH_MILLIS_FROM = 1_000_000_000_000L;

	private RetryDelays() {
	}

	static @Nullable Duration asked(HttpHeaders headers, Instant now) {
		Duration retryAfter = retryAfter(headers.getFirst(HttpHeaders.RETRY_AFTER), now);
		return (retryAfter != null) ? retryAfter : rateLimitReset(headers.getFirst(RATE_LIMIT_RESET), now);
	}

	static @Nullable Duration retryAfter(@Nullable String value, Instant now) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String text = value.trim();
		if (isDigits(text)) {
			return seconds(text);
		}
		try {
			Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
			return until(at, now);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	static @Nullable Duration rateLimitReset(@Nullable String value, Instant now) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String text = value.trim();
		if (isDigits(text)) {
			if (text.length() > 15) {
				return null;
			}
			long number = Long.parseLong(text);
			if (number >= EPOCH_MILLIS_FROM) {
				return until(Instant.ofEpochMilli(number), now);
			}
			if (number >= EPOCH_SECONDS_FROM) {
				return until(Instant.ofEpochSecond(number), now);
			}
			return Duration.ofSeconds(number);
		}
		try {
			return until(Instant.parse(text), now);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private static @Nullable Duration seconds(String digits) {
		// more than ten digits is centuries: treated as unreadable
		return (digits.length() <= 10) ? Duration.ofSeconds(Long.parseLong(digits)) : null;
	}

	private static Duration until(Instant at, Instant now) {
		return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
	}

	private static boolean isDigits(String text) {
		for (int i = 0; i < text.length(); i++) {
			if (text.charAt(i) < '0' || text.charAt(i) > '9') {
				return false;
			}
		}
		return !text.isEmpty();
	}

}
