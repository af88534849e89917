package dev.trymellon.spring.remote;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.trymellon.spring.revocation.InMemoryRevocationStore;
import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.session.offline.OfflineSessionTokenVerifier;
import dev.trymellon.spring.testfixtures.MutableClock;
import dev.trymellon.spring.testfixtures.TestTokens;

import static dev.trymellon.spring.remote.ApiServer.error;
import static dev.trymellon.spring.remote.ApiServer.json;
import static dev.trymellon.spring.remote.ApiServer.refusal;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hybrid validation: offline first, the API only for tokens the session fail-safe rule
 * catches; with and without a matching session-id claim.
 */
class HybridSessionTokenVerifierTests {

	private static final String VALID_USER_123 = """
			{"ok":true,"data":{"valid":true,"user_id":"user_123","external_user_id":null,\
			"tenant_id":"tenant_1","app_id":"app_1"}}""";

	private final MutableClock clock = MutableClock.at("2026-12-01T12:00:00Z");

	private final Instant issued = this.clock.instant().minusSeconds(600);

	private final InMemoryRevocationStore revocations = new InMemoryRevocationStore(this.clock, Duration.ofSeconds(30),
			List.of());

	private MockWebServer server;

	private HybridSessionTokenVerifier verifier;

	@BeforeEach
	void start() throws IOException {
		this.server = ApiServer.start();
		OfflineSessionTokenVerifier offline = OfflineSessionTokenVerifier.withKeys(TestTokens.keySource(TestTokens.KEY))
			.issuer(TestTokens.ISSUER)
			.audiences(List.of(TestTokens.CLIENT_ID))
			.clock(this.clock)
			// as the auto-configuration builds it in hybrid mode
			.revocationCheck((session) -> this.revocations.isRevoked(session)
					&& !this.revocations.isRevokedOnlyByFailSafe(session))
			.build();
		TryMellonApiClient client = TryMellonApiClient
			.builder(ApiServer.restClient(Duration.ofSeconds(5)), ApiServer.base(this.server))
			.clock(this.clock)
			.maxRetries(0)
			.build();
		RemoteSessionChecker checker = RemoteSessionChecker.withClient(client)
			.appId("app_1")
			.clock(this.clock)
			.revocations(this.revocations)
			.build();
		this.verifier = new HybridSessionTokenVerifier(offline, checker, this.revocations);
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	private void revokeOtherSessionOfUser123() {
		this.revocations.revokeSession("sess_other", "user_123", this.clock.instant().minusSeconds(60),
				this.clock.instant().plus(Duration.ofHours(25)));
	}

	@Test
	void tokenWithoutRevocationNeverCallsTheApi() {
		TryMellonSession session = this.verifier.verify(TestTokens.token(this.issued));
		assertThat(session.getUserId()).isEqualTo("user_123");
		assertThat(this.server.getRequestCount()).isZero();
	}

	@Test
	void tokenCaughtByTheFailSafeRuleIsConfirmedOnceWithTheApi() {
		revokeOtherSessionOfUser123();
		this.server.enqueue(json(200, VALID_USER_123));
		String token = TestTokens.token(this.issued);
		TryMellonSession session = this.verifier.verify(token);
		assertThat(session.getUserId()).isEqualTo("user_123");
		assertThat(session.getAppId()).isEqualTo("app_1");
		assertThat(this.verifier.verify(token)).isEqualTo(session);
		assertThat(this.server.getRequestCount()).isEqualTo(1);
	}

	@Test
	void tokenOfTheRevokedSessionIsRefusedByTheApi() {
		revokeOtherSessionOfUser123();
		this.server.enqueue(error(401, "invalid_session_token"));
		assertThat(refusal(() -> this.verifier.verify(TestTokens.token(this.issued))).getErrorCode())
			.isEqualTo(TryMellonErrorCode.SESSION_REVOKED);
		assertThat(this.server.getRequestCount()).isEqualTo(1);
	}

	@Test
	void tokenWhoseSessionIdClaimMatchesIsRefusedWithoutCallingTheApi() {
		revokeOtherSessionOfUser123();
		String token = TestTokens.token(this.issued, (claims) -> claims.claim("sid", "sess_other"));
		assertThat(refusal(() -> this.verifier.verify(token)).getErrorCode())
			.isEqualTo(TryMellonErrorCode.SESSION_REVOKED);
		assertThat(this.server.getRequestCount()).isZero();
	}

	@Test
	void tokenWithAnotherSessionIdClaimIsAcceptedWithoutCallingTheApi() {
		revokeOtherSessionOfUser123();
		String token = TestTokens.token(this.issued, (claims) -> claims.claim("sid", "sess_mine"));
		assertThat(this.verifier.verify(token).getSessionId()).isEqualTo("sess_mine");
		assertThat(this.server.getRequestCount()).isZero();
	}

	@Test
	void lockedUserIsRefusedWithoutCallingTheApi() {
		revokeOtherSessionOfUser123();
		this.revocations.revokeUser("user_123", this.clock.instant(), this.clock.instant().plus(Duration.ofHours(25)));
		assertThat(refusal(() -> this.verifier.verify(TestTokens.token(this.issued))).getErrorCode())
			.isEqualTo(TryMellonErrorCode.SESSION_REVOKED);
		assertThat(this.server.getRequestCount()).isZero();
	}

	@Test
	void apiNamingAnotherUserIsUserIdMismatch() {
		revokeOtherSessionOfUser123();
		this.server.enqueue(json(200, ApiServer.VALID_ENVELOPE));
		assertThat(refusal(() -> this.verifier.verify(TestTokens.token(this.issued))).getErrorCode())
			.isEqualTo(TryMellonErrorCode.USER_ID_MISMATCH);
	}

	@Test
	void unreachableApiCouldNotBeCheckedNeverAccepted() {
		revokeOtherSessionOfUser123();
		this.server.enqueue(json(503, "{}"));
		assertThat(refusal(() -> this.verifier.verify(TestTokens.token(this.issued))).isServiceUnavailable()).isTrue();
	}

	@Test
	void aLaterRevocationOfTheUsersSessionsAsksTheApiAgain() {
		revokeOtherSessionOfUser123();
		this.server.enqueue(json(200, VALID_USER_123));
		this.server.enqueue(error(401, "invalid_session_token"));
		String token = TestTokens.token(this.issued);
		this.verifier.verify(token);
		this.clock.advance(Duration.ofSeconds(5));
		this.revocations.revokeSession("sess_this_one", "user_123", this.clock.instant(),
				this.clock.instant().plus(Duration.ofHours(25)));
		assertThat(refusal(() -> this.verifier.verify(token)).getErrorCode())
			.isEqualTo(TryMellonErrorCode.SESSION_REVOKED);
		assertThat(this.server.getRequestCount()).isEqualTo(2);
	}

}
