package dev.trymellon.spring.web;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;

import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.TryMellonErrorCode;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DefaultSessionTokenResolverTests {

	private final DefaultSessionTokenResolver resolver = new DefaultSessionTokenResolver();

	@Test
	void cookieNameWhenNotAnRfc6265TokenThenRefusedElseTrimmed() {
		DefaultSessionTokenResolver resolver = new DefaultSessionTokenResolver();
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> resolver.setCookieName("TM SESSION"))
			.withMessageContaining("RFC 6265");
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> resolver.setCookieName("TM;x"));
		assertThat(resolver.getCookieName()).isNull();
		resolver.setCookieName(" TM_SESSION ");
		assertThat(resolver.getCookieName()).isEqualTo("TM_SESSION");
		resolver.setCookieName(" ");
		assertThat(resolver.getCookieName()).isNull();
	}

	@Test
	void resolveWhenNoHeaderThenNull() {
		assertThat(this.resolver.resolve(new MockHttpServletRequest())).isNull();
	}

	@Test
	void resolveWhenBearerThenToken() {
		assertThat(this.resolver.resolve(header("Bearer abc.def-_~+/.ghi=="))).isEqualTo("abc.def-_~+/.ghi==");
	}

	@Test
	void resolveWhenSchemeInAnyCaseThenToken() {
		assertThat(this.resolver.resolve(header("bearer abc"))).isEqualTo("abc");
		assertThat(this.resolver.resolve(header("BEARER abc"))).isEqualTo("abc");
	}

	@Test
	void resolveWhenOtherSchemeThenNull() {
		assertThat(this.resolver.resolve(header("Basic dXNlcjpwYXNz"))).isNull();
		assertThat(this.resolver.resolve(header("Bearerabc"))).isNull();
		assertThat(this.resolver.resolve(header("DPoP abc"))).isNull();
	}

	@Test
	void resolveWhenBearerWithoutTokenThenMalformed() {
		assertCode(header("Bearer"), TryMellonErrorCode.TOKEN_MALFORMED);
		assertCode(header("Bearer "), TryMellonErrorCode.TOKEN_MALFORMED);
		assertCode(header("Bearer   "), TryMellonErrorCode.TOKEN_MALFORMED);
		assertCode(header("Bearer\tabc"), TryMellonErrorCode.TOKEN_MALFORMED);
	}

	@Test
	void resolveWhenCharactersOutsideB64TokenThenMalformed() {
		assertCode(header("Bearer abc def"), TryMellonErrorCode.TOKEN_MALFORMED);
		assertCode(header("Bearer abc,def"), TryMellonErrorCode.TOKEN_MALFORMED);
		assertCode(header("Bearer ab=c"), TryMellonErrorCode.TOKEN_MALFORMED);
		assertCode(header("Bearer abc\u0000"), TryMellonErrorCode.TOKEN_MALFORMED);
		assertCode(header("Bearer \u00e9t\u00e9"), TryMellonErrorCode.TOKEN_MALFORMED);
	}

	@Test
	void resolveWhenLongerThanMaxLengthThenMalformed() {
		this.resolver.setMaxLength(10);
		assertThat(this.resolver.resolve(header("Bearer " + "a".repeat(10)))).hasSize(10);
		assertCode(header("Bearer " + "a".repeat(11)), TryMellonErrorCode.TOKEN_MALFORMED);
	}

	@Test
	void resolveWhenTwoAuthorizationHeadersThenInvalidRequest() {
		MockHttpServletRequest request = header("Bearer abc");
		request.addHeader("Authorization", "Bearer abc");
		assertCode(request, TryMellonErrorCode.INVALID_REQUEST);
	}

	@Test
	void resolveWhenCookieAndNoCookieNameThenIgnored() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setCookies(new Cookie("TM", "abc"));
		assertThat(this.resolver.resolve(request)).isNull();
	}

	@Test
	void resolveWhenCookieNameSetThenCookieRead() {
		this.resolver.setCookieName("TM");
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setCookies(new Cookie("OTHER", "zzz"), new Cookie("TM", "abc"));
		assertThat(this.resolver.resolve(request)).isEqualTo("abc");
	}

	@Test
	void resolveWhenCookieEmptyThenIgnored() {
		this.resolver.setCookieName("TM");
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setCookies(new Cookie("TM", ""));
		assertThat(this.resolver.resolve(request)).isNull();
	}

	@Test
	void resolveWhenTwoCookiesDifferThenInvalidRequest() {
		this.resolver.setCookieName("TM");
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setCookies(new Cookie("TM", "abc"), new Cookie("TM", "abd"));
		assertCode(request, TryMellonErrorCode.INVALID_REQUEST);
	}

	@Test
	void resolveWhenHeaderAndCookieDifferThenInvalidRequest() {
		this.resolver.setCookieName("TM");
		MockHttpServletRequest request = header("Bearer abc");
		request.setCookies(new Cookie("TM", "xyz"));
		assertCode(request, TryMellonErrorCode.INVALID_REQUEST);
	}

	@Test
	void resolveWhenHeaderAndCookieSameThenToken() {
		this.resolver.setCookieName("TM");
		MockHttpServletRequest request = header("Bearer abc");
		request.setCookies(new Cookie("TM", "abc"));
		assertThat(this.resolver.resolve(request)).isEqualTo("abc");
	}

	@Test
	void resolveWhenQueryParameterThenNeverRead() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setParameter("access_token", "abc");
		request.setQueryString("access_token=abc");
		assertThat(this.resolver.resolve(request)).isNull();
	}

	private static MockHttpServletRequest header(String value) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("Authorization", value);
		return request;
	}

	private void assertCode(MockHttpServletRequest request, TryMellonErrorCode code) {
		assertThatExceptionOfType(SessionTokenException.class).isThrownBy(() -> this.resolver.resolve(request))
			.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(code));
	}

}
