package dev.trymellon.spring.autoconfigure;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.trymellon.spring.redis.RedisRevocationStore;
import dev.trymellon.spring.session.offline.OfflineSessionTokenVerifier;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Where a {@code trymellon.*} value meets the library, for every auto-configuration of
 * the starter: each default is the library's (a property is {@code null} unless set and
 * mapped with Spring Boot's {@code PropertyMapper}), each rule is the library's (its
 * builders refuse a bad value), and every refusal is reported the same way, as an
 * {@link InvalidConfigurationPropertyValueException} naming the property and the fix.
 * <p>
 * The values several components read (the token's {@code clock-skew},
 * {@code max-lifetime} and {@code max-length}, the Redis {@code key-prefix}) are resolved
 * and checked here, once, so that every reader sees the same value and the same error.
 * <p>
 * Part of the auto-configuration, public only for its sub-packages.
 *
 * @author TryMellon
 * @since 0.2.0
 */
public final class PropertyChecks {

	private static final String CLOCK_SKEW = "trymellon.token.clock-skew";

	private static final String MAX_LIFETIME = "trymellon.token.max-lifetime";

	private static final String MAX_LENGTH = "trymellon.token.max-length";

	private static final String KEY_PREFIX = "trymellon.redis.key-prefix";

	private PropertyChecks() {
	}

	/**
	 * Returns a consumer handing a property's value to a library setter, which reports
	 * the value the setter refuses ({@link IllegalArgumentException}) as invalid.
	 * @param <T> the value's type
	 * @param property the property's name
	 * @param reason what is wrong and how to fix it, for the startup failure
	 * @param setter the library setter
	 * @return the consumer, for {@code PropertyMapper.Source.to(...)}
	 */
	public static <T> Consumer<T> checked(String property, String reason, Consumer<T> setter) {
		return (value) -> {
			try {
				setter.accept(value);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidConfigurationPropertyValueException(property, value, reason);
			}
		};
	}

	/**
	 * Returns a function handing a property's value to a library factory, which reports
	 * the value the factory refuses ({@link IllegalArgumentException}) as invalid.
	 * @param <T> the value's type
	 * @param <R> the type created
	 * @param property the property's name
	 * @param reason what is wrong and how to fix it, for the startup failure
	 * @param factory the library factory
	 * @return the function
	 */
	public static <T, R> Function<T, R> creating(String property, String reason, Function<T, R> factory) {
		return (value) -> {
			try {
				return factory.apply(value);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidConfigurationPropertyValueException(property, value, reason);
			}
		};
	}

	/**
	 * Returns {@code trymellon.token.clock-skew}, the verifier's default when unset.
	 * @param properties the properties
	 * @return the clock skew, not negative
	 */
	public static Duration clockSkew(TryMellonProperties properties) {
		Duration skew = Objects.requireNonNullElse(properties.getToken().getClockSkew(),
				OfflineSessionTokenVerifier.DEFAULT_CLOCK_SKEW);
		if (skew.isNegative()) {
			throw new InvalidConfigurationPropertyValueException(CLOCK_SKEW, skew,
					"Must not be negative; 0s allows no clock difference");
		}
		return skew;
	}

	/**
	 * Returns {@code trymellon.token.max-lifetime}, the verifier's default when unset.
	 * @param properties the properties
	 * @return the longest token lifetime, positive
	 */
	public static Duration maxLifetime(TryMellonProperties properties) {
		Duration maxLifetime = Objects.requireNonNullElse(properties.getToken().getMaxLifetime(),
				OfflineSessionTokenVerifier.DEFAULT_MAX_LIFETIME);
		if (maxLifetime.toMillis() <= 0) {
			throw new InvalidConfigurationPropertyValueException(MAX_LIFETIME, maxLifetime,
					"Must be positive; TryMellon issues tokens for at most 24h");
		}
		return maxLifetime;
	}

	/**
	 * Returns {@code trymellon.token.max-length}, the verifier's default when unset.
	 * @param properties the properties
	 * @return the longest accepted token, in characters, positive
	 */
	public static int maxLength(TryMellonProperties properties) {
		Integer maxLength = properties.getToken().getMaxLength();
		if (maxLength == null) {
			return OfflineSessionTokenVerifier.DEFAULT_MAX_LENGTH;
		}
		if (maxLength <= 0) {
			throw new InvalidConfigurationPropertyValueException(MAX_LENGTH, maxLength,
					"Must be a positive number of characters");
		}
		return maxLength;
	}

	/**
	 * Returns {@code trymellon.redis.key-prefix}, the Redis stores' default when unset.
	 * @param properties the properties
	 * @return the prefix of every Redis key and channel name, not blank
	 */
	public static String redisKeyPrefix(TryMellonProperties properties) {
		String prefix = Objects.requireNonNullElse(properties.getRedis().getKeyPrefix(),
				RedisRevocationStore.DEFAULT_KEY_PREFIX);
		if (prefix.isBlank()) {
			throw new InvalidConfigurationPropertyValueException(KEY_PREFIX, prefix,
					"Must not be empty: it keeps TryMellon's keys apart from the application's");
		}
		return prefix;
	}

}
