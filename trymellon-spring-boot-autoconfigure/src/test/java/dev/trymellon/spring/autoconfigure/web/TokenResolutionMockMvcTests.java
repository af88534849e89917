package dev.trymellon.spring.autoconfigure.web;

import java.util.Map;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;

import dev.trymellon.spring.testfixtures.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Bad and unusual token input through the default chain (header only, the default):
 * each answer's exact status, {@code WWW-Authenticate} and {@code code}.
 */
@SpringBootTest(classes = WebTestApplication.class, properties = { "trymellon.client-id=client_test123",
		"trymellon.security.permit-paths=/public/**" })
@AutoConfigureMockMvc
class TokenResolutionMockMvcTests {

	private static final String MALFORMED = "Bearer error=\"invalid_token\", error_description=\"TOKEN_MALFORMED\"";

	@Autowired
	MockMvc mvc;

	@Test
	void headerWhenOnlyBearerThen401Malformed() throws Exception {
		expectMalformed(this.mvc.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, "Bearer")));
	}

	@Test
	void headerWhenBearerAndOnlySpacesThen401Malformed() throws Exception {
		expectMalformed(this.mvc.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, "Bearer   ")));
	}

	@Test
	void headerWhenTwoSpacesBeforeTokenThen401Malformed() throws Exception {
		expectMalformed(this.mvc.perform(
				get("/api/me").header(HttpHeaders.AUTHORIZATION, "Bearer  " + WebTestApplication.userToken())));
	}

	@Test
	void headerWhenNonBase64UrlCharactersThen401Malformed() throws Exception {
		expectMalformed(this.mvc.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, "Bearer abc$def.gh!i.j*k")));
	}

	@Test
	void headerWhenOneMebibyteThen401Malformed() throws Exception {
		String huge = "a".repeat(1024 * 1024);
		expectMalformed(this.mvc.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + huge)));
	}

	@Test
	void headerWhenTokenHasNulByteThen401Malformed() throws Exception {
		String token = WebTestApplication.userToken();
		String withNul = token.substring(0, 10) + '\u0000' + token.substring(10);
		expectMalformed(this.mvc.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + withNul)));
	}

	@Test
	void headerWhenWellFormedButNotAJwtThen401MalformedFromTheVerifier() throws Exception {
		expectMalformed(this.mvc.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, "Bearer abc.def")));
	}

	@Test
	void headerWhenLowerCaseSchemeThenAccepted() throws Exception {
		this.mvc.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, "bearer " + WebTestApplication.userToken()))
			.andExpect(status().isOk())
			.andExpect(content().string("user_123 user_123 [ROLE_USER, FACTOR_BEARER]"));
	}

	@Test
	void headerWhenMixedCaseSchemeThenAccepted() throws Exception {
		this.mvc.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, "BeArEr " + WebTestApplication.userToken()))
			.andExpect(status().isOk());
	}

	@Test
	void headerWhenBasicSchemeThenIgnoredAnd401Missing() throws Exception {
		expectMissing(this.mvc.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, "Basic dXNlcjpwYXNzd29yZA==")));
	}

	@Test
	void headerWhenTwoAuthorizationHeadersThen400InvalidRequest() throws Exception {
		String token = WebTestApplication.userToken();
		this.mvc
			.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + token, "Bearer " + token))
			.andExpect(status().isBadRequest())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE,
					"Bearer error=\"invalid_request\", error_description=\"INVALID_REQUEST\""))
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(400))
			.andExpect(jsonPath("$.code").value("INVALID_REQUEST"));
	}

	@Test
	void queryParameterWhenTokenThenNotAcceptedAnd401Missing() throws Exception {
		expectMissing(this.mvc.perform(get("/api/me").queryParam("access_token", WebTestApplication.userToken())));
	}

	@Test
	void cookieWhenCookieModeOffThenIgnoredAnd401Missing() throws Exception {
		expectMissing(this.mvc.perform(get("/api/me").cookie(new Cookie("TM_SESSION", WebTestApplication.userToken()))));
	}

	@Test
	void tokenWhenSignedWithUnpublishedKeyThen401KidMismatch() throws Exception {
		String forged = TestTokens.sign(TestTokens.ATTACKER_KEY,
				new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.RS256)
					.keyID(TestTokens.ATTACKER_KEY.getKeyID())
					.build(),
				TestTokens.claims(java.time.Instant.now()).build());
		this.mvc.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + forged))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE,
					"Bearer error=\"invalid_token\", error_description=\"JWT_KID_MISMATCH\""))
			.andExpect(jsonPath("$.code").value("JWT_KID_MISMATCH"));
	}

	@Test
	void tokenWhenIssuedForAnotherApplicationThen401AudienceMismatch() throws Exception {
		String token = WebTestApplication.token((claims) -> claims.audience("client_other"));
		this.mvc.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + token))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE,
					"Bearer error=\"invalid_token\", error_description=\"AUDIENCE_MISMATCH\""))
			.andExpect(jsonPath("$.code").value("AUDIENCE_MISMATCH"));
	}

	@Test
	void tokenWhenUnconfiguredClaimsThenNoAuthorityGranted() throws Exception {
		String token = WebTestApplication.token(Map.of("plan", "pro", "admin", true));
		this.mvc.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + token))
			.andExpect(status().isOk())
			.andExpect(content().string("user_123 user_123 [FACTOR_BEARER]"));
	}

	private static void expectMalformed(ResultActions result) throws Exception {
		result.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, MALFORMED))
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(401))
			.andExpect(jsonPath("$.code").value("TOKEN_MALFORMED"));
	}

	private static void expectMissing(ResultActions result) throws Exception {
		result.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, "Bearer"))
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.code").value("TOKEN_MISSING"));
	}

}
