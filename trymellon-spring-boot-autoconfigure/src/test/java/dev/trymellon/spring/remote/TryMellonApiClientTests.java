package dev.trymellon.spring.remote;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.trymellon.spring.remote.RemoteCallListener.Endpoint;
import dev.trymellon.spring.remote.RemoteCallListener.Outcome;
import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.testfixtures.MutableClock;

import static dev.trymellon.spring.remote.ApiServer.error;
import static dev.trymellon.spring.remote.ApiServer.json;
import static dev.trymellon.spring.remote.ApiServer.refusal;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every answer shape of TryMellon's validation and introspection endpoints, against a
 * MockWebServer.
 */
class TryMellonApiClientTests {

	private static final String TOKEN = "header.payload.signature";

	private final List<Duration> waits = new CopyOnWriteArrayList<>();

	private final List<Outcome> outcomes = new CopyOnWriteArrayList<>();

	private final MutableClock clock = MutableClock.at("2026-12-01T12:00:00Z");

	private MockWebServer server;

	@BeforeEach
	void start() throws IOException {
		this.server = ApiServer.start();
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	private TryMellonApiClient.Builder builder(Duration readTimeout) {
		return TryMellonApiClient.builder(ApiServer.restClient(readTimeout), ApiServer.base(this.server))
			.retryBackoff(Duration.ofMillis(10))
			.clock(this.clock)
			.listener(new RemoteCallListener() {
				@Override
				public void called(Endpoint endpoint, Outcome outcome, Duration elapsed) {
					TryMellonApiClientTests.this.outcomes.add(outcome);
				}
			})
			.sleeper((delay) -> {
				this.waits.add(delay);
				return true;
			});
	}

	private TryMellonApiClient client() {
		return builder(Duration.ofSeconds(2)).build();
	}

	@Test
	void validSessionInTheEnvelopeIsReadAndTheTokenSentAsBearer() throws Exception {
		this.server.enqueue(json(200, ApiServer.VALID_ENVELOPE));
		RemoteValidation validation = client().validate(TOKEN);
		assertThat(validation.userId()).isEqualTo("user_1");
		assertThat(validation.externalUserId()).isEqualTo("ext_1");
		assertThat(validation.tenantId()).isEqualTo("tenant_1");
		assertThat(validation.appId()).isEqualTo("app_1");
		assertThat(validation.endpoint()).isEqualTo(Endpoint.VALIDATE);
		assertThat(validation.checkedAt()).isEqualTo(this.clock.instant());
		RecordedRequest request = this.server.takeRequest(5, TimeUnit.SECONDS);
		assertThat(request.getMethod()).isEqualTo("GET");
		assertThat(request.getTarget()).isEqualTo("/v1/sessions/validate");
		assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
		assertThat(this.outcomes).containsExactly(Outcome.VALID);
	}

	@Test
	void flatAnswerIsReadLikeTheEnvelope() {
		this.server.enqueue(json(200, """
				{"valid":true,"user_id":"user_2","external_user_id":"ext_2","tenant_id":"t","app_id":"app_2"}"""));
		RemoteValidation validation = client().validate(TOKEN);
		assertThat(validation.userId()).isEqualTo("user_2");
		assertThat(validation.appId()).isEqualTo("app_2");
	}

	@Test
	void nullExternalUserIdIsAnAnonymousUser() {
		this.server.enqueue(json(200, """
				{"ok":true,"data":{"valid":true,"user_id":"user_3","external_user_id":null,"tenant_id":"t","app_id":"a"}}"""));
		RemoteValidation validation = client().validate(TOKEN);
		assertThat(validation.userId()).isEqualTo("user_3");
		assertThat(validation.externalUserId()).isNull();
		assertThat(validation.toSession(Duration.ofSeconds(30)).getExternalUserId()).isNull();
	}

	@ParameterizedTest
	@CsvSource({ "401, invalid_session_token, SESSION_INVALID", "401, invalid_token_type, TOKEN_TYPE_MISMATCH",
			"401, user_not_found, SESSION_REVOKED", "401, session_jwt_kid_mismatch, JWT_KID_MISMATCH",
			"401, session_expired, SESSION_EXPIRED", "401, something_new, SESSION_INVALID",
			"400, something_new, SESSION_INVALID", "403, origin_not_allowed, INTROSPECTION_FAILED",
			"404, not_found, INTROSPECTION_FAILED" })
	void documentedRefusalsMapToTheirCodesWithoutRetry(int status, String wireCode, TryMellonErrorCode expected) {
		this.server.enqueue(error(status, wireCode));
		SessionTokenException refusal = refusal(() -> client().validate(TOKEN));
		assertThat(refusal.getErrorCode()).isEqualTo(expected);
		assertThat(refusal.getMessage()).doesNotContain(TOKEN);
		assertThat(this.server.getRequestCount()).isEqualTo(1);
		assertThat(this.outcomes).containsExactly(expected.isServiceUnavailable() ? Outcome.ERROR : Outcome.INVALID);
	}

	@Test
	void validFalseIsSessionInvalid() {
		this.server.enqueue(json(200, "{\"ok\":true,\"data\":{\"valid\":false}}"));
		assertThat(refusal(() -> client().validate(TOKEN)).getErrorCode()).isEqualTo(TryMellonErrorCode.SESSION_INVALID);
	}

	@Test
	void envelopeSayingNotOkIsMappedByItsCode() {
		this.server.enqueue(error(200, "invalid_session_token"));
		assertThat(refusal(() -> client().validate(TOKEN)).getErrorCode()).isEqualTo(TryMellonErrorCode.SESSION_INVALID);
	}

	@Test
	void malformedJsonCouldNotBeCheckedAndIsNotRetried() {
		this.server.enqueue(json(200, "{\"ok\":true,\"data\":{\"valid\":true"));
		SessionTokenException refusal = refusal(() -> client().validate(TOKEN));
		assertThat(refusal.getErrorCode()).isEqualTo(TryMellonErrorCode.INTROSPECTION_FAILED);
		assertThat(refusal.isServiceUnavailable()).isTrue();
		assertThat(this.server.getRequestCount()).isEqualTo(1);
		assertThat(this.outcomes).containsExactly(Outcome.ERROR);
	}

	@Test
	void duplicateMembersAreNotTrusted() {
		this.server.enqueue(json(200, """
				{"valid":true,"user_id":"user_1","user_id":"admin","tenant_id":"t","app_id":"a"}"""));
		assertThat(refusal(() -> client().validate(TOKEN)).getErrorCode())
			.isEqualTo(TryMellonErrorCode.INTROSPECTION_FAILED);
	}

	@Test
	void validAnswerWithoutAnAppIdIsNotTrusted() {
		this.server.enqueue(json(200, "{\"valid\":true,\"user_id\":\"user_1\",\"tenant_id\":\"t\"}"));
		assertThat(refusal(() -> client().validate(TOKEN)).getErrorCode())
			.isEqualTo(TryMellonErrorCode.INTROSPECTION_FAILED);
	}

	@Test
	void serverErrorThenValidIsRetriedAfterTheBackoff() {
		this.server.enqueue(json(500, "{\"ok\":false,\"error\":{\"code\":\"internal_error\"}}"));
		this.server.enqueue(json(200, ApiServer.VALID_ENVELOPE));
		assertThat(client().validate(TOKEN).userId()).isEqualTo("user_1");
		assertThat(this.server.getRequestCount()).isEqualTo(2);
		assertThat(this.waits).containsExactly(Duration.ofMillis(10));
		assertThat(this.outcomes).containsExactly(Outcome.VALID);
	}

	@Test
	void serverErrorsUntilTheRetriesRunOutCouldNotBeChecked() {
		for (int i = 0; i < 3; i++) {
			this.server.enqueue(json(503, "{}"));
		}
		SessionTokenException refusal = refusal(() -> client().validate(TOKEN));
		assertThat(refusal.getErrorCode()).isEqualTo(TryMellonErrorCode.INTROSPECTION_FAILED);
		assertThat(this.server.getRequestCount()).isEqualTo(3);
		assertThat(this.waits).containsExactly(Duration.ofMillis(10), Duration.ofMillis(20));
		assertThat(this.outcomes).containsExactly(Outcome.UNAVAILABLE);
	}

	@Test
	void rateLimitWithAShortRetryAfterIsRetriedAfterIt() {
		this.server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "1").build());
		this.server.enqueue(json(200, ApiServer.VALID_ENVELOPE));
		TryMellonApiClient client = builder(Duration.ofSeconds(2)).maxRetryWait(Duration.ofSeconds(1)).build();
		assertThat(client.validate(TOKEN).userId()).isEqualTo("user_1");
		assertThat(this.waits).containsExactly(Duration.ofSeconds(1));
	}

	@Test
	void rateLimitWithALongerRetryAfterIsAnsweredAtOnceCarryingIt() {
		this.server.enqueue(new MockResponse.Builder().code(429)
			.addHeader("Retry-After", "120")
			.body("{\"code\":\"rate_limit_exceeded\"}")
			.build());
		TryMellonApiClient client = client();
		SessionTokenException refusal = refusal(() -> client.validate(TOKEN));
		assertThat(refusal.getErrorCode()).isEqualTo(TryMellonErrorCode.RATE_LIMIT_EXCEEDED);
		assertThat(refusal.isServiceUnavailable()).isTrue();
		assertThat(refusal.getRetryAfter()).isEqualTo(Duration.ofSeconds(120));
		assertThat(this.waits).isEmpty();
		assertThat(this.server.getRequestCount()).isEqualTo(1);
		assertThat(this.outcomes).containsExactly(Outcome.RATE_LIMITED);
		assertThat(client.getStatus().rateLimitedUntil()).isEqualTo(this.clock.instant().plusSeconds(120));

		// until then, no call at all
		this.clock.advance(Duration.ofSeconds(100));
		SessionTokenException blocked = refusal(() -> client.validate(TOKEN));
		assertThat(blocked.getErrorCode()).isEqualTo(TryMellonErrorCode.RATE_LIMIT_EXCEEDED);
		assertThat(blocked.getRetryAfter()).isEqualTo(Duration.ofSeconds(20));
		assertThat(this.server.getRequestCount()).isEqualTo(1);

		this.clock.advance(Duration.ofSeconds(21));
		this.server.enqueue(json(200, ApiServer.VALID_ENVELOPE));
		assertThat(client.validate(TOKEN).userId()).isEqualTo("user_1");
	}

	@Test
	void rateLimitResetAsEpochSecondsIsHonoured() {
		long reset = this.clock.instant().plusSeconds(60).getEpochSecond();
		this.server.enqueue(new MockResponse.Builder().code(429)
			.addHeader("X-RateLimit-Remaining", "0")
			.addHeader("X-RateLimit-Reset", Long.toString(reset))
			.build());
		SessionTokenException refusal = refusal(() -> client().validate(TOKEN));
		assertThat(refusal.getRetryAfter()).isEqualTo(Duration.ofSeconds(60));
		assertThat(this.server.getRequestCount()).isEqualTo(1);
	}

	@Test
	void rateLimitWithoutAnyDelayIsRetriedWithBackoff() {
		this.server.enqueue(new MockResponse.Builder().code(429).build());
		this.server.enqueue(json(200, ApiServer.VALID_ENVELOPE));
		assertThat(client().validate(TOKEN).userId()).isEqualTo("user_1");
		assertThat(this.waits).containsExactly(Duration.ofMillis(10));
	}

	@Test
	void readTimeoutCouldNotBeCheckedAfterTheRetries() {
		for (int i = 0; i < 2; i++) {
			this.server.enqueue(new MockResponse.Builder().code(200)
				.body(ApiServer.VALID_ENVELOPE)
				.headersDelay(2, TimeUnit.SECONDS)
				.build());
		}
		TryMellonApiClient client = builder(Duration.ofMillis(200)).maxRetries(1).build();
		SessionTokenException refusal = refusal(() -> client.validate(TOKEN));
		assertThat(refusal.getErrorCode()).isEqualTo(TryMellonErrorCode.INTROSPECTION_FAILED);
		assertThat(refusal.getMessage()).contains("unreachable");
		assertThat(this.outcomes).containsExactly(Outcome.UNAVAILABLE);
		assertThat(client.getStatus().consecutiveFailures()).isEqualTo(1);
		assertThat(client.getStatus().isAnswering()).isFalse();
	}

	@Test
	void unreachableApiCouldNotBeChecked() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
			port = socket.getLocalPort();
		}
		TryMellonApiClient client = TryMellonApiClient
			.builder(ApiServer.restClient(Duration.ofSeconds(1)), URI.create("http://127.0.0.1:" + port))
			.maxRetries(0)
			.build();
		SessionTokenException refusal = refusal(() -> client.validate(TOKEN));
		assertThat(refusal.getErrorCode()).isEqualTo(TryMellonErrorCode.INTROSPECTION_FAILED);
		assertThat(refusal.getRetryAfter()).isNull();
	}

	@Test
	void introspectionSendsClientCredentialsAndTrustsOnlyDocumentedFields() throws Exception {
		this.server.enqueue(json(200, """
				{"active":true,"sub":"user_9","aud":["client_abc"],"client_id":"client_abc",\
				"iss":"https://api.trymellonauth.com","iat":1796126400,"exp":1796130000,"scope":"openid",\
				"app_id":"forged","user_id":"forged"}"""));
		TryMellonApiClient client = builder(Duration.ofSeconds(2)).clientCredentials("client_abc", List.of("s3cret"))
			.build();
		RemoteValidation validation = client.introspect(TOKEN);
		assertThat(validation.userId()).isEqualTo("user_9");
		assertThat(validation.audience()).containsExactly("client_abc");
		assertThat(validation.clientId()).isEqualTo("client_abc");
		assertThat(validation.appId()).isNull();
		assertThat(validation.expiresAt()).isEqualTo(Instant.ofEpochSecond(1796130000));
		RecordedRequest request = this.server.takeRequest(5, TimeUnit.SECONDS);
		assertThat(request.getMethod()).isEqualTo("POST");
		assertThat(request.getTarget()).isEqualTo("/oauth/introspect");
		assertThat(request.getHeaders().get("Authorization")).isEqualTo("Basic "
				+ Base64.getEncoder().encodeToString("client_abc:s3cret".getBytes(StandardCharsets.UTF_8)));
		assertThat(request.getHeaders().get("Content-Type")).startsWith("application/x-www-form-urlencoded");
		assertThat(request.getBody().string(StandardCharsets.UTF_8))
			.isEqualTo("token=" + TOKEN + "&token_type_hint=access_token");
	}

	@Test
	void inactiveTokenIsSessionInvalid() {
		this.server.enqueue(json(200, "{\"active\":false}"));
		TryMellonApiClient client = builder(Duration.ofSeconds(2)).clientCredentials("client_abc", List.of("s"))
			.build();
		assertThat(refusal(() -> client.introspect(TOKEN)).getErrorCode()).isEqualTo(TryMellonErrorCode.SESSION_INVALID);
	}

	@Test
	void rotatedSecretFallsBackToTheNextAndKeepsUsingIt() throws Exception {
		this.server.enqueue(json(401, "{\"error\":\"invalid_client\"}"));
		this.server.enqueue(json(200, "{\"active\":true,\"sub\":\"user_1\",\"client_id\":\"client_abc\"}"));
		this.server.enqueue(json(200, "{\"active\":true,\"sub\":\"user_1\",\"client_id\":\"client_abc\"}"));
		TryMellonApiClient client = builder(Duration.ofSeconds(2))
			.clientCredentials("client_abc", List.of("new", "old"))
			.build();
		assertThat(client.introspect(TOKEN).userId()).isEqualTo("user_1");
		assertThat(client.introspect(TOKEN).userId()).isEqualTo("user_1");
		assertThat(basicSecret(this.server.takeRequest(5, TimeUnit.SECONDS))).isEqualTo("new");
		assertThat(basicSecret(this.server.takeRequest(5, TimeUnit.SECONDS))).isEqualTo("old");
		assertThat(basicSecret(this.server.takeRequest(5, TimeUnit.SECONDS))).isEqualTo("old");
		assertThat(this.waits).isEmpty();
	}

	@Test
	void refusedCredentialsCouldNotBeChecked() {
		this.server.enqueue(json(401, "{\"error\":\"invalid_client\"}"));
		this.server.enqueue(json(401, "{\"error\":\"invalid_client\"}"));
		TryMellonApiClient client = builder(Duration.ofSeconds(2))
			.clientCredentials("client_abc", List.of("new", "old"))
			.build();
		SessionTokenException refusal = refusal(() -> client.introspect(TOKEN));
		assertThat(refusal.getErrorCode()).isEqualTo(TryMellonErrorCode.INTROSPECTION_FAILED);
		assertThat(this.server.getRequestCount()).isEqualTo(2);
	}

	@Test
	void statusIsUnknownBeforeTheFirstCallAndAnsweringAfterARefusal() {
		TryMellonApiClient client = client();
		assertThat(client.getStatus().lastOutcome()).isNull();
		this.server.enqueue(error(401, "invalid_session_token"));
		refusal(() -> client.validate(TOKEN));
		assertThat(client.getStatus().lastOutcome()).isEqualTo(Outcome.INVALID);
		assertThat(client.getStatus().isAnswering()).isTrue();
		assertThat(client.getStatus().lastAnswerAt()).isEqualTo(this.clock.instant());
	}

	private static String basicSecret(RecordedRequest request) {
		String header = request.getHeaders().get("Authorization");
		String decoded = new String(Base64.getDecoder().decode(header.substring("Basic ".length())),
				StandardCharsets.UTF_8);
		return decoded.substring(decoded.indexOf(':') + 1);
	}

}
