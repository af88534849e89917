package dev.trymellon.spring.web;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;

import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.TryMellonErrorCode;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CSRF exemption of {@link TryMellonConfigurer}: only a request whose token the
 * resolver takes from its single, well-formed {@code Authorization: Bearer} header.
 */
class BearerHeaderCsrfExemptionTests {

	private final DefaultSessionTokenResolver cookieResolver = new DefaultSessionTokenResolver();

	BearerHeaderCsrfExemptionTests() {
		this.cookieResolver.setCookieName("TM_SESSION");
	}

	@Test
	void wellFormedBearerHeaderIsExempt() {
		assertThat(exempt(request("Bearer abc.def"))).isTrue();
		assertThat(exempt(request("bearer abc.def"))).isTrue();
		assertThat(exempt(request("BeArEr abc.def"))).isTrue();
	}

	@Test
	void headerThatOnlyLooksLikeBearerIsNotExempt() {
		for (String value : new String[] { "Bearerx", "Bearerabc.def", "Bearer", "Bearer ", "Bearer  abc",
				"Bearer\tabc", "Bearer abc def", "Bearer ab=c", "Basic dXNlcjpwYXNz", "Bear abc", "" }) {
			MockHttpServletRequest request = request(value);
			request.setCookies(new Cookie("TM_SESSION", "abc"));
			assertThat(exempt(request)).as(value).isFalse();
		}
	}

	@Test
	void twoHeadersAreNotExempt() {
		MockHttpServletRequest request = request("Bearer abc");
		request.addHeader(HttpHeaders.AUTHORIZATION, "Bearer abc");
		assertThat(exempt(request)).isFalse();
	}

	@Test
	void headerAndCookieWithTheSameTokenAreExemptWithDifferentTokensNot() {
		MockHttpServletRequest same = request("Bearer abc");
		same.setCookies(new Cookie("TM_SESSION", "abc"));
		assertThat(exempt(same)).isTrue();
		MockHttpServletRequest different = request("Bearer abc");
		different.setCookies(new Cookie("TM_SESSION", "xyz"));
		assertThat(exempt(different)).isFalse();
	}

	@Test
	void tokenLongerThanTheResolverAcceptsIsNotExempt() {
		this.cookieResolver.setMaxLength(3);
		assertThat(exempt(request("Bearer abcd"))).isFalse();
		assertThat(exempt(request("Bearer abc"))).isTrue();
	}

	@Test
	void customResolverReadingAnotherPlaceIsNotExemptEvenWithABearerHeader() {
		SessionTokenResolver fromOtherHeader = (request) -> request.getHeader("X-Session");
		MockHttpServletRequest request = request("Bearer abc");
		request.addHeader("X-Session", "xyz");
		assertThat(BearerHeaderCsrfExemption.isBearerHeaderToken(request, fromOtherHeader)).isFalse();
		SessionTokenResolver none = (r) -> null;
		assertThat(BearerHeaderCsrfExemption.isBearerHeaderToken(request("Bearer abc"), none)).isFalse();
	}

	@Test
	void customResolverAnsweringTheHeaderTokenIsExempt() {
		SessionTokenResolver fromHeader = (request) -> request.getHeader(HttpHeaders.AUTHORIZATION).substring(7);
		assertThat(BearerHeaderCsrfExemption.isBearerHeaderToken(request("Bearer abc"), fromHeader)).isTrue();
	}

	@Test
	void resolverThatRefusesTheRequestIsNotExempt() {
		SessionTokenResolver refusing = (request) -> {
			throw new SessionTokenException(TryMellonErrorCode.INVALID_REQUEST, "no");
		};
		assertThat(BearerHeaderCsrfExemption.isBearerHeaderToken(request("Bearer abc"), refusing)).isFalse();
		SessionTokenResolver broken = (request) -> {
			throw new IllegalStateException("broken");
		};
		assertThat(BearerHeaderCsrfExemption.isBearerHeaderToken(request("Bearer abc"), broken)).isFalse();
	}

	private boolean exempt(MockHttpServletRequest request) {
		return BearerHeaderCsrfExemption.isBearerHeaderToken(request, this.cookieResolver);
	}

	private static MockHttpServletRequest request(String authorization) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/orders");
		request.addHeader(HttpHeaders.AUTHORIZATION, authorization);
		return request;
	}

}
