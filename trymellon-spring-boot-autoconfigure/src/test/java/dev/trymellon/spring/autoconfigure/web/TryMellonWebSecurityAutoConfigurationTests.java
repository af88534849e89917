package dev.trymellon.spring.autoconfigure.web;

import java.util.List;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.trymellon.spring.session.offline.JwksKeySource;
import dev.trymellon.spring.authority.ClaimsSessionAuthoritiesMapper;
import dev.trymellon.spring.authority.SessionAuthoritiesMapper;
import dev.trymellon.spring.autoconfigure.TryMellonAutoConfiguration;
import dev.trymellon.spring.autoconfigure.security.TryMellonSecurityAutoConfiguration;
import dev.trymellon.spring.session.SessionTokenVerifier;
import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.testfixtures.TestTokens;
import dev.trymellon.spring.web.TryMellonAuthenticationFilter;
import dev.trymellon.spring.web.TryMellonAuthenticationManagerResolver;
import dev.trymellon.spring.web.TryMellonConfigurer;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.options;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Every condition of the web security and authorities auto-configurations.
 */
@ExtendWith(OutputCaptureExtension.class)
class TryMellonWebSecurityAutoConfigurationTests {

	private static final AutoConfigurations SECURITY = AutoConfigurations.of(SecurityAutoConfiguration.class,
			UserDetailsServiceAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class);

	private static final AutoConfigurations TRYMELLON = AutoConfigurations.of(TryMellonAutoConfiguration.class,
			TryMellonSecurityAutoConfiguration.class, TryMellonWebSecurityAutoConfiguration.class);

	private static final String GENERATED_PASSWORD = "Using generated security password";

	/** Hides the resource-server classes, whose presence alone stops Boot's generated user. */
	private static final FilteredClassLoader WITHOUT_RESOURCE_SERVER = new FilteredClassLoader(
			"org.springframework.security.oauth2.server.resource");

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(TRYMELLON)
		.withConfiguration(SECURITY)
		.withUserConfiguration(StaticKeys.class)
		.withPropertyValues("trymellon.client-id=" + TestTokens.CLIENT_ID);

	@Test
	void servletApplicationWhenNoUserChainThenDefaultTryMellonChain() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBeansOfType(SecurityFilterChain.class)).containsOnlyKeys("tryMellonSecurityFilterChain");
			List<Filter> filters = filters(context);
			assertThat(filters).filteredOn(TryMellonAuthenticationFilter.class::isInstance).hasSize(1);
			assertThat(filters).noneMatch(CsrfFilter.class::isInstance);
			assertThat(filters).noneMatch(CorsFilter.class::isInstance);
			assertThat(filters).extracting((filter) -> filter.getClass().getSimpleName())
				.doesNotContain("UsernamePasswordAuthenticationFilter", "BasicAuthenticationFilter",
						"DefaultLoginPageGeneratingFilter", "LogoutFilter", "RequestCacheAwareFilter");
		});
	}

	@Test
	void filterWhenDefaultChainThenNeverABean() {
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(TryMellonAuthenticationFilter.class);
			assertThat(context.getBeansOfType(Filter.class).values())
				.noneMatch(TryMellonAuthenticationFilter.class::isInstance);
		});
	}

	@Test
	void defaultChainWhenActiveThenNoGeneratedUser(CapturedOutput output) {
		this.contextRunner.withClassLoader(WITHOUT_RESOURCE_SERVER).run((context) -> {
			assertThat(context).hasSingleBean(TryMellonAuthenticationManagerResolver.class);
			assertThat(context).doesNotHaveBean(UserDetailsService.class);
		});
		assertThat(output).doesNotContain(GENERATED_PASSWORD);
	}

	@Test
	void userChainWithTheDslWhenDeclaredThenNoGeneratedUser(CapturedOutput output) {
		this.contextRunner.withClassLoader(WITHOUT_RESOURCE_SERVER)
			.withUserConfiguration(DslUserChain.class)
			.run((context) -> {
				assertThat(context.getBeansOfType(SecurityFilterChain.class)).containsOnlyKeys("api");
				assertThat(context).hasSingleBean(TryMellonAuthenticationManagerResolver.class);
				assertThat(context).doesNotHaveBean(UserDetailsService.class);
			});
		assertThat(output).doesNotContain(GENERATED_PASSWORD);
	}

	@Test
	void userChainWithoutTheDslWhenTryMellonConfiguredThenNoGeneratedUser(CapturedOutput output) {
		this.contextRunner.withClassLoader(WITHOUT_RESOURCE_SERVER)
			.withUserConfiguration(UserChain.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(TryMellonAuthenticationManagerResolver.class);
				assertThat(context).doesNotHaveBean(UserDetailsService.class);
			});
		assertThat(output).doesNotContain(GENERATED_PASSWORD);
	}

	@Test
	void generatedUserWhenNoSessionTokenVerifierThenLeftToSpringBoot(CapturedOutput output) {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TryMellonSecurityAutoConfiguration.class,
					TryMellonWebSecurityAutoConfiguration.class))
			.withConfiguration(SECURITY)
			.withClassLoader(WITHOUT_RESOURCE_SERVER)
			.withUserConfiguration(UserChain.class)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(AuthenticationManagerResolver.class);
				assertThat(context).hasSingleBean(UserDetailsService.class);
			});
		assertThat(output).contains(GENERATED_PASSWORD);
	}

	@Test
	void authenticationManagerResolverWhenUserDefinesOneThenBacksOff() {
		this.contextRunner.withUserConfiguration(UserResolver.class).run((context) -> {
			assertThat(context).hasSingleBean(AuthenticationManagerResolver.class);
			assertThat(context).hasBean("userResolver");
			assertThat(context).hasBean("tryMellonSecurityFilterChain");
		});
	}

	@Test
	void defaultChainWhenUserDeclaresChainThenBacksOff() {
		this.contextRunner.withUserConfiguration(UserChain.class)
			.run((context) -> assertThat(context.getBeansOfType(SecurityFilterChain.class)).containsOnlyKeys("userChain"));
	}

	@Test
	void defaultChainWhenNoVerifierBeanThenBacksOff() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TryMellonSecurityAutoConfiguration.class,
					TryMellonWebSecurityAutoConfiguration.class))
			.withConfiguration(SECURITY)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean("tryMellonSecurityFilterChain");
				assertThat(context).hasBean("defaultSecurityFilterChain");
			});
	}

	@Test
	void defaultChainWhenResourceServerJwtDecoderThenTryMellonChainWins() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(resourceServerAutoConfigurations()))
			.withPropertyValues("spring.security.oauth2.resourceserver.jwt.jwk-set-uri=https://idp.example.test/jwks")
			.run((context) -> {
				assertThat(context).hasSingleBean(JwtDecoder.class);
				assertThat(context.getBeansOfType(SecurityFilterChain.class))
					.containsOnlyKeys("tryMellonSecurityFilterChain");
			});
	}

	@Test
	void defaultChainWhenCookieNameSetThenCsrfOn() {
		this.contextRunner.withPropertyValues("trymellon.token.cookie-name=TM_SESSION")
			.run((context) -> assertThat(filters(context)).anyMatch(CsrfFilter.class::isInstance));
	}

	@Test
	void defaultChainWhenCustomTokenResolverBeanThenCsrfOn() {
		this.contextRunner.withBean(dev.trymellon.spring.web.SessionTokenResolver.class, () -> (request) -> null)
			.run((context) -> assertThat(filters(context)).anyMatch(CsrfFilter.class::isInstance));
	}

	@Test
	void defaultChainWhenCorsConfigurationSourceBeanThenCorsApplied() {
		this.contextRunner.withUserConfiguration(Cors.class)
			.run((context) -> assertThat(filters(context)).anyMatch(CorsFilter.class::isInstance));
	}

	@Test
	void defaultChainWhenCorsConfiguredThenPreflightAnsweredWithoutToken() {
		this.contextRunner.withUserConfiguration(Cors.class).run((context) -> {
			MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
			mvc.perform(options("/api/me").header(HttpHeaders.ORIGIN, "https://app.example.test")
				.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "GET")
				.header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "Authorization"))
				.andExpect(status().isOk())
				.andExpect(header().string(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://app.example.test"));
			mvc.perform(options("/api/me").header(HttpHeaders.ORIGIN, "https://evil.example.test")
				.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "GET")).andExpect(status().isForbidden());
		});
	}

	@Test
	void defaultChainWhenEntryPointAndAccessDeniedHandlerBeansThenTheyAnswer() {
		this.contextRunner
			.withBean(AuthenticationEntryPoint.class,
					() -> (request, response, ex) -> response.sendError(HttpServletResponse.SC_PAYMENT_REQUIRED))
			.run((context) -> {
				MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
				mvc.perform(get("/api/me")).andExpect(status().isPaymentRequired());
				mvc.perform(get("/api/me").header(HttpHeaders.AUTHORIZATION, "Bearer abc.def"))
					.andExpect(status().isPaymentRequired());
			});
	}

	@Test
	void defaultChainWhenOnlySpringMvcIntrospectorThenNoCors() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(WebMvcAutoConfiguration.class)).run((context) -> {
			assertThat(context.getBeanNamesForType(CorsConfigurationSource.class)).isNotEmpty();
			assertThat(filters(context)).noneMatch(CorsFilter.class::isInstance);
		});
	}

	@Test
	void permitPathsWhenNotStartingWithSlashThenStartupFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("trymellon.security.permit-paths=public/**")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("trymellon.security.permit-paths"));
	}

	@Test
	void cookieNameWhenNotAValidCookieNameThenStartupFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("trymellon.token.cookie-name=TM SESSION")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("trymellon.token.cookie-name"));
	}

	@Test
	void permitPathsWhenInvalidPatternThenStartupFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("trymellon.security.permit-paths=/a/**/b/**")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("trymellon.security.permit-paths"));
	}

	@Test
	void reactiveApplicationWhenStarterPresentThenNoServletChainButCoreBeansUsable() {
		new ReactiveWebApplicationContextRunner().withConfiguration(TRYMELLON)
			.withUserConfiguration(StaticKeys.class)
			.withPropertyValues("trymellon.client-id=" + TestTokens.CLIENT_ID, "trymellon.authorities.role-claims=roles")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(SecurityFilterChain.class);
				assertThat(context).hasSingleBean(SessionTokenVerifier.class);
				assertThat(context).hasSingleBean(SessionAuthoritiesMapper.class);
				TryMellonSession session = context.getBean(SessionTokenVerifier.class)
					.verify(WebTestApplication.adminToken());
				assertThat(context.getBean(SessionAuthoritiesMapper.class).getAuthorities(session))
					.extracting(Object::toString)
					.containsExactly("ROLE_ADMIN", "ROLE_USER");
			});
	}

	@Test
	void nonWebApplicationWhenStarterPresentThenNoServletChainButCoreBeansUsable() {
		new ApplicationContextRunner().withConfiguration(TRYMELLON)
			.withUserConfiguration(StaticKeys.class)
			.withPropertyValues("trymellon.client-id=" + TestTokens.CLIENT_ID)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(SecurityFilterChain.class);
				assertThat(context).hasSingleBean(SessionTokenVerifier.class);
				assertThat(context).hasSingleBean(SessionAuthoritiesMapper.class);
			});
	}

	@Test
	void webSecurityWhenSpringSecurityWebMissingThenBacksOffButMapperRemains() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.security.web")).run((context) -> {
			assertThat(context).doesNotHaveBean("tryMellonSecurityFilterChain");
			assertThat(context).hasSingleBean(SessionAuthoritiesMapper.class);
		});
	}

	@Test
	void webSecurityWhenSpringBootSecurityMissingThenBacksOff() {
		new WebApplicationContextRunner().withConfiguration(TRYMELLON)
			.withUserConfiguration(StaticKeys.class)
			.withPropertyValues("trymellon.client-id=" + TestTokens.CLIENT_ID)
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.security"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(SecurityFilterChain.class);
				assertThat(context).hasSingleBean(SessionTokenVerifier.class);
			});
	}

	@Test
	void mapperWhenSpringSecurityMissingThenAbsentButVerifierRemains() {
		new ApplicationContextRunner().withConfiguration(TRYMELLON)
			.withUserConfiguration(StaticKeys.class)
			.withPropertyValues("trymellon.client-id=" + TestTokens.CLIENT_ID)
			.withClassLoader(new FilteredClassLoader("org.springframework.security"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(SessionTokenVerifier.class);
				assertThat(context).doesNotHaveBean("tryMellonSessionAuthoritiesMapper");
			});
	}

	@Test
	void mapperWhenUserDefinesOneThenDefaultBacksOff() {
		this.contextRunner.withBean(SessionAuthoritiesMapper.class, () -> (session) -> List.of())
			.run((context) -> {
				assertThat(context).hasSingleBean(SessionAuthoritiesMapper.class);
				assertThat(context).doesNotHaveBean(ClaimsSessionAuthoritiesMapper.class);
			});
	}

	@Test
	void mapperWhenPropertiesSetThenMapsAsConfigured() {
		this.contextRunner
			.withPropertyValues("trymellon.authorities.role-claims=groups",
					"trymellon.authorities.default-authorities=SCOPE_app",
					"trymellon.authorities.claims.plan.prefix=TIER_",
					"trymellon.authorities.claims.beta.upper-case=false",
					"trymellon.authorities.claims.features.delimiter=;")
			.run((context) -> {
				TryMellonSession session = TryMellonSession.builder("user_1")
					.customClaims(java.util.Map.of("groups", "ops,dev", "roles", "admin", "plan", "pro", "beta", true,
							"features", "a b;c"))
					.build();
				assertThat(context.getBean(SessionAuthoritiesMapper.class).getAuthorities(session))
					.extracting(Object::toString)
					.containsExactlyInAnyOrder("SCOPE_app", "ROLE_OPS", "ROLE_DEV", "TIER_PRO", "beta", "FEATURES_C");
			});
	}

	private static List<Filter> filters(AssertableWebApplicationContext context) {
		return context.getBean("tryMellonSecurityFilterChain", SecurityFilterChain.class).getFilters();
	}

	@Configuration(proxyBeanMethods = false)
	static class StaticKeys {

		@Bean
		JwksKeySource tryMellonTestKeys() {
			return TestTokens.keySource(TestTokens.KEY);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserChain {

		@Bean
		SecurityFilterChain userChain(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated()).build();
		}

	}

	/** The custom chain of docs/getting-started.md, section 4. */
	@Configuration(proxyBeanMethods = false)
	static class DslUserChain {

		@Bean
		SecurityFilterChain api(HttpSecurity http) throws Exception {
			http.securityMatcher("/api/**")
				.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
				.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
				.csrf((csrf) -> csrf.disable())
				.with(TryMellonConfigurer.tryMellon(), Customizer.withDefaults());
			return http.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserResolver {

		@Bean
		AuthenticationManagerResolver<HttpServletRequest> userResolver() {
			return (request) -> (authentication) -> null;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Cors {

		@Bean
		CorsConfigurationSource corsConfigurationSource() {
			CorsConfiguration configuration = new CorsConfiguration();
			configuration.addAllowedOrigin("https://app.example.test");
			configuration.addAllowedMethod("GET");
			configuration.addAllowedHeader("Authorization");
			UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
			source.registerCorsConfiguration("/**", configuration);
			return source;
		}

	}


	/**
	 * Spring's resource server auto-configurations, under their Spring Boot 4.0 name or
	 * their Spring Boot 4.1 names (the build's boot-4.1 profile runs these tests too).
	 */
	private static Class<?>[] resourceServerAutoConfigurations() {
		String base = "org.springframework.boot.security.oauth2.server.resource.autoconfigure.";
		return java.util.stream.Stream
			.of(base + "servlet.OAuth2ResourceServerAutoConfiguration", base + "OAuth2ResourceServerAutoConfiguration",
					base + "web.OAuth2ResourceServerWebSecurityAutoConfiguration")
			.filter((name) -> org.springframework.util.ClassUtils.isPresent(name, null))
			.map((name) -> org.springframework.util.ClassUtils.resolveClassName(name, null))
			.toArray(Class<?>[]::new);
	}

}
