package dev.trymellon.spring.autoconfigure.web;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.TryMellonErrorCode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationFailureServiceExceptionEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * "Could not check" (503), verifier bugs (500) and the authentication events, with a stub
 * verifier.
 */
@SpringBootTest(classes = StubVerifierApplication.class)
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class StubVerifierMockMvcTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	StubVerifierApplication.EventRecorder recorder;

	@BeforeEach
	void clearEvents() {
		this.recorder.events.clear();
	}

	@Test
	void requestWhenKeysUnavailableThen503WithRetryAfterAndNoChallenge() throws Exception {
		this.mvc.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, "Bearer keys-down"))
			.andExpect(status().isServiceUnavailable())
			.andExpect(header().string(HttpHeaders.RETRY_AFTER, "30"))
			.andExpect(header().doesNotExist(HttpHeaders.WWW_AUTHENTICATE))
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(503))
			.andExpect(jsonPath("$.code").value("KEYS_UNAVAILABLE"));
	}

	@Test
	void requestWhenRemoteApiRateLimitedThen503WithRetryAfter() throws Exception {
		this.mvc.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, "Bearer rate-limited"))
			.andExpect(status().isServiceUnavailable())
			.andExpect(header().string(HttpHeaders.RETRY_AFTER, "30"))
			.andExpect(jsonPath("$.code").value("RATE_LIMIT_EXCEEDED"));
	}

	@Test
	void requestWhenRevokedThen401InvalidTokenSessionRevoked() throws Exception {
		this.mvc.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, "Bearer revoked"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE,
					"Bearer error=\"invalid_token\", error_description=\"SESSION_REVOKED\""))
			.andExpect(jsonPath("$.code").value("SESSION_REVOKED"));
	}

	@Test
	void requestWhenVerifierThrowsUnexpectedExceptionThen500GenericBodyAndNotAuthenticated(CapturedOutput output)
			throws Exception {
		this.mvc.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, "Bearer bug"))
			.andExpect(status().isInternalServerError())
			.andExpect(header().doesNotExist(HttpHeaders.WWW_AUTHENTICATE))
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(content().json("{\"type\":\"about:blank\",\"title\":\"Internal Server Error\",\"status\":500,"
					+ "\"detail\":\"The request could not be authenticated.\"}", org.springframework.test.json.JsonCompareMode.STRICT))
			.andExpect(content().string(not(containsString("secret-token-material"))))
			.andExpect(content().string(not(containsString("IllegalStateException"))));
		assertThat(this.recorder.events).noneMatch(AuthenticationSuccessEvent.class::isInstance);
		assertThat(output).contains("TryMellon session authentication failed with an internal error")
			.contains("java.lang.IllegalStateException")
			.doesNotContain("secret-token-material");
	}

	@Test
	void successWhenValidThenAuthenticationSuccessEventPublished() throws Exception {
		this.mvc.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, "Bearer valid"))
			.andExpect(status().isOk())
			.andExpect(content().string("user_stub user_stub [FACTOR_BEARER]"));
		assertThat(this.recorder.events).singleElement()
			.isInstanceOfSatisfying(AuthenticationSuccessEvent.class,
					(event) -> assertThat(event.getAuthentication().getName()).isEqualTo("user_stub"));
	}

	@Test
	void failureWhenBadTokenThenBadCredentialsEventCarriesTheCode() throws Exception {
		this.mvc.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, "Bearer expired"))
			.andExpect(status().isUnauthorized());
		assertThat(this.recorder.events).singleElement()
			.isInstanceOfSatisfying(AuthenticationFailureBadCredentialsEvent.class,
					(event) -> assertThat(event.getException().getCause()).isInstanceOfSatisfying(
							SessionTokenException.class,
							(cause) -> assertThat(cause.getErrorCode()).isEqualTo(TryMellonErrorCode.SESSION_EXPIRED)));
	}

	@Test
	void failureWhenKeysUnavailableThenServiceExceptionEventPublished() throws Exception {
		this.mvc.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, "Bearer keys-down"))
			.andExpect(status().isServiceUnavailable());
		assertThat(this.recorder.events).singleElement().isInstanceOf(AuthenticationFailureServiceExceptionEvent.class);
	}

}
