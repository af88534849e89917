package dev.trymellon.spring.test.reactive;

import java.util.Map;

import reactor.core.publisher.Mono;

import dev.trymellon.spring.session.TryMellonSession;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableReactiveMethodSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A WebFlux application protected by the starter, with method security on its controller.
 * Outside {@code ..test.security}, whose servlet application scans its package.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@EnableReactiveMethodSecurity
class ReactiveSecuredApplication {

	@RestController
	static class ApiController {

		@GetMapping("/api/me")
		Mono<Map<String, Object>> me(@AuthenticationPrincipal TryMellonSession session) {
			return Mono.just(Map.of("userId", session.getUserId()));
		}

		@GetMapping("/api/admin")
		@PreAuthorize("hasRole('ADMIN')")
		Mono<Map<String, Object>> admin(@AuthenticationPrincipal TryMellonSession session) {
			return Mono.just(Map.of("admin", session.getUserId()));
		}

	}

}
