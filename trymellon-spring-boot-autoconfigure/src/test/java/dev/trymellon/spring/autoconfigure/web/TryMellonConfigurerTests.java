package dev.trymellon.spring.autoconfigure.web;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.trymellon.spring.authority.SessionAuthoritiesMapper;
import dev.trymellon.spring.autoconfigure.TryMellonAutoConfiguration;
import dev.trymellon.spring.autoconfigure.security.TryMellonSecurityAutoConfiguration;
import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.SessionTokenVerifier;
import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.web.SessionFactors;
import dev.trymellon.spring.web.SessionTokenResolver;
import dev.trymellon.spring.web.TryMellonAuthentication;
import dev.trymellon.spring.web.TryMellonAuthenticationManagerResolver;
import dev.trymellon.spring.web.TryMellonAuthenticationProvider;
import dev.trymellon.spring.web.TryMellonConfigurer;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@link TryMellonConfigurer} in a user-declared chain: each collaborator comes from the
 * DSL, else a bean, else the properties or the default.
 */
@ExtendWith(OutputCaptureExtension.class)
class TryMellonConfigurerTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TryMellonAutoConfiguration.class,
				TryMellonSecurityAutoConfiguration.class, TryMellonWebSecurityAutoConfiguration.class,
				SecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class,
				ServletWebSecurityAutoConfiguration.class))
		.withUserConfiguration(NameController.class);

	@Test
	void verifierWhenOnlyBeanThenBeanUsed() {
		this.contextRunner.withUserConfiguration(BeanVerifier.class, DefaultDslChain.class).run((context) -> {
			mvc(context).perform(get("/name").header(HttpHeaders.AUTHORIZATION, "Bearer bean-token"))
				.andExpect(status().isOk())
				.andExpect(content().string("bean-user [FACTOR_BEARER]"));
			assertThat(context.getBeansOfType(SecurityFilterChain.class)).containsOnlyKeys("chain");
		});
	}

	@Test
	void verifierWhenDslAndBeanThenDslWins() {
		this.contextRunner.withUserConfiguration(BeanVerifier.class, DslValuesChain.class).run((context) -> {
			mvc(context).perform(get("/name").header(HttpHeaders.AUTHORIZATION, "Bearer dsl-token"))
				.andExpect(status().isOk())
				.andExpect(content().string("dsl-user [DSL_AUTHORITY, FACTOR_BEARER]"));
			mvc(context).perform(get("/name").header(HttpHeaders.AUTHORIZATION, "Bearer bean-token"))
				.andExpect(status().isUnauthorized());
		});
	}

	@Test
	void verifierWhenNoneThenStartupFailsSayingWhatIsMissing() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SecurityAutoConfiguration.class,
					ServletWebSecurityAutoConfiguration.class))
			.withUserConfiguration(DefaultDslChain.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("TryMellonConfigurer needs a SessionTokenVerifier"));
	}

	@Test
	void mapperWhenBeanThenReplacesTheDefault() {
		this.contextRunner.withUserConfiguration(BeanVerifier.class, DefaultDslChain.class)
			.withBean(SessionAuthoritiesMapper.class, () -> (session) -> List.of(new SimpleGrantedAuthority("BEAN")))
			.run((context) -> mvc(context).perform(get("/name").header(HttpHeaders.AUTHORIZATION, "Bearer bean-token"))
				.andExpect(content().string("bean-user [BEAN, FACTOR_BEARER]")));
	}

	@Test
	void cookieWhenPropertyOnlyThenPropertyCookieRead() {
		this.contextRunner.withUserConfiguration(BeanVerifier.class, DefaultDslChain.class)
			.withPropertyValues("trymellon.token.cookie-name=PROP")
			.run((context) -> mvc(context).perform(get("/name").cookie(new Cookie("PROP", "bean-token")))
				.andExpect(status().isOk()));
	}

	@Test
	void cookieWhenDslAndPropertyThenDslWins() {
		this.contextRunner.withUserConfiguration(BeanVerifier.class, DslCookieChain.class)
			.withPropertyValues("trymellon.token.cookie-name=PROP")
			.run((context) -> {
				mvc(context).perform(get("/name").cookie(new Cookie("DSL", "bean-token"))).andExpect(status().isOk());
				mvc(context).perform(get("/name").cookie(new Cookie("PROP", "bean-token")))
					.andExpect(status().isUnauthorized())
					.andExpect(jsonPath("$.code").value("TOKEN_MISSING"));
			});
	}

	@Test
	void resolverWhenBeanAndPropertyThenBeanWins() {
		this.contextRunner.withUserConfiguration(BeanVerifier.class, DefaultDslChain.class)
			.withPropertyValues("trymellon.token.cookie-name=PROP")
			.withBean(SessionTokenResolver.class, () -> (request) -> request.getHeader("X-Test-Token"))
			.run((context) -> {
				mvc(context).perform(get("/name").header("X-Test-Token", "bean-token")).andExpect(status().isOk());
				mvc(context).perform(get("/name").cookie(new Cookie("PROP", "bean-token")))
					.andExpect(status().isUnauthorized());
			});
	}

	@Test
	void maxLengthWhenPropertySetThenLongerTokensMalformed() {
		this.contextRunner.withUserConfiguration(BeanVerifier.class, DefaultDslChain.class)
			.withPropertyValues("trymellon.token.max-length=12")
			.run((context) -> mvc(context)
				.perform(get("/name").header(HttpHeaders.AUTHORIZATION, "Bearer bean-token-that-is-long"))
				.andExpect(status().isUnauthorized())
				.andExpect(jsonPath("$.code").value("TOKEN_MALFORMED")));
	}

	@Test
	void cookieWhenDslAndMaxLengthPropertyThenDslCookieAndPropertyMaxLength() {
		this.contextRunner.withUserConfiguration(BeanVerifier.class, DslCookieChain.class)
			.withPropertyValues("trymellon.token.max-length=12")
			.run((context) -> {
				mvc(context).perform(get("/name").cookie(new Cookie("DSL", "bean-token"))).andExpect(status().isOk());
				mvc(context).perform(get("/name").cookie(new Cookie("DSL", "bean-token-that-is-long")))
					.andExpect(status().isUnauthorized())
					.andExpect(jsonPath("$.code").value("TOKEN_MALFORMED"));
			});
	}

	@Test
	void managerResolverWhenBeanThenTheDslAuthenticatesWithIt() {
		this.contextRunner.withUserConfiguration(BeanVerifier.class, DefaultDslChain.class)
			.withBean(TryMellonAuthenticationManagerResolver.class,
					() -> new TryMellonAuthenticationManagerResolver(
							new TryMellonAuthenticationProvider((token) -> session("resolver-user"),
									(session) -> List.of()),
							new DefaultAuthenticationEventPublisher()))
			.run((context) -> {
				assertThat(context).hasSingleBean(AuthenticationManagerResolver.class);
				mvc(context).perform(get("/name").header(HttpHeaders.AUTHORIZATION, "Bearer bean-token"))
					.andExpect(status().isOk())
					.andExpect(content().string("resolver-user [FACTOR_BEARER]"));
			});
	}

	@Test
	void factorsWhenPropertyThenTheDslChainGrantsThem() {
		this.contextRunner.withUserConfiguration(PasskeyVerifier.class, DefaultDslChain.class)
			.withPropertyValues("trymellon.authorities.webauthn-factor.claim=amr",
					"trymellon.authorities.webauthn-factor.value=webauthn")
			.run((context) -> mvc(context)
				.perform(get("/name").header(HttpHeaders.AUTHORIZATION, "Bearer passkey-token"))
				.andExpect(content().string("passkey-user [FACTOR_BEARER, FACTOR_WEBAUTHN]")));
	}

	@Test
	void factorsWhenDslAndPropertyThenDslWins() {
		this.contextRunner.withUserConfiguration(PasskeyVerifier.class, DslFactorsChain.class)
			.withPropertyValues("trymellon.authorities.webauthn-factor.claim=amr",
					"trymellon.authorities.webauthn-factor.value=webauthn")
			.run((context) -> mvc(context)
				.perform(get("/name").header(HttpHeaders.AUTHORIZATION, "Bearer passkey-token"))
				.andExpect(content().string("passkey-user [FACTOR_BEARER]")));
	}

	@Test
	void csrfWhenDisabledInAChainReadingTheCookieThenWarned(CapturedOutput output) {
		this.contextRunner.withUserConfiguration(BeanVerifier.class, NoCsrfChain.class)
			.withPropertyValues("trymellon.token.cookie-name=TM_SESSION")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).contains("reads the TryMellon session token from the cookie 'TM_SESSION' and has CSRF "
				+ "protection disabled");
	}

	@Test
	void csrfWhenDisabledInAHeaderOnlyChainThenNoWarning(CapturedOutput output) {
		this.contextRunner.withUserConfiguration(BeanVerifier.class, NoCsrfChain.class)
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).doesNotContain("has CSRF protection disabled");
	}

	@Test
	void handlersWhenBeansThenReplaceTheDefaults() {
		this.contextRunner.withUserConfiguration(BeanVerifier.class, RoleChain.class, Handlers.class)
			.run((context) -> {
				mvc(context).perform(get("/name")).andExpect(status().isIAmATeapot());
				mvc(context).perform(get("/name").header(HttpHeaders.AUTHORIZATION, "Bearer bad"))
					.andExpect(status().isIAmATeapot());
				mvc(context).perform(get("/name").header(HttpHeaders.AUTHORIZATION, "Bearer bean-token"))
					.andExpect(status().isPaymentRequired());
			});
	}

	@Test
	void handlersWhenDslAndBeansThenDslWins() {
		this.contextRunner.withUserConfiguration(BeanVerifier.class, DslHandlersChain.class, Handlers.class)
			.run((context) -> {
				mvc(context).perform(get("/name")).andExpect(status().isGone());
				mvc(context).perform(get("/name").header(HttpHeaders.AUTHORIZATION, "Bearer bean-token"))
					.andExpect(status().isConflict());
			});
	}

	@Test
	void handlersWhenNoneConfiguredThenTryMellonAnswers() {
		this.contextRunner.withUserConfiguration(BeanVerifier.class, RoleChain.class).run((context) -> {
			mvc(context).perform(get("/name"))
				.andExpect(status().isUnauthorized())
				.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, "Bearer"));
			mvc(context).perform(get("/name").header(HttpHeaders.AUTHORIZATION, "Bearer bean-token"))
				.andExpect(status().isForbidden())
				.andExpect(jsonPath("$.code").value("FORBIDDEN"));
		});
	}

	@Test
	void authenticationManagerWhenDslThenUsed() {
		this.contextRunner.withUserConfiguration(BeanVerifier.class, DslManagerChain.class)
			.run((context) -> mvc(context).perform(get("/name").header(HttpHeaders.AUTHORIZATION, "Bearer anything"))
				.andExpect(status().isOk())
				.andExpect(content().string("manager-user [MANAGER]")));
	}

	private static MockMvc mvc(AssertableWebApplicationContext context) {
		return MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
	}

	static TryMellonSession session(String userId) {
		return TryMellonSession.builder(userId).build();
	}

	@RestController
	static class NameController {

		@GetMapping("/name")
		String name(Authentication authentication) {
			return authentication.getName() + " " + WebTestApplication.authorityNames(authentication);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BeanVerifier {

		@Bean
		SessionTokenVerifier beanVerifier() {
			return (token) -> {
				if (token.equals("bean-token")) {
					return session("bean-user");
				}
				throw new SessionTokenException(TryMellonErrorCode.SIGNATURE_INVALID, "bad");
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DefaultDslChain {

		@Bean
		SecurityFilterChain chain(HttpSecurity http) throws Exception {
			http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
				.with(TryMellonConfigurer.tryMellon(), Customizer.withDefaults());
			return http.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DslValuesChain {

		@Bean
		SecurityFilterChain chain(HttpSecurity http) throws Exception {
			SessionTokenVerifier dslVerifier = (token) -> {
				if (token.equals("dsl-token")) {
					return session("dsl-user");
				}
				throw new SessionTokenException(TryMellonErrorCode.SIGNATURE_INVALID, "bad");
			};
			http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
				.with(TryMellonConfigurer.tryMellon(), (tryMellon) -> tryMellon.sessionTokenVerifier(dslVerifier)
					.authoritiesMapper((session) -> List.of(new SimpleGrantedAuthority("DSL_AUTHORITY"))));
			return http.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PasskeyVerifier {

		@Bean
		SessionTokenVerifier passkeyVerifier() {
			return (token) -> TryMellonSession.builder("passkey-user")
				.claims(java.util.Map.of("amr", List.of("webauthn")))
				.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DslFactorsChain {

		@Bean
		SecurityFilterChain chain(HttpSecurity http) throws Exception {
			http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
				.with(TryMellonConfigurer.tryMellon(), (tryMellon) -> tryMellon.sessionFactors(SessionFactors.bearer()));
			return http.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class NoCsrfChain {

		@Bean
		SecurityFilterChain chain(HttpSecurity http) throws Exception {
			http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
				.csrf((csrf) -> csrf.disable())
				.with(TryMellonConfigurer.tryMellon(), Customizer.withDefaults());
			return http.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DslCookieChain {

		@Bean
		SecurityFilterChain chain(HttpSecurity http) throws Exception {
			http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
				.with(TryMellonConfigurer.tryMellon(), (tryMellon) -> tryMellon.cookieName("DSL"));
			return http.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RoleChain {

		@Bean
		SecurityFilterChain chain(HttpSecurity http) throws Exception {
			http.authorizeHttpRequests((requests) -> requests.anyRequest().hasRole("ADMIN"))
				.with(TryMellonConfigurer.tryMellon(), Customizer.withDefaults());
			return http.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Handlers {

		@Bean
		AuthenticationEntryPoint teapotEntryPoint() {
			return (request, response, ex) -> response.sendError(418);
		}

		@Bean
		AccessDeniedHandler paymentRequiredHandler() {
			return (request, response, ex) -> response.sendError(402);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DslHandlersChain {

		@Bean
		SecurityFilterChain chain(HttpSecurity http) throws Exception {
			http.authorizeHttpRequests((requests) -> requests.anyRequest().hasRole("ADMIN"))
				.with(TryMellonConfigurer.tryMellon(),
						(tryMellon) -> tryMellon.authenticationEntryPoint((request, response, ex) -> send(response, 410))
							.accessDeniedHandler((request, response, ex) -> send(response, 409)));
			return http.build();
		}

		private static void send(jakarta.servlet.http.HttpServletResponse response, int status) throws IOException {
			response.sendError(status);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DslManagerChain {

		@Bean
		SecurityFilterChain chain(HttpSecurity http) throws Exception {
			AuthenticationManager manager = (authentication) -> new TryMellonAuthentication(session("manager-user"),
					List.of(new SimpleGrantedAuthority("MANAGER")));
			http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
				.with(TryMellonConfigurer.tryMellon(), (tryMellon) -> tryMellon.authenticationManager(manager));
			return http.build();
		}

	}

}
