package dev.trymellon.spring.browser;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SessionCookieSettingsTests {

	@Test
	void defaultsAreAHostOnlySecureLaxCookieOnTheDefaultPath() {
		SessionCookieSettings settings = SessionCookieSettings.withCookieName("__Host-tm").build();
		assertThat(settings.getPath()).isEqualTo("/trymellon/session");
		assertThat(settings.sessionCookie("abc.def.ghi", Duration.ofSeconds(90)).toString())
			.startsWith("__Host-tm=abc.def.ghi; Path=/; Max-Age=90; Expires=")
			.endsWith("; Secure; HttpOnly; SameSite=Lax");
		assertThat(settings.clearedSessionCookie().toString()).startsWith("__Host-tm=; Path=/; Max-Age=0; Expires=")
			.endsWith("; Secure; HttpOnly; SameSite=Lax");
	}

	@Test
	void strictDomainAndInsecureAreWritten() {
		SessionCookieSettings settings = SessionCookieSettings.withCookieName("tm_session")
			.sameSite(SessionCookieSettings.SameSite.STRICT)
			.domain("example.com")
			.secure(false)
			.build();
		assertThat(settings.sessionCookie("t", Duration.ofSeconds(5)).toString())
			.startsWith("tm_session=t; Path=/; Domain=example.com; Max-Age=5; Expires=")
			.endsWith("; HttpOnly; SameSite=Strict")
			.doesNotContain("Secure");
		assertThat(settings.clearedSessionCookie().toString()).contains("Domain=example.com")
			.contains("Max-Age=0")
			.contains("SameSite=Strict");
	}

	@Test
	void hostPrefixMustBeSecure() {
		assertThatIllegalStateException()
			.isThrownBy(() -> SessionCookieSettings.withCookieName("__Host-tm").secure(false).build())
			.withMessage("A cookie named __Host-... must be Secure: the browser drops it otherwise");
		assertThatIllegalStateException()
			.isThrownBy(() -> SessionCookieSettings.withCookieName("__host-tm").secure(false).build());
	}

	@Test
	void hostPrefixMustNotHaveADomain() {
		assertThatIllegalStateException()
			.isThrownBy(() -> SessionCookieSettings.withCookieName("__Host-tm").domain("example.com").build())
			.withMessage("A cookie named __Host-... must not have a Domain: the browser drops it otherwise");
	}

	@Test
	void securePrefixMustBeSecureButMayHaveADomain() {
		assertThatIllegalStateException()
			.isThrownBy(() -> SessionCookieSettings.withCookieName("__Secure-tm").secure(false).build())
			.withMessage("A cookie named __Secure-... must be Secure: the browser drops it otherwise");
		assertThat(SessionCookieSettings.withCookieName("__Secure-tm").domain("example.com").build().getDomain())
			.isEqualTo("example.com");
	}

	@Test
	void badNamesPathsDomainsAndOriginsAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> SessionCookieSettings.withCookieName("tm session"));
		assertThatIllegalArgumentException().isThrownBy(() -> SessionCookieSettings.withCookieName("tm;x"));
		for (String path : List.of("trymellon", "/trymellon/**", "/a/../b", "/a/", "/a?b", "/")) {
			assertThatIllegalArgumentException().as(path)
				.isThrownBy(() -> SessionCookieSettings.withCookieName("tm").path(path));
		}
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SessionCookieSettings.withCookieName("tm").domain("example.com; Secure"));
		for (String origin : List.of("*", "https://*.example.com", "https://app.example.com/", "app.example.com",
				"null", "ftp://example.com")) {
			assertThatIllegalArgumentException().as(origin)
				.isThrownBy(() -> SessionCookieSettings.withCookieName("tm").allowedOrigins(List.of(origin)));
		}
	}

	@Test
	void exchangeOriginRules() {
		SessionCookieSettings settings = SessionCookieSettings.withCookieName("tm")
			.allowedOrigins(List.of("https://App.example.com"))
			.build();
		String own = "https://api.example.com";
		// not a browser, or a same-origin request
		assertThat(settings.isExchangeAllowed(null, null, own)).isTrue();
		assertThat(settings.isExchangeAllowed(own, "same-origin", own)).isTrue();
		assertThat(settings.isExchangeAllowed(null, "none", own)).isTrue();
		// a front end of the same site on another origin: only when allowed
		assertThat(settings.isExchangeAllowed("https://app.example.com", "same-site", own)).isTrue();
		assertThat(settings.isExchangeAllowed("https://other.example.com", "same-site", own)).isFalse();
		// cross-site
		assertThat(settings.isExchangeAllowed("https://evil.example", "cross-site", own)).isFalse();
		assertThat(settings.isExchangeAllowed(null, "cross-site", own)).isFalse();
		assertThat(settings.isExchangeAllowed("https://app.example.com", "cross-site", own)).isTrue();
		assertThat(settings.isExchangeAllowed("null", null, own)).isFalse();
		assertThat(settings.isExchangeAllowed("http://api.example.com", null, own)).isFalse();
	}

	@Test
	void sessionCookieNeedsAPositiveMaxAge() {
		SessionCookieSettings settings = SessionCookieSettings.withCookieName("tm").build();
		assertThatIllegalArgumentException().isThrownBy(() -> settings.sessionCookie("t", Duration.ZERO));
	}

}
