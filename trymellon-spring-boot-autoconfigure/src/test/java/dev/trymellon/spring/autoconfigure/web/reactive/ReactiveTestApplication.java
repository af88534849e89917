package dev.trymellon.spring.autoconfigure.web.reactive;

import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

import com.nimbusds.jwt.JWTClaimsSet;
import reactor.core.publisher.Mono;

import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.session.offline.JwksKeySource;
import dev.trymellon.spring.testfixtures.TestTokens;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.PropertySource;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableReactiveMethodSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A small WebFlux application protected by the starter's defaults: real RS256 tokens
 * checked against a static JWKS ({@link TestTokens#KEY}), no network. The reactive
 * counterpart of the servlet tests' {@code WebTestApplication}, with the same endpoints.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@PropertySource("classpath:custom-claim-roles.properties")
@EnableReactiveMethodSecurity
@Import(ReactiveTestApplication.TestController.class)
class ReactiveTestApplication {

	static final String[] PROPERTIES = { "spring.main.web-application-type=reactive",
			"trymellon.client-id=" + TestTokens.CLIENT_ID, "trymellon.security.permit-paths=/public/**" };

	@Bean
	JwksKeySource tryMellonTestKeys() {
		return TestTokens.keySource(TestTokens.KEY);
	}

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
		return TestTokens.token(issued,
				(claims) -> claims.expirationTime(java.util.Date.from(issued.plusSeconds(3600))));
	}

	@RestController
	static class TestController {

		@GetMapping("/api/me")
		Mono<String> me(@AuthenticationPrincipal TryMellonSession session, Authentication authentication) {
			return Mono.just(session.getUserId() + " " + authentication.getName() + " "
					+ authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList());
		}

		@GetMapping("/api/admin")
		@PreAuthorize("hasRole('ADMIN')")
		Mono<String> admin(@AuthenticationPrincipal TryMellonSession session) {
			return Mono.just("admin " + session.getUserId());
		}

		@PostMapping("/api/orders")
		Mono<String> order(@AuthenticationPrincipal TryMellonSession session) {
			return Mono.just("ordered by " + session.getUserId());
		}

		@GetMapping("/public/hello")
		Mono<String> hello() {
			return Mono.just("hello");
		}

		@PostMapping("/public/echo")
		Mono<String> echo() {
			return Mono.just("echo");
		}

	}

}
