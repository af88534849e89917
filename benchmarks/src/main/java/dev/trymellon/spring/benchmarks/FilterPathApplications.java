package dev.trymellon.spring.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import jakarta.servlet.ServletContext;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcPrint;
import org.springframework.boot.webmvc.test.autoconfigure.SpringBootMockMvcBuilderCustomizer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.convert.converter.Converter;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockServletContext;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.DefaultMockMvcBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.context.support.GenericWebApplicationContext;
import org.springframework.web.context.support.StandardServletEnvironment;

import dev.trymellon.spring.session.TryMellonSession;

/**
 * The applications of the filter-path scenarios: one Spring MVC application with Actuator
 * (so an {@code ObservationRegistry}, as in production), the same {@code GET /api/me}
 * answering the same JSON shape, and three ways of securing it:
 * <ul>
 * <li>{@link Unsecured}: no Spring Security at all, the floor;</li>
 * <li>{@link WithTryMellon}: the starter's default chain, keys from a JWKS file;</li>
 * <li>{@link WithResourceServer}: Spring's {@code oauth2ResourceServer(jwt)} with
 * {@link org.springframework.security.oauth2.jwt.NimbusJwtDecoder} on the same key, the
 * same issuer and audience checks, and a claims converter mapping the same custom claim
 * to the same roles; the chain is otherwise shaped like ours (stateless, no CSRF, no
 * request cache, no logout).</li>
 * </ul>
 * Each runs in a web application context on a mock servlet context, driven by MockMvc
 * with every servlet filter of the context added, as Spring Boot's
 * {@code @AutoConfigureMockMvc} adds them: no network, no server threads.
 */
final class FilterPathApplications {

	static final String PATH = "/api/me";

	private FilterPathApplications() {
	}

	/**
	 * A started application and the MockMvc driving it.
	 */
	record Running(ConfigurableApplicationContext context, MockMvc mvc) implements AutoCloseable {

		/**
		 * Sends {@code GET /api/me}, as the benchmark does, outside the measurement.
		 * @param authorization the {@code Authorization} header, {@code null} for none
		 * @return the answer
		 * @throws Exception when MockMvc fails
		 */
		Answers.Answer get(@Nullable String authorization) throws Exception {
			MockHttpServletResponse response = this.mvc.perform((ServletContext servletContext) -> {
				MockHttpServletRequest request = new MockHttpServletRequest(servletContext, "GET", PATH);
				if (authorization != null) {
					request.addHeader(HttpHeaders.AUTHORIZATION, authorization);
				}
				request.addHeader(HttpHeaders.ACCEPT, "application/json");
				return request;
			}).andReturn().getResponse();
			return new Answers.Answer(response.getStatus(), response.getHeader(HttpHeaders.WWW_AUTHENTICATE),
					response.getContentAsString(StandardCharsets.UTF_8));
		}

		@Override
		public void close() {
			this.context.close();
		}

	}

	static Running unsecured() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.autoconfigure.exclude",
				autoConfigurations((name) -> isSecurity(name) || isTryMellon(name)));
		return start(Unsecured.class, properties);
	}

	static Running withTryMellon(BenchmarkTokens tokens, boolean securityObservations) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.autoconfigure.exclude", autoConfigurations(FilterPathApplications::isResourceServer));
		properties.put("trymellon.client-id", BenchmarkTokens.CLIENT_ID);
		properties.put("trymellon.issuer", BenchmarkTokens.ISSUER);
		properties.put("trymellon.jwks.location", jwksFile(tokens).toUri().toString());
		properties.put("trymellon.authorities.role-claims", BenchmarkTokens.ROLES_CLAIM);
		if (!securityObservations) {
			properties.put("management.observations.enable.spring.security", "false");
		}
		return start(WithTryMellon.class, properties);
	}

	static Running withResourceServer(BenchmarkTokens tokens, boolean securityObservations) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.autoconfigure.exclude", autoConfigurations(FilterPathApplications::isTryMellon));
		if (!securityObservations) {
			properties.put("management.observations.enable.spring.security", "false");
		}
		return start(WithResourceServer.class, properties, tokens);
	}

	private static Running start(Class<?> application, Map<String, Object> properties) {
		return start(application, properties, null);
	}

	private static Running start(Class<?> application, Map<String, Object> properties,
			@Nullable BenchmarkTokens tokens) {
		SpringApplication app = application(application, properties, tokens);
		app.setApplicationContextFactory((type) -> new GenericWebApplicationContext(new MockServletContext()));
		app.setEnvironment(new StandardServletEnvironment());
		ConfigurableApplicationContext context = app.run();
		WebApplicationContext web = (WebApplicationContext) context;
		DefaultMockMvcBuilder builder = MockMvcBuilders.webAppContextSetup(web);
		SpringBootMockMvcBuilderCustomizer customizer = new SpringBootMockMvcBuilderCustomizer(web);
		customizer.setAddFilters(true);
		customizer.setPrint(MockMvcPrint.NONE);
		customizer.customize(builder);
		return new Running(context, builder.build());
	}

	private static SpringApplication application(Class<?> application, Map<String, Object> properties,
			@Nullable BenchmarkTokens tokens) {
		properties.put("spring.main.banner-mode", "off");
		SpringApplication app = new SpringApplication(application);
		if (tokens != null) {
			app.addInitializers((context) -> context.getBeanFactory().registerSingleton("benchmarkTokens", tokens));
		}
		app.setWebApplicationType(WebApplicationType.SERVLET);
		app.setBannerMode(Banner.Mode.OFF);
		app.setLogStartupInfo(false);
		app.setDefaultProperties(properties);
		return app;
	}

	/**
	 * Starts one of the applications on an embedded Tomcat on a free port of the
	 * loopback interface, for the end-to-end measurement over HTTP: the same application
	 * classes and properties as in-process, with a real server instead of the mock
	 * servlet context.
	 * @param application the application
	 * @param tokens the tokens whose key the secured applications trust
	 * @return the started context; its {@code local.server.port} property is the port
	 */
	static ConfigurableApplicationContext serve(EndToEnd.Application application, BenchmarkTokens tokens) {
		Map<String, Object> properties = new LinkedHashMap<>();
		Class<?> type;
		switch (application.security()) {
			case NONE -> {
				properties.put("spring.autoconfigure.exclude",
						autoConfigurations((name) -> isSecurity(name) || isTryMellon(name)));
				type = Unsecured.class;
			}
			case TRYMELLON -> {
				properties.put("spring.autoconfigure.exclude", autoConfigurations(FilterPathApplications::isResourceServer));
				properties.put("trymellon.client-id", BenchmarkTokens.CLIENT_ID);
				properties.put("trymellon.issuer", BenchmarkTokens.ISSUER);
				properties.put("trymellon.jwks.location", jwksFile(tokens).toUri().toString());
				properties.put("trymellon.authorities.role-claims", BenchmarkTokens.ROLES_CLAIM);
				type = WithTryMellon.class;
			}
			case RESOURCE_SERVER -> {
				properties.put("spring.autoconfigure.exclude", autoConfigurations(FilterPathApplications::isTryMellon));
				type = WithResourceServer.class;
			}
			default -> throw new IllegalArgumentException(application.name());
		}
		if (!application.securityObservations()) {
			properties.put("management.observations.enable.spring.security", "false");
		}
		properties.put("server.address", "127.0.0.1");
		properties.put("server.port", "0");
		return application(type, properties, tokens).run();
	}

	static String autoConfigurations(Predicate<String> filter) {
		return ImportCandidates.load(AutoConfiguration.class, FilterPathApplications.class.getClassLoader())
			.getCandidates()
			.stream()
			.filter(filter)
			.collect(Collectors.joining(","));
	}

	static boolean isSecurity(String name) {
		return name.startsWith("org.springframework.boot.security.");
	}

	static boolean isResourceServer(String name) {
		return name.startsWith("org.springframework.boot.security.oauth2.");
	}

	static boolean isTryMellon(String name) {
		return name.startsWith("dev.trymellon.");
	}

	static Path jwksFile(BenchmarkTokens tokens) {
		try {
			Path file = Files.createTempFile("trymellon-benchmark-jwks", ".json");
			file.toFile().deleteOnExit();
			Files.writeString(file, tokens.publicJwkSet().toString(), StandardCharsets.UTF_8);
			return file;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static Map<String, Object> body(String userId, Object externalUserId, Object tenantId, Object appId,
			Object customClaims, Collection<? extends GrantedAuthority> authorities) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("userId", userId);
		body.put("externalUserId", externalUserId);
		body.put("tenantId", tenantId);
		body.put("appId", appId);
		body.put("customClaims", customClaims);
		body.put("authorities", authorities.stream().map(GrantedAuthority::getAuthority).toList());
		return body;
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(Unsecured.Api.class)
	static class Unsecured {

		@RestController
		static class Api {

			private static final List<GrantedAuthority> AUTHORITIES = List
				.of(new SimpleGrantedAuthority("ROLE_ADMIN"), new SimpleGrantedAuthority("ROLE_EDITOR"));

			@GetMapping(PATH)
			Map<String, Object> me() {
				return body(BenchmarkTokens.userId("user", 0), "ext_0", BenchmarkTokens.TENANT_ID,
						BenchmarkTokens.APP_ID, BenchmarkTokens.customClaims(0), AUTHORITIES);
			}

		}

	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(WithTryMellon.Api.class)
	static class WithTryMellon {

		@RestController
		static class Api {

			@GetMapping(PATH)
			Map<String, Object> me(@AuthenticationPrincipal TryMellonSession session, Authentication authentication) {
				return body(session.getUserId(), session.getExternalUserId(), session.getTenantId(),
						session.getAppId(), session.getCustomClaims(), authentication.getAuthorities());
			}

		}

	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(WithResourceServer.Api.class)
	static class WithResourceServer {

		@Bean
		JwtDecoder jwtDecoder(BenchmarkTokens tokens) {
			return tokens.nimbusJwtDecoder();
		}

		@Bean
		SecurityFilterChain api(HttpSecurity http, JwtDecoder decoder) throws Exception {
			http.authorizeHttpRequests((requests) -> requests.requestMatchers("/actuator/health", "/actuator/health/**")
				.permitAll()
				.anyRequest()
				.authenticated());
			http.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
			http.requestCache(AbstractHttpConfigurer::disable);
			http.logout(AbstractHttpConfigurer::disable);
			http.csrf(AbstractHttpConfigurer::disable);
			http.oauth2ResourceServer((resourceServer) -> resourceServer
				.jwt((jwt) -> jwt.decoder(decoder).jwtAuthenticationConverter(authenticationConverter())));
			return http.build();
		}

		/**
		 * What an application writes to get roles from TryMellon's custom claims: the
		 * {@code roles} claim inside the namespace object, split on commas and spaces.
		 */
		static JwtAuthenticationConverter authenticationConverter() {
			Converter<Jwt, Collection<GrantedAuthority>> roles = (jwt) -> {
				List<GrantedAuthority> authorities = new ArrayList<>();
				Map<String, Object> custom = jwt.getClaimAsMap(TryMellonSession.CUSTOM_CLAIMS_NAMESPACE);
				if (custom != null && custom.get(BenchmarkTokens.ROLES_CLAIM) instanceof String value) {
					for (String role : StringUtils.tokenizeToStringArray(value, ", ")) {
						authorities.add(new SimpleGrantedAuthority("ROLE_" + role.toUpperCase(Locale.ROOT)));
					}
				}
				return authorities;
			};
			JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
			converter.setJwtGrantedAuthoritiesConverter(roles);
			return converter;
		}

		@RestController
		static class Api {

			@GetMapping(PATH)
			Map<String, Object> me(@AuthenticationPrincipal Jwt jwt, Authentication authentication) {
				String userId = (jwt.hasClaim("user_id")) ? jwt.getClaimAsString("user_id") : jwt.getSubject();
				return body(userId, jwt.getClaimAsString("external_user_id"), jwt.getClaimAsString("tenant_id"),
						jwt.getClaimAsString("app_id"), jwt.getClaimAsMap(TryMellonSession.CUSTOM_CLAIMS_NAMESPACE),
						authentication.getAuthorities());
			}

		}

	}

}
