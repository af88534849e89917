package dev.trymellon.spring.autoconfigure.browser;

import java.time.Instant;
import java.util.Date;
import java.util.Map;

import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.session.offline.JwksKeySource;
import dev.trymellon.spring.testfixtures.MutableClock;
import dev.trymellon.spring.testfixtures.TestTokens;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.PropertySource;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application with browser sessions on and the default chain, on a clock the tests
 * move: tokens are issued at {@link #NOW} and expire an hour later.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@PropertySource("classpath:custom-claim-roles.properties")
@EnableMethodSecurity
@Import(BrowserSessionApplication.Api.class)
class BrowserSessionApplication {

	static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

	static final String COOKIE = "__Host-tm_session";

	static final String[] PROPERTIES = { "trymellon.client-id=" + TestTokens.CLIENT_ID,
			"trymellon.token.cookie-name=" + COOKIE, "trymellon.session-cookie.enabled=true" };

	@Bean
	JwksKeySource tryMellonTestKeys() {
		return TestTokens.keySource(TestTokens.KEY);
	}

	@Bean
	MutableClock clock() {
		return new MutableClock(NOW);
	}

	/** A token of the user, issued at the given time, valid for an hour. */
	static String token(String userId, String roles, Instant issuedAt) {
		return TestTokens.token(issuedAt, (claims) -> claims.subject(userId)
			.claim(TryMellonSession.CUSTOM_CLAIMS_NAMESPACE, Map.of("roles", roles)));
	}

	static String userToken() {
		return token("user_123", "user", NOW);
	}

	static String expiredToken() {
		Instant issued = NOW.minusSeconds(7200);
		return TestTokens.token(issued, (claims) -> claims.expirationTime(Date.from(issued.plusSeconds(3600))));
	}

	@RestController
	static class Api {

		@GetMapping("/api/me")
		String me(@AuthenticationPrincipal TryMellonSession session) {
			return session.getUserId();
		}

		@PostMapping("/api/notes")
		String note(@AuthenticationPrincipal TryMellonSession session) {
			return "noted for " + session.getUserId();
		}

		@PostMapping("/public/ping")
		String ping() {
			return "pong";
		}

		@GetMapping("/api/admin")
		@PreAuthorize("hasRole('ADMIN')")
		String admin() {
			return "admin";
		}

	}

}
