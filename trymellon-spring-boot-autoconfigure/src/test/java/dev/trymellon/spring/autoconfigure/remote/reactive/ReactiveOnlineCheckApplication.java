package dev.trymellon.spring.autoconfigure.remote.reactive;

import reactor.core.publisher.Mono;

import dev.trymellon.spring.remote.TryMellonVerifyOnline;
import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.session.offline.JwksKeySource;
import dev.trymellon.spring.testfixtures.TestTokens;
import dev.trymellon.spring.web.reactive.TryMellonReactiveConfigurer;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * WebFlux applications with online checks: {@code @TryMellonVerifyOnline} on methods and
 * on a controller class, under the default chain ({@link DefaultChain}), a chain of the
 * application's with the DSL's {@code verifyOnline} for {@code /api/transfer} and a
 * functional route ({@link DslChain}), and a chain of the application's that has no
 * TryMellon authentication at all ({@link ForeignChain}).
 */
final class ReactiveOnlineCheckApplication {

	static final String[] PROPERTIES = { "spring.main.web-application-type=reactive",
			"trymellon.client-id=" + TestTokens.CLIENT_ID, "trymellon.app-id=app_1", "trymellon.remote.max-retries=0",
			"trymellon.security.permit-paths=/public/**" };

	private ReactiveOnlineCheckApplication() {
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import({ PaymentController.class, AdminController.class })
	static class DefaultChain {

		@Bean
		JwksKeySource tryMellonTestKeys() {
			return TestTokens.keySource(TestTokens.KEY);
		}

	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import({ PaymentController.class, AdminController.class })
	static class DslChain {

		@Bean
		JwksKeySource tryMellonTestKeys() {
			return TestTokens.keySource(TestTokens.KEY);
		}

		@Bean
		SecurityWebFilterChain api(ServerHttpSecurity http, ApplicationContext context) {
			http.authorizeExchange((exchanges) -> exchanges.pathMatchers("/public/**")
				.permitAll()
				.anyExchange()
				.authenticated())
				.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
				.csrf(ServerHttpSecurity.CsrfSpec::disable);
			return TryMellonReactiveConfigurer.tryMellon(context)
				.verifyOnline(ServerWebExchangeMatchers.pathMatchers("/api/transfer", "/fn/transfer"))
				.verifyOnline(ServerWebExchangeMatchers.pathMatchers("/api/recent"), java.time.Duration.ofMinutes(5))
				.configure(http)
				.build();
		}

		@Bean
		RouterFunction<ServerResponse> routes() {
			return RouterFunctions.route()
				.POST("/fn/transfer", (request) -> ServerResponse.ok().bodyValue("fn transferred"))
				.POST("/api/recent", (request) -> ServerResponse.ok().bodyValue("recent"))
				.build();
		}

	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import({ PaymentController.class, AdminController.class })
	static class ForeignChain {

		@Bean
		JwksKeySource tryMellonTestKeys() {
			return TestTokens.keySource(TestTokens.KEY);
		}

		/** Lets every exchange through, without TryMellon authentication. */
		@Bean
		SecurityWebFilterChain open(ServerHttpSecurity http) {
			return http.authorizeExchange((exchanges) -> exchanges.anyExchange().permitAll())
				.csrf(ServerHttpSecurity.CsrfSpec::disable)
				.build();
		}

	}

	@RestController
	static class PaymentController {

		@GetMapping("/api/profile")
		Mono<String> profile(@AuthenticationPrincipal TryMellonSession session) {
			return Mono.just("profile " + session.getUserId());
		}

		@PostMapping("/api/pay")
		@TryMellonVerifyOnline
		Mono<String> pay(@AuthenticationPrincipal TryMellonSession session) {
			return Mono.just("paid by " + session.getUserId());
		}

		@PostMapping("/api/settings")
		@TryMellonVerifyOnline(maxAge = "5m")
		Mono<String> settings() {
			return Mono.just("settings saved");
		}

		@PostMapping("/api/transfer")
		Mono<String> transfer() {
			return Mono.just("transferred");
		}

		@PostMapping("/public/donate")
		@TryMellonVerifyOnline
		Mono<String> donate() {
			return Mono.just("donated");
		}

	}

	@RestController
	@TryMellonVerifyOnline
	static class AdminController {

		@PostMapping("/admin/grant")
		Mono<String> grant() {
			return Mono.just("granted");
		}

	}

}
