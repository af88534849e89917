package dev.trymellon.spring.autoconfigure.remote.web;

import dev.trymellon.spring.remote.TryMellonVerifyOnline;
import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.session.offline.JwksKeySource;
import dev.trymellon.spring.testfixtures.TestTokens;
import dev.trymellon.spring.web.TryMellonConfigurer;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application with online checks: {@code @TryMellonVerifyOnline} on methods and on a
 * controller class, and the DSL's {@code verifyOnline} for {@code /api/transfer}.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import({ OnlineCheckApplication.PaymentController.class, OnlineCheckApplication.AdminController.class })
class OnlineCheckApplication {

	/** The chain's session cookie; the application has no resolver bean that reads it. */
	static final String COOKIE = "tm_session";

	@Bean
	JwksKeySource tryMellonTestKeys() {
		return TestTokens.keySource(TestTokens.KEY);
	}

	@Bean
	SecurityFilterChain api(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.requestMatchers("/public/**")
			.permitAll()
			.anyRequest()
			.authenticated())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.with(TryMellonConfigurer.tryMellon(), (tryMellon) -> tryMellon.cookieName(COOKIE)
				.verifyOnline(PathPatternRequestMatcher.withDefaults().matcher("/api/transfer")));
		return http.build();
	}

	@RestController
	static class PaymentController {

		@GetMapping("/api/profile")
		String profile(@AuthenticationPrincipal TryMellonSession session) {
			return "profile " + session.getUserId();
		}

		@PostMapping("/api/pay")
		@TryMellonVerifyOnline
		String pay(@AuthenticationPrincipal TryMellonSession session) {
			return "paid by " + session.getUserId();
		}

		@PostMapping("/api/settings")
		@TryMellonVerifyOnline(maxAge = "5m")
		String settings() {
			return "settings saved";
		}

		@PostMapping("/api/transfer")
		String transfer() {
			return "transferred";
		}

		@PostMapping("/public/donate")
		@TryMellonVerifyOnline
		String donate() {
			return "donated";
		}

	}

	@RestController
	@TryMellonVerifyOnline
	static class AdminController {

		@PostMapping("/admin/grant")
		String grant() {
			return "granted";
		}

	}

}
