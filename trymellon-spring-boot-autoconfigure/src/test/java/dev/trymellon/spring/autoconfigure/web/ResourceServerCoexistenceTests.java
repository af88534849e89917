package dev.trymellon.spring.autoconfigure.web;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The starter beside {@code spring-boot-starter-security-oauth2-resource-server}: each
 * chain accepts only its own tokens.
 */
@SpringBootTest(classes = ResourceServerCoexistenceApplication.class,
		properties = "trymellon.client-id=client_test123")
@AutoConfigureMockMvc
class ResourceServerCoexistenceTests {

	@Autowired
	MockMvc mvc;

	@Test
	void partnerChainWhenPartnerJwtThenAuthenticatedBySpringResourceServer() throws Exception {
		this.mvc
			.perform(get("/partner/hello").header(HttpHeaders.AUTHORIZATION,
					"Bearer " + ResourceServerCoexistenceApplication.partnerToken()))
			.andExpect(status().isOk())
			.andExpect(content().string("partner partner-service JwtAuthenticationToken"));
	}

	@Test
	void apiChainWhenTryMellonTokenThenAuthenticatedByTryMellon() throws Exception {
		this.mvc.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + WebTestApplication.userToken()))
			.andExpect(status().isOk())
			.andExpect(content().string("user_123 user_123 [ROLE_USER, FACTOR_BEARER]"));
	}

	@Test
	void apiChainWhenPartnerJwtThen401FromTryMellon() throws Exception {
		this.mvc
			.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION,
					"Bearer " + ResourceServerCoexistenceApplication.partnerToken()))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE,
					"Bearer error=\"invalid_token\", error_description=\"JWT_KID_MISMATCH\""))
			.andExpect(jsonPath("$.code").value("JWT_KID_MISMATCH"));
	}

	@Test
	void partnerChainWhenTryMellonTokenThen401FromSpringResourceServer() throws Exception {
		this.mvc
			.perform(get("/partner/hello").header(HttpHeaders.AUTHORIZATION,
					"Bearer " + WebTestApplication.userToken()))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, startsWith("Bearer error=\"invalid_token\"")));
	}

}
