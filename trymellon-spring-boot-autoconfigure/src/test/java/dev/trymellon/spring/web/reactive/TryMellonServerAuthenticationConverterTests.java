package dev.trymellon.spring.web.reactive;

import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.web.SessionTokenAuthenticationToken;

import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The converter follows the servlet resolver's rules, with the exact code of each refusal.
 */
class TryMellonServerAuthenticationConverterTests {

	private static final String TOKEN = "aaa.bbb.ccc";

	private final TryMellonServerAuthenticationConverter converter = new TryMellonServerAuthenticationConverter();

	@Test
	void convertWhenBearerHeaderThenToken() {
		assertToken(get().header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN), TOKEN);
	}

	@Test
	void convertWhenSchemeInAnotherCaseThenToken() {
		assertToken(get().header(HttpHeaders.AUTHORIZATION, "bEaReR " + TOKEN), TOKEN);
	}

	@Test
	void convertWhenNoHeaderThenEmpty() {
		StepVerifier.create(this.converter.convert(MockServerWebExchange.from(get()))).verifyComplete();
	}

	@Test
	void convertWhenBasicSchemeThenEmpty() {
		StepVerifier.create(this.converter.convert(MockServerWebExchange.from(
				get().header(HttpHeaders.AUTHORIZATION, "Basic dXNlcjpwYXNz")))).verifyComplete();
	}

	@Test
	void convertWhenBearerWithoutTokenThenTokenMalformed() {
		assertRefused(get().header(HttpHeaders.AUTHORIZATION, "Bearer"), TryMellonErrorCode.TOKEN_MALFORMED);
		assertRefused(get().header(HttpHeaders.AUTHORIZATION, "Bearer  " + TOKEN), TryMellonErrorCode.TOKEN_MALFORMED);
	}

	@Test
	void convertWhenCharactersOutsideTheSyntaxThenTokenMalformed() {
		assertRefused(get().header(HttpHeaders.AUTHORIZATION, "Bearer a b"), TryMellonErrorCode.TOKEN_MALFORMED);
	}

	@Test
	void convertWhenLongerThanMaxLengthThenTokenMalformed() {
		this.converter.setMaxLength(5);
		assertRefused(get().header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN), TryMellonErrorCode.TOKEN_MALFORMED);
	}

	@Test
	void convertWhenTwoAuthorizationHeadersThenInvalidRequest() {
		assertRefused(get().header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN, "Bearer " + TOKEN),
				TryMellonErrorCode.INVALID_REQUEST);
	}

	@Test
	void convertWhenCookieNotConfiguredThenCookieIgnored() {
		StepVerifier.create(this.converter.convert(MockServerWebExchange.from(get().cookie(new HttpCookie("tm", TOKEN)))))
			.verifyComplete();
	}

	@Test
	void convertWhenCookieConfiguredThenCookieToken() {
		this.converter.setCookieName("tm");
		assertToken(get().cookie(new HttpCookie("tm", TOKEN)), TOKEN);
	}

	@Test
	void convertWhenHeaderAndSameCookieThenToken() {
		this.converter.setCookieName("tm");
		assertToken(get().header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN).cookie(new HttpCookie("tm", TOKEN)),
				TOKEN);
	}

	@Test
	void convertWhenHeaderAndDifferentCookieThenInvalidRequest() {
		this.converter.setCookieName("tm");
		assertRefused(get().header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN).cookie(new HttpCookie("tm", "x.y.z")),
				TryMellonErrorCode.INVALID_REQUEST);
	}

	@Test
	void convertWhenTwoDifferentCookiesThenInvalidRequest() {
		this.converter.setCookieName("tm");
		assertRefused(get().cookie(new HttpCookie("tm", TOKEN), new HttpCookie("tm", "x.y.z")),
				TryMellonErrorCode.INVALID_REQUEST);
	}

	@Test
	void convertWhenMalformedCookieThenTokenMalformed() {
		this.converter.setCookieName("tm");
		assertRefused(get().cookie(new HttpCookie("tm", "a,b")), TryMellonErrorCode.TOKEN_MALFORMED);
	}

	@Test
	void setCookieNameWhenInvalidThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.converter.setCookieName("bad name"));
	}

	private static MockServerHttpRequest.BaseBuilder<?> get() {
		return MockServerHttpRequest.get("/api/me");
	}

	private void assertToken(MockServerHttpRequest.BaseBuilder<?> request, String expected) {
		Authentication authentication = this.converter.convert(MockServerWebExchange.from(request)).block();
		assertThat(authentication).isInstanceOf(SessionTokenAuthenticationToken.class);
		assertThat(((SessionTokenAuthenticationToken) authentication).getToken()).isEqualTo(expected);
	}

	private void assertRefused(MockServerHttpRequest.BaseBuilder<?> request, TryMellonErrorCode code) {
		StepVerifier.create(this.converter.convert(MockServerWebExchange.from(request)))
			.expectErrorSatisfies((ex) -> {
				assertThat(ex).isInstanceOf(BadCredentialsException.class);
				assertThat(ex.getCause()).isInstanceOf(SessionTokenException.class);
				assertThat(((SessionTokenException) ex.getCause()).getErrorCode()).isEqualTo(code);
			})
			.verify();
	}

}
