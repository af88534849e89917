package dev.trymellon.spring.autoconfigure.web;

import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

import com.nimbusds.jwt.JWTClaimsSet;

import dev.trymellon.spring.session.offline.JwksKeySource;
import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.testfixtures.TestTokens;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.PropertySource;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A small application protected by the starter's defaults: real RS256 tokens checked
 * against a static JWKS ({@link TestTokens#KEY}), no network.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@PropertySource("classpath:custom-claim-roles.properties")
@EnableMethodSecurity
@Import(WebTestApplication.TestController.class)
class WebTestApplication {

	static final String[] PROPERTIES = { "trymellon.client-id=" + TestTokens.CLIENT_ID,
			"trymellon.security.permit-paths=/public/**" };

	@Bean
	JwksKeySource tryMellonTestKeys() {
		return TestTokens.keySource(TestTokens.KEY);
	}

	/** A valid token for user_123 whose custom claims are the given ones. */
	static String token(Map<String, Object> customClaims) {
		return token((claims) -> claims.claim(TryMellonSession.CUSTOM_CLAIMS_NAMESPACE, customClaims));
	}

	static String token(Consumer<JWTClaimsSet.Builder> customizer) {
		return TestTokens.token(Instant.now(), customizer);
	}

	static String userToken() {
		return token(Map.of("roles", "user"));
	}

	static String adminToken() {
		return token(Map.of("roles", "admin user"));
	}

	static String expiredToken() {
		Instant issued = Instant.now().minusSeconds(7200);
		return TestTokens.token(issued, (claims) -> claims.expirationTime(java.util.Date.from(issued.plusSeconds(3600))));
	}

	/** The authority names, in order: {@code [ROLE_USER, FACTOR_BEARER]}. */
	static java.util.List<String> authorityNames(Authentication authentication) {
		return authentication.getAuthorities()
			.stream()
			.map(org.springframework.security.core.GrantedAuthority::getAuthority)
			.toList();
	}

	@RestController
	static class TestController {

		@GetMapping("/api/me")
		String me(@AuthenticationPrincipal TryMellonSession session, Authentication authentication) {
			return session.getUserId() + " " + authentication.getName() + " " + authorityNames(authentication);
		}

		@GetMapping("/api/admin")
		@PreAuthorize("hasRole('ADMIN')")
		String admin(@AuthenticationPrincipal TryMellonSession session) {
			return "admin " + session.getUserId();
		}

		@PostMapping("/api/orders")
		String order(@AuthenticationPrincipal TryMellonSession session) {
			return "ordered by " + session.getUserId();
		}

		@GetMapping("/public/hello")
		String hello() {
			return "hello";
		}

		@PostMapping("/public/echo")
		String echo() {
			return "echo";
		}

	}

}
