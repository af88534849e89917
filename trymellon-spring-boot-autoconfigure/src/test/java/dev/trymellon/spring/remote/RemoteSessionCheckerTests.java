package dev.trymellon.spring.remote;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.trymellon.spring.remote.RemoteCallListener.CacheResult;
import dev.trymellon.spring.revocation.InMemoryRevocationStore;
import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.testfixtures.MutableClock;

import static dev.trymellon.spring.remote.ApiServer.error;
import static dev.trymellon.spring.remote.ApiServer.json;
import static dev.trymellon.spring.remote.ApiServer.refusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The remote-result cache, merged calls and "whose token is it?" checks of
 * {@link RemoteSessionChecker}.
 */
class RemoteSessionCheckerTests {

	private static final String TOKEN = "opaque-session-token";

	private final MutableClock clock = MutableClock.at("2026-12-01T12:00:00Z");

	private final InMemoryRevocationStore revocations = new InMemoryRevocationStore(this.clock, Duration.ofSeconds(30),
			List.of());

	private final AtomicInteger joined = new AtomicInteger();

	private final AtomicInteger hits = new AtomicInteger();

	private MockWebServer server;

	@BeforeEach
	void start() throws IOException {
		this.server = ApiServer.start();
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	private TryMellonApiClient client() {
		return TryMellonApiClient.builder(ApiServer.restClient(Duration.ofSeconds(5)), ApiServer.base(this.server))
			.clock(this.clock)
			.retryBackoff(Duration.ofMillis(10))
			.maxRetries(0)
			.build();
	}

	private RemoteSessionChecker.Builder checker() {
		return RemoteSessionChecker.withClient(client())
			.appId("app_1")
			.clock(this.clock)
			.revocations(this.revocations)
			.listener(new RemoteCallListener() {
				@Override
				public void looked(CacheResult result) {
					if (result == CacheResult.JOINED) {
						RemoteSessionCheckerTests.this.joined.incrementAndGet();
					}
					else if (result == CacheResult.HIT) {
						RemoteSessionCheckerTests.this.hits.incrementAndGet();
					}
				}
			});
	}

	private static TryMellonSession offlineSession(String userId) {
		return TryMellonSession.builder(userId).appId("app_1").issuedAt(Instant.parse("2026-12-01T11:00:00Z"))
			.expiresAt(Instant.parse("2026-12-01T13:00:00Z"))
			.build();
	}

	@Test
	void twentyConcurrentCallersWithOneTokenMakeOneRequest() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		this.server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
				release.await(10, TimeUnit.SECONDS);
				return json(200, ApiServer.VALID_ENVELOPE);
			}
		});
		RemoteSessionChecker checker = checker().build();
		ExecutorService callers = Executors.newFixedThreadPool(20);
		try {
			List<Future<TryMellonSession>> sessions = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				sessions.add(callers.submit(() -> checker.session(TOKEN)));
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> this.joined.get() == 19);
			release.countDown();
			for (Future<TryMellonSession> session : sessions) {
				assertThat(session.get(10, TimeUnit.SECONDS).getUserId()).isEqualTo("user_1");
			}
		}
		finally {
			release.countDown();
			callers.shutdownNow();
		}
		assertThat(this.server.getRequestCount()).isEqualTo(1);
	}

	@Test
	void answersAreCachedForTheTtl() {
		this.server.enqueue(json(200, ApiServer.VALID_ENVELOPE));
		this.server.enqueue(json(200, ApiServer.VALID_ENVELOPE));
		RemoteSessionChecker checker = checker().cacheTtl(Duration.ofSeconds(30)).build();
		TryMellonSession first = checker.session(TOKEN);
		this.clock.advance(Duration.ofSeconds(29));
		assertThat(checker.session(TOKEN)).isSameAs(first);
		assertThat(this.server.getRequestCount()).isEqualTo(1);
		assertThat(this.hits.get()).isEqualTo(1);
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(checker.session(TOKEN)).isNotSameAs(first);
		assertThat(this.server.getRequestCount()).isEqualTo(2);
	}

	@Test
	void sessionIsTheApiAnswerConfirmedNow() {
		this.server.enqueue(json(200, ApiServer.VALID_ENVELOPE));
		TryMellonSession session = checker().build().session(TOKEN);
		assertThat(session.getUserId()).isEqualTo("user_1");
		assertThat(session.getSubject()).isEqualTo("user_1");
		assertThat(session.getExternalUserId()).isEqualTo("ext_1");
		assertThat(session.getTenantId()).isEqualTo("tenant_1");
		assertThat(session.getAppId()).isEqualTo("app_1");
		assertThat(session.getSessionId()).isNull();
		assertThat(session.getIssuedAt()).isEqualTo(this.clock.instant());
		assertThat(session.getExpiresAt()).isEqualTo(this.clock.instant().plusSeconds(30));
	}

	@Test
	void refusalsAreCachedToo() {
		this.server.enqueue(error(401, "invalid_session_token"));
		RemoteSessionChecker checker = checker().build();
		assertThat(refusal(() -> checker.session(TOKEN)).getErrorCode()).isEqualTo(TryMellonErrorCode.SESSION_INVALID);
		assertThat(refusal(() -> checker.session(TOKEN)).getErrorCode()).isEqualTo(TryMellonErrorCode.SESSION_INVALID);
		assertThat(this.server.getRequestCount()).isEqualTo(1);
	}

	@Test
	void couldNotCheckIsNeverCached() {
		this.server.enqueue(json(503, "{}"));
		this.server.enqueue(json(200, ApiServer.VALID_ENVELOPE));
		RemoteSessionChecker checker = checker().build();
		assertThat(refusal(() -> checker.session(TOKEN)).getErrorCode())
			.isEqualTo(TryMellonErrorCode.INTROSPECTION_FAILED);
		assertThat(checker.session(TOKEN).getUserId()).isEqualTo("user_1");
		assertThat(this.server.getRequestCount()).isEqualTo(2);
	}

	@Test
	void sessionOfAnotherApplicationIsAppIdMismatch() {
		this.server.enqueue(json(200, """
				{"ok":true,"data":{"valid":true,"user_id":"user_1","external_user_id":null,"tenant_id":"t","app_id":"app_other"}}"""));
		RemoteSessionChecker checker = checker().build();
		assertThat(refusal(() -> checker.session(TOKEN)).getErrorCode()).isEqualTo(TryMellonErrorCode.APP_ID_MISMATCH);
		assertThat(refusal(() -> checker.session(TOKEN)).getErrorCode()).isEqualTo(TryMellonErrorCode.APP_ID_MISMATCH);
		assertThat(this.server.getRequestCount()).isEqualTo(1);
	}

	@Test
	void introspectionForAnotherClientIsAudienceMismatch() {
		this.server.enqueue(json(200, "{\"active\":true,\"sub\":\"user_1\",\"aud\":\"client_other\","
				+ "\"client_id\":\"client_other\"}"));
		TryMellonApiClient client = TryMellonApiClient
			.builder(ApiServer.restClient(Duration.ofSeconds(5)), ApiServer.base(this.server))
			.clientCredentials("client_abc", List.of("secret"))
			.build();
		RemoteSessionChecker checker = RemoteSessionChecker.withClient(client)
			.endpoint(RemoteCallListener.Endpoint.INTROSPECT)
			.clientId("client_abc")
			.appId("app_1")
			.build();
		assertThat(refusal(() -> checker.session(TOKEN)).getErrorCode())
			.isEqualTo(TryMellonErrorCode.AUDIENCE_MISMATCH);
	}

	@Test
	void introspectionNamingOurClientInAudIsAccepted() {
		this.server.enqueue(json(200, "{\"active\":true,\"sub\":\"user_1\",\"aud\":[\"x\",\"client_abc\"]}"));
		TryMellonApiClient client = TryMellonApiClient
			.builder(ApiServer.restClient(Duration.ofSeconds(5)), ApiServer.base(this.server))
			.clientCredentials("client_abc", List.of("secret"))
			.build();
		RemoteSessionChecker checker = RemoteSessionChecker.withClient(client)
			.endpoint(RemoteCallListener.Endpoint.INTROSPECT)
			.clientId("client_abc")
			.build();
		assertThat(checker.session(TOKEN).getUserId()).isEqualTo("user_1");
	}

	@Test
	void revocationAfterTheCheckSendsTheNextRequestToTheApi() {
		this.server.enqueue(json(200, ApiServer.VALID_ENVELOPE));
		this.server.enqueue(error(401, "invalid_session_token"));
		RemoteSessionChecker checker = checker().build();
		checker.session(TOKEN);
		this.clock.advance(Duration.ofSeconds(5));
		this.revocations.revokeUser("user_1", this.clock.instant(), this.clock.instant().plus(Duration.ofHours(25)));
		assertThat(refusal(() -> checker.session(TOKEN)).getErrorCode()).isEqualTo(TryMellonErrorCode.SESSION_INVALID);
		assertThat(this.server.getRequestCount()).isEqualTo(2);
	}

	@Test
	void evictionForgetsTheUsersAnswers() {
		this.server.enqueue(json(200, ApiServer.VALID_ENVELOPE));
		this.server.enqueue(json(200, ApiServer.VALID_ENVELOPE));
		RemoteSessionChecker checker = checker().build();
		checker.session(TOKEN);
		checker.evict("someone_else");
		checker.session(TOKEN);
		assertThat(this.server.getRequestCount()).isEqualTo(1);
		checker.evict("user_1");
		checker.session(TOKEN);
		assertThat(this.server.getRequestCount()).isEqualTo(2);
	}

	@Test
	void confirmingAnOfflineSessionOfAnotherUserIsUserIdMismatch() {
		this.server.enqueue(json(200, ApiServer.VALID_ENVELOPE));
		RemoteSessionChecker checker = checker().build();
		assertThat(refusal(() -> checker.confirm(TOKEN, offlineSession("user_2"))).getErrorCode())
			.isEqualTo(TryMellonErrorCode.USER_ID_MISMATCH);
	}

	@Test
	void confirmingAnOfflineSessionTheApiRefusesIsSessionRevoked() {
		this.server.enqueue(error(401, "invalid_session_token"));
		RemoteSessionChecker checker = checker().build();
		assertThat(refusal(() -> checker.confirm(TOKEN, offlineSession("user_1"))).getErrorCode())
			.isEqualTo(TryMellonErrorCode.SESSION_REVOKED);
	}

	@Test
	void onlineConfirmationBypassesTheCache() {
		this.server.enqueue(json(200, ApiServer.VALID_ENVELOPE));
		this.server.enqueue(json(200, ApiServer.VALID_ENVELOPE));
		this.server.enqueue(error(401, "invalid_session_token"));
		RemoteSessionChecker checker = checker().build();
		checker.confirm(TOKEN, offlineSession("user_1"));
		checker.confirmOnline(TOKEN, offlineSession("user_1"), null);
		assertThat(this.server.getRequestCount()).isEqualTo(2);
		assertThat(refusal(() -> checker.confirmOnline(TOKEN, offlineSession("user_1"), null)).getErrorCode())
			.isEqualTo(TryMellonErrorCode.SESSION_REVOKED);
		assertThat(this.server.getRequestCount()).isEqualTo(3);
	}

	@Test
	void onlineConfirmationWithAMaxAgeSkipsFreshSessions() {
		this.server.enqueue(json(200, ApiServer.VALID_ENVELOPE));
		RemoteSessionChecker checker = checker().build();
		TryMellonSession fresh = TryMellonSession.builder("user_1").issuedAt(this.clock.instant().minusSeconds(60))
			.build();
		checker.confirmOnline(TOKEN, fresh, Duration.ofMinutes(5));
		assertThat(this.server.getRequestCount()).isZero();
		this.clock.advance(Duration.ofMinutes(5));
		checker.confirmOnline(TOKEN, fresh, Duration.ofMinutes(5));
		assertThat(this.server.getRequestCount()).isEqualTo(1);
	}

	@Test
	void onlineCheckIsDueWithoutAMaxAgeAndForSessionsOlderThanIt() {
		RemoteSessionChecker checker = checker().build();
		TryMellonSession session = TryMellonSession.builder("user_1").issuedAt(this.clock.instant().minusSeconds(60))
			.build();
		assertThat(checker.isOnlineCheckDue(session, null)).isTrue();
		assertThat(checker.isOnlineCheckDue(session, Duration.ofMinutes(5))).isFalse();
		this.clock.advance(Duration.ofMinutes(4));
		assertThat(checker.isOnlineCheckDue(session, Duration.ofMinutes(5))).isTrue();
		assertThat(this.server.getRequestCount()).isZero();
	}

	@Test
	void onlineConfirmationWithoutAnAppIdComparesTheSessionsOwn() {
		this.server.enqueue(json(200, """
				{"valid":true,"user_id":"user_1","tenant_id":"t","app_id":"app_other"}"""));
		RemoteSessionChecker checker = checker().appId(null).build();
		assertThat(refusal(() -> checker.confirmOnline(TOKEN, offlineSession("user_1"), null)).getErrorCode())
			.isEqualTo(TryMellonErrorCode.APP_ID_MISMATCH);
	}

}
