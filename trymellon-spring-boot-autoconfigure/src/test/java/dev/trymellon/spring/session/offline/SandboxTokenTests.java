package dev.trymellon.spring.session.offline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.testfixtures.MutableClock;
import dev.trymellon.spring.testfixtures.TestTokens;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static dev.trymellon.spring.testfixtures.TestTokens.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The sandbox session token: the SDK's mock session when sandbox mode is on,
 * {@code SANDBOX_TOKEN_REJECTED} when it is off.
 */
@ExtendWith(OutputCaptureExtension.class)
class SandboxTokenTests {

	private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

	private static final String SANDBOX = "trymellon_sandbox_session_token_v1";

	private static final String WARNING = "A client was left in sandbox mode";

	private final MutableClock clock = new MutableClock(NOW);

	private final List<TryMellonErrorCode> rejections = new ArrayList<>();

	private final List<TryMellonSession> verified = new ArrayList<>();

	private OfflineSessionTokenVerifier.Builder builder() {
		return OfflineSessionTokenVerifier
			.withKeys(JwksKeySource.fromJwkSet(TestTokens.publicJwkSet(KEY), Set.of(JWSAlgorithm.RS256)))
			.issuer(TestTokens.ISSUER)
			.audiences(List.of(TestTokens.CLIENT_ID))
			.clock(this.clock)
			.listener(new VerificationListener() {

				@Override
				public void verified(TryMellonSession session, boolean cacheHit) {
					SandboxTokenTests.this.verified.add(session);
				}

				@Override
				public void rejected(TryMellonErrorCode code) {
					SandboxTokenTests.this.rejections.add(code);
				}

			});
	}

	private static void assertRejected(OfflineSessionTokenVerifier verifier, String token, TryMellonErrorCode code) {
		assertThatExceptionOfType(SessionTokenException.class).isThrownBy(() -> verifier.verify(token))
			.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(code))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(token));
	}

	@Test
	void defaultTokenIsTheSdkConstant() {
		assertThat(OfflineSessionTokenVerifier.DEFAULT_SANDBOX_TOKEN).isEqualTo(SANDBOX);
	}

	@Test
	void verifyWhenSandboxEnabledThenSandboxTokenIsTheSdkMockSession() {
		OfflineSessionTokenVerifier verifier = builder().sandboxEnabled(true).build();
		TryMellonSession session = verifier.verify(SANDBOX);
		assertThat(session.getUserId()).isEqualTo("sandbox-user");
		assertThat(session.getSubject()).isEqualTo("sandbox-user");
		assertThat(session.getExternalUserId()).isEqualTo("sandbox");
		assertThat(session.getTenantId()).isEqualTo("sandbox-tenant");
		assertThat(session.getAppId()).isEqualTo("sandbox-app");
		assertThat(session.getIssuedAt()).isEqualTo(NOW);
		assertThat(session.getExpiresAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
		assertThat(this.verified).containsExactly(session);
	}

	@Test
	void verifyWhenSandboxEnabledThenEachSessionStartsAtTheClockNow() {
		OfflineSessionTokenVerifier verifier = builder().sandboxEnabled(true).build();
		verifier.verify(SANDBOX);
		this.clock.advance(Duration.ofHours(5));
		TryMellonSession later = verifier.verify(SANDBOX);
		assertThat(later.getIssuedAt()).isEqualTo(NOW.plus(Duration.ofHours(5)));
		assertThat(later.getExpiresAt()).isEqualTo(NOW.plus(Duration.ofHours(6)));
	}

	@Test
	void verifyWhenSandboxEnabledThenValidJwtsStillVerify() {
		OfflineSessionTokenVerifier verifier = builder().sandboxEnabled(true).build();
		assertThat(verifier.verify(TestTokens.token(NOW, (claims) -> {
		})).getUserId()).isEqualTo("user_123");
	}

	@Test
	void verifyWhenSandboxDisabledThenSandboxTokenRejectedAndListenerTold() {
		OfflineSessionTokenVerifier verifier = builder().build();
		assertRejected(verifier, SANDBOX, TryMellonErrorCode.SANDBOX_TOKEN_REJECTED);
		assertThat(this.rejections).containsExactly(TryMellonErrorCode.SANDBOX_TOKEN_REJECTED);
		assertThat(this.verified).isEmpty();
	}

	@Test
	void verifyWhenTokenDiffersInOneCharacterThenTokenMalformed() {
		OfflineSessionTokenVerifier enabled = builder().sandboxEnabled(true).build();
		OfflineSessionTokenVerifier disabled = builder().build();
		for (String near : new String[] { "trymellon_sandbox_session_token_v2", "Trymellon_sandbox_session_token_v1",
				SANDBOX + "1", SANDBOX.substring(1) }) {
			assertRejected(enabled, near, TryMellonErrorCode.TOKEN_MALFORMED);
			assertRejected(disabled, near, TryMellonErrorCode.TOKEN_MALFORMED);
		}
	}

	@Test
	void verifyWhenCustomSandboxTokenThenOnlyItIsTheSandboxToken() {
		OfflineSessionTokenVerifier verifier = builder().sandboxToken("my_dev_token").sandboxEnabled(true).build();
		assertThat(verifier.verify("my_dev_token").getUserId()).isEqualTo("sandbox-user");
		assertRejected(verifier, SANDBOX, TryMellonErrorCode.TOKEN_MALFORMED);
		OfflineSessionTokenVerifier disabled = builder().sandboxToken("my_dev_token").build();
		assertRejected(disabled, "my_dev_token", TryMellonErrorCode.SANDBOX_TOKEN_REJECTED);
	}

	@Test
	void verifyWhenSandboxDisabledThenWarnsAtMostOncePerMinuteWithoutTheToken(CapturedOutput output) {
		OfflineSessionTokenVerifier verifier = builder().build();
		assertRejected(verifier, SANDBOX, TryMellonErrorCode.SANDBOX_TOKEN_REJECTED);
		assertRejected(verifier, SANDBOX, TryMellonErrorCode.SANDBOX_TOKEN_REJECTED);
		this.clock.advance(Duration.ofSeconds(59));
		assertRejected(verifier, SANDBOX, TryMellonErrorCode.SANDBOX_TOKEN_REJECTED);
		assertThat(occurrences(output.getAll(), WARNING)).isEqualTo(1);
		this.clock.advance(Duration.ofSeconds(1));
		assertRejected(verifier, SANDBOX, TryMellonErrorCode.SANDBOX_TOKEN_REJECTED);
		assertThat(occurrences(output.getAll(), WARNING)).isEqualTo(2);
		assertThat(output.getAll()).contains("WARN").doesNotContain(SANDBOX);
	}

	private static int occurrences(String text, String part) {
		int count = 0;
		for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
			count++;
		}
		return count;
	}

}
