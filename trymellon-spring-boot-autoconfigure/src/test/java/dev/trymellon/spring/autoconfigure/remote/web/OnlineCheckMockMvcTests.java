package dev.trymellon.spring.autoconfigure.remote.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.Cookie;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.trymellon.spring.testfixtures.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.annotation.DirtiesContext.MethodMode;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Online checks in offline mode: {@code @TryMellonVerifyOnline} and the DSL's
 * {@code verifyOnline}, against a MockWebServer standing in for TryMellon's API.
 */
@SpringBootTest(classes = OnlineCheckApplication.class,
		properties = { "trymellon.client-id=client_test123", "trymellon.app-id=app_1",
				"trymellon.remote.max-retries=0" })
@AutoConfigureMockMvc
class OnlineCheckMockMvcTests {

	private static final MockWebServer server = start();

	private static final String VALID = """
			{"ok":true,"data":{"valid":true,"user_id":"user_123","external_user_id":null,\
			"tenant_id":"tenant_1","app_id":"app_1"}}""";

	@Autowired
	MockMvc mvc;

	private int before;

	private static MockWebServer start() {
		MockWebServer server = new MockWebServer();
		try {
			server.start(InetAddress.getByName("127.0.0.1"), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return server;
	}

	@DynamicPropertySource
	static void api(DynamicPropertyRegistry registry) {
		registry.add("trymellon.api-base-url", () -> server.url("/").toString());
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@BeforeEach
	void count() {
		this.before = server.getRequestCount();
	}

	private int calls() {
		return server.getRequestCount() - this.before;
	}

	private static MockResponse json(int code, String body) {
		return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
	}

	private static String bearer(String token) {
		return "Bearer " + token;
	}

	private static String token() {
		return TestTokens.token(Instant.now().minusSeconds(60));
	}

	@Test
	void annotatedEndpointIsConfirmedByTheApiEveryTime() throws Exception {
		server.enqueue(json(200, VALID));
		server.enqueue(json(200, VALID));
		String token = token();
		this.mvc.perform(post("/api/pay").header(HttpHeaders.AUTHORIZATION, bearer(token)))
			.andExpect(status().isOk())
			.andExpect(content().string("paid by user_123"));
		this.mvc.perform(post("/api/pay").header(HttpHeaders.AUTHORIZATION, bearer(token)))
			.andExpect(status().isOk());
		assertThat(calls()).isEqualTo(2);
	}

	@Test
	void annotatedEndpointConfirmsTheTokenTheChainAuthenticatedEvenFromItsOwnCookie() throws Exception {
		server.enqueue(json(200, VALID));
		String token = token();
		this.mvc.perform(post("/api/pay").cookie(new Cookie(OnlineCheckApplication.COOKIE, token)))
			.andExpect(status().isOk())
			.andExpect(content().string("paid by user_123"));
		assertThat(calls()).isOne();
		RecordedRequest call = takeLast();
		assertThat(call.getHeaders().get(HttpHeaders.AUTHORIZATION)).isEqualTo(bearer(token));
	}

	private static RecordedRequest takeLast() throws InterruptedException {
		RecordedRequest last = null;
		for (RecordedRequest next = server.takeRequest(1, TimeUnit.SECONDS); next != null; next = server
			.takeRequest(0, TimeUnit.SECONDS)) {
			last = next;
		}
		assertThat(last).isNotNull();
		return last;
	}

	@Test
	void endpointWithoutTheAnnotationNeverCallsTheApi() throws Exception {
		this.mvc.perform(get("/api/profile").header(HttpHeaders.AUTHORIZATION, bearer(token())))
			.andExpect(status().isOk())
			.andExpect(content().string("profile user_123"));
		assertThat(calls()).isZero();
	}

	@Test
	void sessionTheApiNoLongerAcceptsIsRefusedAsRevoked() throws Exception {
		server.enqueue(json(401, "{\"ok\":false,\"error\":{\"code\":\"invalid_session_token\",\"message\":\"x\"}}"));
		this.mvc.perform(post("/api/pay").header(HttpHeaders.AUTHORIZATION, bearer(token())))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE,
					"Bearer error=\"invalid_token\", error_description=\"SESSION_REVOKED\""))
			.andExpect(jsonPath("$.code").value("SESSION_REVOKED"));
	}

	@Test
	void unreachableApiIsServiceUnavailableWithRetryAfter() throws Exception {
		server.enqueue(json(503, "{}"));
		this.mvc.perform(post("/api/pay").header(HttpHeaders.AUTHORIZATION, bearer(token())))
			.andExpect(status().isServiceUnavailable())
			.andExpect(header().exists(HttpHeaders.RETRY_AFTER))
			.andExpect(jsonPath("$.code").value("INTROSPECTION_FAILED"));
	}

	@Test
	@DirtiesContext(methodMode = MethodMode.AFTER_METHOD) // the client keeps the API's rate limit
	void rateLimitedApiIsServiceUnavailableCarryingItsRetryAfterAndNotCalledAgainMeanwhile() throws Exception {
		server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "120").build());
		this.mvc.perform(post("/api/pay").header(HttpHeaders.AUTHORIZATION, bearer(token())))
			.andExpect(status().isServiceUnavailable())
			.andExpect(header().string(HttpHeaders.RETRY_AFTER, "120"))
			.andExpect(jsonPath("$.code").value("RATE_LIMIT_EXCEEDED"));
		this.mvc.perform(post("/api/pay").header(HttpHeaders.AUTHORIZATION, bearer(token())))
			.andExpect(status().isServiceUnavailable())
			.andExpect(jsonPath("$.code").value("RATE_LIMIT_EXCEEDED"));
		assertThat(calls()).isEqualTo(1);
	}

	@Test
	void apiNamingAnotherUserIsUserIdMismatch() throws Exception {
		server.enqueue(json(200, VALID.replace("user_123", "user_999")));
		this.mvc.perform(post("/api/pay").header(HttpHeaders.AUTHORIZATION, bearer(token())))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.code").value("USER_ID_MISMATCH"));
	}

	@Test
	void apiNamingAnotherApplicationIsAppIdMismatch() throws Exception {
		server.enqueue(json(200, VALID.replace("\"app_1\"", "\"app_other\"")));
		this.mvc.perform(post("/api/pay").header(HttpHeaders.AUTHORIZATION, bearer(token())))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.code").value("APP_ID_MISMATCH"));
	}

	@Test
	void annotatedControllerClassChecksEveryMethod() throws Exception {
		server.enqueue(json(200, VALID));
		this.mvc.perform(post("/admin/grant").header(HttpHeaders.AUTHORIZATION, bearer(token())))
			.andExpect(status().isOk())
			.andExpect(content().string("granted"));
		assertThat(calls()).isEqualTo(1);
	}

	@Test
	void maxAgeLetsFreshSessionsPassAndChecksOlderOnes() throws Exception {
		this.mvc.perform(post("/api/settings").header(HttpHeaders.AUTHORIZATION, bearer(token())))
			.andExpect(status().isOk());
		assertThat(calls()).isZero();
		server.enqueue(json(401, "{\"ok\":false,\"error\":{\"code\":\"invalid_session_token\"}}"));
		String old = TestTokens.token(Instant.now().minusSeconds(600));
		this.mvc.perform(post("/api/settings").header(HttpHeaders.AUTHORIZATION, bearer(old)))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.code").value("SESSION_REVOKED"));
		assertThat(calls()).isEqualTo(1);
	}

	@Test
	void annotatedPublicEndpointWithoutASessionIsRefused() throws Exception {
		this.mvc.perform(post("/public/donate"))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.code").value("TOKEN_MISSING"));
		assertThat(calls()).isZero();
	}

	@Test
	void dslPathIsConfirmedByTheApi() throws Exception {
		server.enqueue(json(200, VALID));
		this.mvc.perform(post("/api/transfer").header(HttpHeaders.AUTHORIZATION, bearer(token())))
			.andExpect(status().isOk())
			.andExpect(content().string("transferred"));
		assertThat(calls()).isEqualTo(1);
	}

	@Test
	void dslPathRefusedByTheApiNeverReachesTheHandler() throws Exception {
		server.enqueue(json(401, "{\"ok\":false,\"error\":{\"code\":\"user_not_found\"}}"));
		this.mvc.perform(post("/api/transfer").header(HttpHeaders.AUTHORIZATION, bearer(token())))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.code").value("SESSION_REVOKED"));
	}

	@Test
	void dslPathUnreachableApiIsServiceUnavailable() throws Exception {
		server.enqueue(json(500, "{}"));
		this.mvc.perform(post("/api/transfer").header(HttpHeaders.AUTHORIZATION, bearer(token())))
			.andExpect(status().isServiceUnavailable())
			.andExpect(header().exists(HttpHeaders.RETRY_AFTER))
			.andExpect(jsonPath("$.code").value("INTROSPECTION_FAILED"));
	}

}
