package dev.trymellon.spring.autoconfigure.web;


import dev.trymellon.spring.session.offline.JwksKeySource;
import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.testfixtures.TestTokens;
import dev.trymellon.spring.web.TryMellonConfigurer;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.PropertySource;
import org.springframework.core.annotation.Order;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application with its own chains: TryMellon on {@code /api/**} through the DSL, form
 * login for everything else, and a role hierarchy ({@code ADMIN > USER}).
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@PropertySource("classpath:custom-claim-roles.properties")
@EnableMethodSecurity
@Import({ WebTestApplication.TestController.class, UserChainsApplication.MoreController.class })
class UserChainsApplication {

	@Bean
	JwksKeySource tryMellonTestKeys() {
		return TestTokens.keySource(TestTokens.KEY);
	}

	@Bean
	@Order(1)
	SecurityFilterChain api(HttpSecurity http) throws Exception {
		http.securityMatcher("/api/**")
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/api/user-area")
				.hasRole("USER")
				.anyRequest()
				.authenticated())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.with(TryMellonConfigurer.tryMellon(), Customizer.withDefaults());
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain web(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.formLogin(Customizer.withDefaults());
		return http.build();
	}

	@Bean
	UserDetailsService users() {
		return new InMemoryUserDetailsManager(User.withUsername("alice").password("{noop}secret").roles("USER").build());
	}

	@Bean
	static RoleHierarchy roleHierarchy() {
		return RoleHierarchyImpl.fromHierarchy("ROLE_ADMIN > ROLE_USER");
	}

	@RestController
	static class MoreController {

		@GetMapping("/api/user-area")
		String userArea(@AuthenticationPrincipal TryMellonSession session) {
			return "user area " + session.getUserId();
		}

		@GetMapping("/api/user-method")
		@PreAuthorize("hasRole('USER')")
		String userMethod() {
			return "user method";
		}

		@GetMapping("/web/home")
		String home(Authentication authentication) {
			return "home " + authentication.getName();
		}

	}

}
