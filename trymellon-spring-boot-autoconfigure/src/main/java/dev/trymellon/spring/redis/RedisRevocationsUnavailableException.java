package dev.trymellon.spring.redis;

import java.io.Serial;

/**
 * Thrown when a {@link RedisRevocationStore} starts and cannot subscribe to the
 * revocation channel or read the revocations stored in Redis: the replica refuses to
 * start rather than accept revoked tokens.
 *
 * @author TryMellon
 * @since 0.2.0
 */
public final class RedisRevocationsUnavailableException extends IllegalStateException {

	@Serial
	private static final long serialVersionUID = 1L;

	RedisRevocationsUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
