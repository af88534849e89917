package dev.trymellon.spring.autoconfigure.web;

import java.util.List;
import java.util.stream.Stream;

import jakarta.servlet.http.Cookie;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Cookie mode: a state-changing request skips CSRF protection only when its token is
 * taken from a single, well-formed {@code Authorization: Bearer <token>} header (scheme
 * in any case, RFC 7235 section 2.1). Anything that merely starts with {@code Bearer}
 * next to the session cookie needs the CSRF token; with it, the request gets the answer
 * its header deserves.
 */
@SpringBootTest(classes = WebTestApplication.class,
		properties = { "trymellon.client-id=client_test123", "trymellon.token.cookie-name=TM_SESSION" })
@AutoConfigureMockMvc
class CsrfExemptionMockMvcTests {

	private static final String USER = WebTestApplication.userToken();

	private static final String OTHER = WebTestApplication.adminToken();

	private static final String CSRF_REFUSED = "csrf";

	private static final String ORDERED = "ordered";

	@Autowired
	MockMvc mvc;

	/**
	 * Case, Authorization header values, cookie value, answer without a CSRF token,
	 * answer with one. An answer is {@value #ORDERED} (200), {@value #CSRF_REFUSED}
	 * (403 FORBIDDEN, the CSRF detail) or an error code.
	 */
	static Stream<Arguments> cases() {
		return Stream.of(
				Arguments.of("Bearerx + cookie", List.of("Bearerx" + USER), USER, CSRF_REFUSED, ORDERED),
				Arguments.of("Bearerx alone", List.of("Bearerx " + USER), null, CSRF_REFUSED, "TOKEN_MISSING"),
				Arguments.of("Bearer without token + cookie", List.of("Bearer"), USER, CSRF_REFUSED,
						"TOKEN_MALFORMED"),
				Arguments.of("Bearer and a space + cookie", List.of("Bearer "), USER, CSRF_REFUSED,
						"TOKEN_MALFORMED"),
				Arguments.of("Bearer with two spaces + cookie", List.of("Bearer  " + USER), USER, CSRF_REFUSED,
						"TOKEN_MALFORMED"),
				Arguments.of("Bearer with a tab + cookie", List.of("Bearer\t" + USER), USER, CSRF_REFUSED,
						"TOKEN_MALFORMED"),
				Arguments.of("Bearer with a non-token value + cookie", List.of("Bearer not{a}token"), USER,
						CSRF_REFUSED, "TOKEN_MALFORMED"),
				Arguments.of("Basic + cookie", List.of("Basic dXNlcjpwYXNz"), USER, CSRF_REFUSED, ORDERED),
				Arguments.of("two Bearer headers + cookie", List.of("Bearer " + USER, "Bearer " + USER), USER,
						CSRF_REFUSED, "INVALID_REQUEST"),
				Arguments.of("two Bearer headers", List.of("Bearer " + USER, "Bearer " + USER), null, CSRF_REFUSED,
						"INVALID_REQUEST"),
				Arguments.of("Bearer + cookie with another token", List.of("Bearer " + OTHER), USER, CSRF_REFUSED,
						"INVALID_REQUEST"),
				Arguments.of("Bearer + cookie with the same token", List.of("Bearer " + USER), USER, ORDERED,
						ORDERED),
				Arguments.of("Bearer alone", List.of("Bearer " + USER), null, ORDERED, ORDERED),
				Arguments.of("bearer in lowercase", List.of("bearer " + USER), null, ORDERED, ORDERED),
				Arguments.of("BEARER in uppercase + same cookie", List.of("BEARER " + USER), USER, ORDERED, ORDERED),
				Arguments.of("cookie only", List.of(), USER, CSRF_REFUSED, ORDERED));
	}

	@ParameterizedTest(name = "{0}, without CSRF token: {3}")
	@MethodSource("cases")
	void withoutCsrfToken(String name, List<String> authorization, @Nullable String cookie, String withoutCsrf,
			String withCsrf) throws Exception {
		expect(this.mvc.perform(request(authorization, cookie)), withoutCsrf);
	}

	@ParameterizedTest(name = "{0}, with CSRF token: {4}")
	@MethodSource("cases")
	void withCsrfToken(String name, List<String> authorization, @Nullable String cookie, String withoutCsrf,
			String withCsrf) throws Exception {
		expect(this.mvc.perform(request(authorization, cookie).with(csrf())), withCsrf);
	}

	private static MockHttpServletRequestBuilder request(List<String> authorization, @Nullable String cookie) {
		MockHttpServletRequestBuilder request = post("/api/orders");
		for (String value : authorization) {
			request.header(HttpHeaders.AUTHORIZATION, value);
		}
		if (cookie != null) {
			request.cookie(new Cookie("TM_SESSION", cookie));
		}
		return request;
	}

	private static void expect(ResultActions result, String answer) throws Exception {
		switch (answer) {
			case ORDERED -> result.andExpect(status().isOk()).andExpect(content().string("ordered by user_123"));
			case CSRF_REFUSED -> result.andExpect(status().isForbidden())
				.andExpect(header().doesNotExist(HttpHeaders.WWW_AUTHENTICATE))
				.andExpect(jsonPath("$.code").value("FORBIDDEN"))
				.andExpect(jsonPath("$.detail").value("The CSRF token is missing or invalid."));
			case "INVALID_REQUEST" -> result.andExpect(status().isBadRequest())
				.andExpect(jsonPath("$.code").value(answer));
			default -> result.andExpect(status().isUnauthorized()).andExpect(jsonPath("$.code").value(answer));
		}
	}

}
