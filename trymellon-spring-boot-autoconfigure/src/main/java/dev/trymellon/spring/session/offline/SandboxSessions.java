package dev.trymellon.spring.session.offline;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.session.TryMellonSession;

/**
 * The first step of verification: the SDK's sandbox token, compared in constant time.
 * With sandbox mode on it is the mock session (user {@code sandbox-user}, valid for one
 * hour from now) and no JWT is parsed; with it off it is refused with
 * {@link TryMellonErrorCode#SANDBOX_TOKEN_REJECTED}, with a warning at most once a
 * minute. Any other token passes on.
 */
final class SandboxSessions {

	private static final Log logger = LogFactory.getLog(OfflineSessionTokenVerifier.class);

	private static final long WARNING_INTERVAL_MILLIS = 60_000;

	private final byte[] token;

	private final int length;

	private final boolean enabled;

	private final AtomicLong lastWarning = new AtomicLong(Long.MIN_VALUE);

	SandboxSessions(String token, boolean enabled) {
		this.token = token.getBytes(StandardCharsets.UTF_8);
		this.length = token.length();
		this.enabled = enabled;
	}

	/**
	 * Answers the sandbox token.
	 * @param token the raw token
	 * @param nowMillis the current time
	 * @return the mock session, or {@code null} when this is not the sandbox token
	 * @throws dev.trymellon.spring.session.SessionTokenException when it is, and sandbox
	 * mode is off
	 */
	@Nullable TryMellonSession session(@Nullable String token, long nowMillis) {
		if (token == null || token.length() != this.length
				|| !MessageDigest.isEqual(this.token, token.getBytes(StandardCharsets.UTF_8))) {
			return null;
		}
		if (!this.enabled) {
			long last = this.lastWarning.get();
			if ((last == Long.MIN_VALUE || nowMillis - last >= WARNING_INTERVAL_MILLIS)
					&& this.lastWarning.compareAndSet(last, nowMillis)) {
				logger.warn("Refused TryMellon's sandbox session token: sandbox mode is off "
						+ "('trymellon.sandbox.enabled=false'). A client was left in sandbox mode");
			}
			throw Rejections.reject(TryMellonErrorCode.SANDBOX_TOKEN_REJECTED, "Sandbox token while sandbox mode is off");
		}
		Instant issuedAt = Instant.ofEpochMilli(nowMillis);
		return TryMellonSession.builder("sandbox-user")
			.externalUserId("sandbox")
			.tenantId("sandbox-tenant")
			.appId("sandbox-app")
			.issuedAt(issuedAt)
			.expiresAt(issuedAt.plus(Duration.ofHours(1)))
			.build();
	}

}
