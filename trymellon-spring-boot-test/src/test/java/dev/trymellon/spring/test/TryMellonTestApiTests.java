package dev.trymellon.spring.test;

import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

class TryMellonTestApiTests {

	private static final Instant NOW = Instant.parse("2026-12-01T13:00:00Z");

	private final HttpClient http = HttpClient.newHttpClient();

	private final TryMellonTestIssuer issuer = TryMellonTestIssuer.builder()
		.clock(Clock.fixed(NOW, ZoneOffset.UTC))
		.audience("client_1")
		.appId("app_1")
		.tenantId("tenant_1")
		.start();

	private final TryMellonTestApi api = this.issuer.api();

	@AfterEach
	void close() {
		this.issuer.close();
	}

	@Test
	void isServedOnTheIssuersBaseUrl() {
		assertThat(this.api.getBaseUrl()).isEqualTo(this.issuer.getBaseUrl());
		assertThat(this.api.getValidateUri()).hasToString(this.issuer.getBaseUrl() + "/v1/sessions/validate");
		assertThat(this.api.getIntrospectionUri()).hasToString(this.issuer.getBaseUrl() + "/oauth/introspect");
		assertThat(this.api.properties()).containsExactly(
				Map.entry("trymellon.api-base-url", this.issuer.getBaseUrl().toString()),
				Map.entry("trymellon.client-id", "client_1"),
				Map.entry("trymellon.client-secret", TryMellonTestApi.DEFAULT_CLIENT_SECRET),
				Map.entry("trymellon.app-id", "app_1"));
	}

	@Test
	void validatesAValidSessionInTheEnvelope() throws Exception {
		String token = this.issuer.token().userId("user_1").externalUserId("ext_1").build();
		HttpResponse<String> response = validate(token);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(json(response)).isEqualTo(Map.of("ok", true, "data", Map.of("valid", true, "user_id", "user_1",
				"external_user_id", "ext_1", "tenant_id", "tenant_1", "app_id", "app_1")));
	}

	@Test
	void answersANullExternalUserIdAndTheIssuersIdsForTokensWithoutThem() throws Exception {
		try (TryMellonTestIssuer plain = TryMellonTestIssuer.start()) {
			String token = plain.token().build();
			assertThat(plain.token().claims()).doesNotContainKeys("app_id", "tenant_id");
			Map<String, Object> data = data(json(send(plain.api().getValidateUri(), "Bearer " + token)));
			assertThat(data).containsEntry("valid", true)
				.containsEntry("user_id", "test-user")
				.containsEntry("external_user_id", null)
				.containsEntry("tenant_id", TryMellonTestApi.DEFAULT_TENANT_ID)
				.containsEntry("app_id", TryMellonTestApi.DEFAULT_APP_ID);
			assertThat(plain.api().properties()).doesNotContainKey("trymellon.app-id");
		}
		String other = this.issuer.token().appId("app_2").withoutClaim("tenant_id").subject("user_9").build();
		assertThat(data(json(validate(other)))).containsEntry("app_id", "app_2")
			.containsEntry("tenant_id", "tenant_1")
			.containsEntry("user_id", "user_9");
	}

	@Test
	void issuerAppAndTenantIdsAreTheTokensDefaults() {
		assertThat(this.issuer.token().claims()).containsEntry("app_id", "app_1").containsEntry("tenant_id", "tenant_1");
		assertThat(this.issuer.getAppId()).isEqualTo("app_1");
		assertThat(this.issuer.token().withoutClaim("app_id").claims()).doesNotContainKey("app_id");
		assertThatIllegalArgumentException().isThrownBy(() -> TryMellonTestIssuer.builder().appId(" "));
	}

	@Test
	void refusesAnExpiredToken() throws Exception {
		assertError(validate(this.issuer.token().expired().build()), "invalid_session_token",
				"The session token has expired");
		assertError(validate(this.issuer.token().expiresAt(NOW).build()), "invalid_session_token",
				"The session token has expired");
		assertError(validate(this.issuer.token().notBefore(NOW.plusSeconds(60)).build()), "invalid_session_token",
				"The session token is not valid yet");
	}

	@Test
	void refusesTokensWhoseSignatureDoesNotVerify() throws Exception {
		String retiredKey = this.issuer.getKeyId();
		String signedWithRetired = this.issuer.token().build();
		this.issuer.rotateKey();
		this.issuer.retireKey(retiredKey);
		List<String> forged = new ArrayList<>();
		forged.add(this.issuer.token().signedWithUnknownKey().build());
		forged.add(this.issuer.token().algorithm(JWSAlgorithm.HS256).build());
		forged.add(this.issuer.token().algorithm(JWSAlgorithm.RS384).build());
		forged.add(this.issuer.token().keyId("k_unknown").build());
		forged.add(this.issuer.token().withoutKeyId().build());
		forged.add(signedWithRetired);
		try (TryMellonTestIssuer other = TryMellonTestIssuer.builder().audience("client_1").start()) {
			forged.add(other.token().build());
		}
		for (String token : forged) {
			assertError(validate(token), "invalid_session_token", "The session token's signature does not verify");
		}
	}

	@Test
	void refusesMalformedAndUnknownTokens() throws Exception {
		String[] unknown = { "not-a-token", "a.b.c", this.issuer.token().unsigned().build(),
				"trymellon_sandbox_session_token_v1" };
		for (String token : unknown) {
			assertError(validate(token), "invalid_session_token", "The session token is malformed");
		}
		assertError(validate(this.issuer.token().withoutClaim("exp").build()), "invalid_session_token",
				"The session token's payload is malformed");
		assertError(validate(this.issuer.token().claim("app_id", 42).build()), "invalid_session_token",
				"The session token's payload is malformed");
	}

	@Test
	void refusesATokenThatIsNotAUserSessionToken() throws Exception {
		assertError(validate(this.issuer.token().type("onboarding+jwt").build()), "invalid_token_type",
				"Not a user session token");
		assertThat(validate(this.issuer.token().type(null).build()).statusCode()).isEqualTo(200);
	}

	@Test
	void requiresABearerTokenAndAGet() throws Exception {
		assertError(send(this.api.getValidateUri(), null), "unauthorized", "A bearer session token is required");
		assertError(send(this.api.getValidateUri(), "Basic abc"), "unauthorized",
				"A bearer session token is required");
		assertError(send(this.api.getValidateUri(), "Bearer "), "unauthorized", "A bearer session token is required");
		HttpResponse<String> post = this.http.send(HttpRequest.newBuilder(this.api.getValidateUri())
			.POST(HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(post.statusCode()).isEqualTo(405);
		assertThat(post.headers().firstValue("Allow")).hasValue("GET");
	}

	@Test
	void honoursSessionRevocations() throws Exception {
		String revoked = this.issuer.token().sessionId("sess_1").build();
		String namedSessionId = this.issuer.token().claim("session_id", "sess_1").build();
		String other = this.issuer.token().sessionId("sess_2").build();
		assertThat(validate(revoked).statusCode()).isEqualTo(200);
		this.api.revokeSession("sess_1");
		assertError(validate(revoked), "invalid_session_token", "The session was revoked");
		assertError(validate(namedSessionId), "invalid_session_token", "The session was revoked");
		assertThat(validate(other).statusCode()).isEqualTo(200);
		this.api.clearRevocations();
		assertThat(validate(revoked).statusCode()).isEqualTo(200);
	}

	@Test
	void revokesTheSessionsAUserHasUntilNow() throws Exception {
		String before = this.issuer.token().userId("user_1").issuedAt(NOW.minusSeconds(60)).build();
		String atRevocation = this.issuer.token().userId("user_1").build();
		String later = this.issuer.token().userId("user_1").issuedAt(NOW.plusSeconds(1)).build();
		String otherUser = this.issuer.token().userId("user_2").issuedAt(NOW.minusSeconds(60)).build();
		this.api.revokeUserSessions("user_1");
		assertError(validate(before), "invalid_session_token", "The session was revoked");
		assertError(validate(atRevocation), "invalid_session_token", "The session was revoked");
		assertThat(validate(later).statusCode()).isEqualTo(200);
		assertThat(validate(otherUser).statusCode()).isEqualTo(200);
	}

	@Test
	void answersUserNotFoundForADeletedUser() throws Exception {
		this.api.deleteUser("user_1");
		assertError(validate(this.issuer.token().userId("user_1").issuedAt(NOW.plusSeconds(5)).build()),
				"user_not_found", "The user was deleted or is inactive");
		assertError(validate(this.issuer.token().subject("user_1").build()), "user_not_found",
				"The user was deleted or is inactive");
		assertThat(validate(this.issuer.token().userId("user_2").build()).statusCode()).isEqualTo(200);
	}

	@Test
	void introspectsAValidSession() throws Exception {
		String token = this.issuer.token().userId("user_1").claim("scope", "openid").build();
		HttpResponse<String> response = introspect(token, basic("client_1", TryMellonTestApi.DEFAULT_CLIENT_SECRET));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(json(response)).isEqualTo(Map.of("active", true, "sub", "user_1", "aud", "client_1", "iss",
				this.issuer.getIssuer(), "iat", NOW.getEpochSecond(), "exp", NOW.plusSeconds(3600).getEpochSecond(),
				"client_id", "client_1", "scope", "openid"));
		String twoAudiences = this.issuer.token().audience("client_2", "client_1").build();
		assertThat(json(introspect(twoAudiences, basic("client_1", TryMellonTestApi.DEFAULT_CLIENT_SECRET))))
			.containsEntry("aud", List.of("client_2", "client_1"))
			.containsEntry("client_id", "client_2")
			.doesNotContainKey("scope");
	}

	@Test
	void introspectionAnswersOnlyInactiveForAnythingNotValid() throws Exception {
		this.api.revokeSession("sess_1");
		String[] invalid = { this.issuer.token().expired().build(), this.issuer.token().signedWithUnknownKey().build(),
				this.issuer.token().sessionId("sess_1").build(), this.issuer.token().type("onboarding+jwt").build(),
				"garbage" };
		for (String token : invalid) {
			HttpResponse<String> response = introspect(token,
					basic("client_1", TryMellonTestApi.DEFAULT_CLIENT_SECRET));
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(json(response)).isEqualTo(Map.of("active", false));
		}
	}

	@Test
	void introspectionRequiresTheClientCredentials() throws Exception {
		String token = this.issuer.token().build();
		String[] wrong = { null, basic("client_1", "wrong"), basic("client_2", TryMellonTestApi.DEFAULT_CLIENT_SECRET),
				"Basic !!!", "Basic " + Base64.getEncoder().encodeToString("no-colon".getBytes()),
				"Bearer " + token };
		for (String authorization : wrong) {
			HttpResponse<String> response = introspect(token, authorization);
			assertThat(response.statusCode()).isEqualTo(401);
			assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"trymellon\"");
			assertThat(json(response)).containsEntry("error", "invalid_client");
		}
		this.api.clientCredentials("client_1", "secret_old", "secret_new");
		assertThat(json(introspect(token, basic("client_1", "secret_old")))).containsEntry("active", true);
		assertThat(json(introspect(token, basic("client_1", "secret_new")))).containsEntry("active", true);
		assertThat(introspect(token, basic("client_1", TryMellonTestApi.DEFAULT_CLIENT_SECRET)).statusCode())
			.isEqualTo(401);
		assertThat(this.api.properties()).containsEntry("trymellon.client-secret", "secret_old");
		assertThatIllegalArgumentException().isThrownBy(() -> this.api.clientCredentials("client_1"));
	}

	@Test
	void introspectionRequiresATokenAndAPost() throws Exception {
		HttpResponse<String> noToken = post(this.api.getIntrospectionUri(), "token_type_hint=access_token",
				basic("client_1", TryMellonTestApi.DEFAULT_CLIENT_SECRET));
		assertThat(noToken.statusCode()).isEqualTo(400);
		assertThat(json(noToken)).containsEntry("error", "invalid_request");
		HttpResponse<String> badForm = post(this.api.getIntrospectionUri(), "token=%zz",
				basic("client_1", TryMellonTestApi.DEFAULT_CLIENT_SECRET));
		assertThat(badForm.statusCode()).isEqualTo(400);
		assertThat(send(this.api.getIntrospectionUri(), null).statusCode()).isEqualTo(405);
	}

	@Test
	void failsWithAStatusTheProgrammedNumberOfTimes() throws Exception {
		String token = this.issuer.token().build();
		this.api.failWithStatus(500, 2);
		for (int i = 0; i < 2; i++) {
			assertError(validate(token), 500, "internal_error", "Programmed failure");
		}
		assertThat(validate(token).statusCode()).isEqualTo(200);
		this.api.failWithStatus(503, 1);
		assertError(introspect(token, basic("client_1", TryMellonTestApi.DEFAULT_CLIENT_SECRET)), 503,
				"internal_error", "Programmed failure");
		assertThat(this.api.getRequestCount()).isEqualTo(4);
		assertThatIllegalArgumentException().isThrownBy(() -> this.api.failWithStatus(200, 1));
	}

	@Test
	void rateLimitsWithRetryAfter() throws Exception {
		String token = this.issuer.token().build();
		this.api.rateLimit(1, Duration.ofMillis(1500));
		HttpResponse<String> limited = validate(token);
		assertError(limited, 429, "rate_limit_exceeded", "Too many requests");
		assertThat(limited.headers().firstValue("Retry-After")).hasValue("2");
		assertThat(limited.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
		assertThat(limited.headers().firstValue("X-RateLimit-Reset"))
			.hasValue(Long.toString(NOW.getEpochSecond() + 2));
		assertThat(validate(token).statusCode()).isEqualTo(200);
	}

	@Test
	void answersMalformedJson() throws Exception {
		String token = this.issuer.token().build();
		this.api.malformedJson(1);
		HttpResponse<String> response = validate(token);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThatExceptionOfType(ParseException.class).isThrownBy(() -> JSONObjectUtils.parse(response.body()));
		assertThat(json(validate(token))).containsEntry("ok", true);
	}

	@Test
	void answersFlatWhenAsked() throws Exception {
		String token = this.issuer.token().userId("user_1").build();
		this.api.flatAnswers(true);
		assertThat(json(validate(token))).containsOnlyKeys("valid", "user_id", "external_user_id", "tenant_id", "app_id")
			.containsEntry("valid", true)
			.containsEntry("user_id", "user_1")
			.containsEntry("external_user_id", null)
			.containsEntry("tenant_id", "tenant_1")
			.containsEntry("app_id", "app_1");
		assertError(validate(this.issuer.token().expired().build()), "invalid_session_token",
				"The session token has expired");
		this.api.reset();
		assertThat(json(validate(token))).containsEntry("ok", true);
	}

	@Test
	void delaysAnswersUntilReset() throws Exception {
		String token = this.issuer.token().build();
		this.api.delayAnswers(Duration.ofSeconds(5));
		HttpRequest request = HttpRequest.newBuilder(this.api.getValidateUri())
			.header("Authorization", "Bearer " + token)
			.timeout(Duration.ofMillis(200))
			.build();
		assertThatExceptionOfType(HttpTimeoutException.class)
			.isThrownBy(() -> this.http.send(request, HttpResponse.BodyHandlers.ofString()));
		this.api.delayAnswers(Duration.ZERO);
		assertThat(this.http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
	}

	@Test
	void holdsAnswersUntilReleasedAndCountsEveryRequest() throws Exception {
		String token = this.issuer.token().build();
		this.api.holdAnswers();
		List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			calls.add(this.http.sendAsync(validateRequest(token), HttpResponse.BodyHandlers.ofString()));
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.api.getValidateRequestCount() == 20);
		assertThat(calls).noneMatch(CompletableFuture::isDone);
		assertThat(send(this.issuer.getJwksUri(), null).statusCode()).as("the JWKS is served meanwhile")
			.isEqualTo(200);
		this.api.releaseAnswers();
		for (CompletableFuture<HttpResponse<String>> call : calls) {
			assertThat(call.get().statusCode()).isEqualTo(200);
		}
		assertThat(this.api.getRequestCount()).isEqualTo(20);
		assertThat(this.api.getIntrospectionRequestCount()).isZero();
		assertThat(this.issuer.getJwksRequestCount()).isEqualTo(1);
		this.api.reset();
		assertThat(this.api.getRequestCount()).isZero();
	}

	@Test
	void stopsWithTheIssuer() throws Exception {
		String token = this.issuer.token().build();
		assertThat(validate(token).statusCode()).isEqualTo(200);
		this.issuer.close();
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> validate(token));
	}

	@Test
	void resetKeepsRevocationsAndDropsFaults() throws Exception {
		this.api.revokeSession("sess_1");
		this.api.failWithStatus(500, 5);
		this.api.reset();
		assertThat(validate(this.issuer.token().build()).statusCode()).isEqualTo(200);
		assertError(validate(this.issuer.token().sessionId("sess_1").build()), "invalid_session_token",
				"The session was revoked");
	}

	private HttpResponse<String> validate(String token) throws Exception {
		return this.http.send(validateRequest(token), HttpResponse.BodyHandlers.ofString());
	}

	private HttpRequest validateRequest(String token) {
		return HttpRequest.newBuilder(this.api.getValidateUri()).header("Authorization", "Bearer " + token).build();
	}

	private HttpResponse<String> introspect(String token, String authorization) throws Exception {
		return post(this.api.getIntrospectionUri(), "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)
				+ "&token_type_hint=access_token", authorization);
	}

	private HttpResponse<String> post(URI uri, String form, String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> send(URI uri, String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String basic(String clientId, String secret) {
		return "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
	}

	private static Map<String, Object> json(HttpResponse<String> response) throws ParseException {
		return JSONObjectUtils.parse(response.body());
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> data(Map<String, Object> envelope) {
		assertThat(envelope).containsEntry("ok", true);
		return (Map<String, Object>) envelope.get("data");
	}

	private static void assertError(HttpResponse<String> response, String code, String message) throws ParseException {
		assertError(response, 401, code, message);
	}

	private static void assertError(HttpResponse<String> response, int status, String code, String message)
			throws ParseException {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(json(response)).isEqualTo(Map.of("ok", false, "error", Map.of("code", code, "message", message)));
	}

}
