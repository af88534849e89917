package dev.trymellon.spring.autoconfigure.web.slice;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.trymellon.spring.testfixtures.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MockMvc;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A {@code @WebMvcTest} slice includes the TryMellon auto-configurations (through
 * {@code META-INF/spring/...WebMvcTest.imports}), so the controller is protected exactly
 * as in the full application.
 */
@WebMvcTest(controllers = SliceApplication.SliceController.class, properties = "trymellon.client-id=client_test123")
class WebMvcSliceTests {

	@Autowired
	MockMvc mvc;

	@Test
	void sliceWhenValidTokenThenPrincipalIsTheSession() throws Exception {
		this.mvc.perform(get("/slice/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.token(Instant.now())))
			.andExpect(status().isOk())
			.andExpect(content().string("slice user_123"));
	}

	@Test
	void sliceWhenAnonymousThenTryMellonAnswers() throws Exception {
		this.mvc.perform(get("/slice/me"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, "Bearer"))
			.andExpect(jsonPath("$.code").value("TOKEN_MISSING"));
	}

}
