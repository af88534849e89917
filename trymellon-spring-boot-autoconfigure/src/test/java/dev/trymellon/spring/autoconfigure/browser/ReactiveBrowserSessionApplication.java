package dev.trymellon.spring.autoconfigure.browser;

import java.time.Duration;
import java.util.List;

import reactor.core.publisher.Mono;

import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.session.offline.JwksKeySource;
import dev.trymellon.spring.testfixtures.MutableClock;
import dev.trymellon.spring.testfixtures.TestTokens;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.PropertySource;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableReactiveMethodSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The WebFlux counterpart of {@link BrowserSessionApplication}: browser sessions on, the
 * default reactive chain, the same clock, keys, tokens and endpoints.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@PropertySource("classpath:custom-claim-roles.properties")
@EnableReactiveMethodSecurity
@Import(ReactiveBrowserSessionApplication.Api.class)
class ReactiveBrowserSessionApplication {

	@Bean
	JwksKeySource tryMellonTestKeys() {
		return TestTokens.keySource(TestTokens.KEY);
	}

	@Bean
	MutableClock clock() {
		return new MutableClock(BrowserSessionApplication.NOW);
	}

	/** The client, with a timeout generous for a busy build machine. */
	static WebTestClient patient(WebTestClient client) {
		return client.mutate().responseTimeout(Duration.ofSeconds(30)).build();
	}

	static List<String> setCookies(EntityExchangeResult<?> result) {
		List<String> values = result.getResponseHeaders().get(HttpHeaders.SET_COOKIE);
		return (values != null) ? values : List.of();
	}

	static String setCookie(EntityExchangeResult<?> result, String name) {
		return setCookies(result).stream().filter((cookie) -> cookie.startsWith(name + "=")).findFirst().orElse(null);
	}

	@RestController
	static class Api {

		@GetMapping("/api/me")
		Mono<String> me(@AuthenticationPrincipal TryMellonSession session) {
			return Mono.just(session.getUserId());
		}

		@PostMapping("/api/notes")
		Mono<String> note(@AuthenticationPrincipal TryMellonSession session) {
			return Mono.just("noted for " + session.getUserId());
		}

		@PostMapping("/public/ping")
		Mono<String> ping() {
			return Mono.just("pong");
		}

		@GetMapping("/api/admin")
		@PreAuthorize("hasRole('ADMIN')")
		Mono<String> admin() {
			return Mono.just("admin");
		}

	}

}
