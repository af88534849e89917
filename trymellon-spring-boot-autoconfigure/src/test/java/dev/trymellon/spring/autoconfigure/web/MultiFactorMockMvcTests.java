package dev.trymellon.spring.autoconfigure.web;

import org.junit.jupiter.api.Test;

import dev.trymellon.spring.testfixtures.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code @EnableMultiFactorAuthentication} requiring a password and a bearer token: the
 * TryMellon authentication carries {@code FACTOR_BEARER} and, through Spring Security 7's
 * authority merge, the same user's {@code FACTOR_PASSWORD}.
 */
@SpringBootTest(classes = MultiFactorApplication.class, properties = "trymellon.client-id=" + TestTokens.CLIENT_ID)
@AutoConfigureMockMvc
class MultiFactorMockMvcTests {

	@Autowired
	MockMvc mvc;

	@Test
	void passwordThenTokenOfTheSameUserThenBothFactorsAndTheSessionPrincipal() throws Exception {
		MockHttpSession session = login("user_123");
		this.mvc
			.perform(get("/api/me").session(session)
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + WebTestApplication.userToken()))
			.andExpect(status().isOk())
			.andExpect(content().string("user_123 user_123 [FACTOR_BEARER, ROLE_USER, FACTOR_PASSWORD]"));
	}

	@Test
	void tokenWithoutPasswordThenSentToTheLoginPage() throws Exception {
		this.mvc.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + WebTestApplication.userToken()))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/login?factor.type=password&factor.reason=missing"));
	}

	@Test
	void passwordWithoutTokenThenAskedForTheSessionToken() throws Exception {
		this.mvc.perform(get("/api/me").session(login("user_123")))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, "Bearer"))
			.andExpect(jsonPath("$.code").value("TOKEN_MISSING"));
	}

	@Test
	void passwordOfAnotherUserThenTheTokenIsNotCompleted() throws Exception {
		this.mvc
			.perform(get("/api/me").session(login("mallory"))
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + WebTestApplication.userToken()))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/login?factor.type=password&factor.reason=missing"));
	}

	private MockHttpSession login(String user) throws Exception {
		MockHttpSession session = (MockHttpSession) this.mvc.perform(formLogin().user(user).password("secret"))
			.andReturn()
			.getRequest()
			.getSession(false);
		assertThat(session).isNotNull();
		return session;
	}

}
