package dev.trymellon.spring.benchmarks;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.session.offline.VerifiedTokenCache;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.context.reactive.GenericReactiveWebApplicationContext;
import org.springframework.boot.web.context.reactive.StandardReactiveWebEnvironment;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The applications of the reactive whole-request scenarios: one WebFlux application with
 * Actuator (so an {@code ObservationRegistry}, as in production), the same
 * {@code GET /api/me} answering the same JSON as the servlet scenarios' applications, and
 * two ways of securing it:
 * <ul>
 * <li>{@link WithTryMellon}: the starter's default {@code SecurityWebFilterChain}, keys
 * from a JWKS file;</li>
 * <li>{@link WithResourceServer}: Spring's reactive {@code oauth2ResourceServer(jwt)}
 * with {@link org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder} on the
 * same key, the same issuer and audience checks, and the servlet scenario's claims
 * converter (through {@link ReactiveJwtAuthenticationConverterAdapter}); the chain is
 * otherwise shaped like ours (stateless, no CSRF, no request cache, no form login, HTTP
 * Basic or logout).</li>
 * </ul>
 * Each runs in a reactive web application context without a server, as
 * {@code @SpringBootTest}'s mock environment starts one. The benchmark calls the
 * context's {@link HttpHandler} (Spring Boot's {@code httpHandler} bean, the very handler
 * an embedded Netty server would call: {@code WebHttpHandlerBuilder} over the context's
 * {@code WebFilter}s, Spring Security's {@code WebFilterChainProxy} included, and the
 * {@code DispatcherHandler}) with a {@link MockServerHttpRequest} and a
 * {@link MockServerHttpResponse}, on the benchmark's thread: no network, no event loop,
 * no {@code WebTestClient}.
 */
final class ReactivePathApplications {

	private static final URI URL = URI.create(FilterPathApplications.PATH);

	private ReactivePathApplications() {
	}

	/**
	 * A started application and the handler of its exchanges.
	 * @param context the application context
	 * @param handler the context's {@link HttpHandler}
	 */
	record Running(ConfigurableApplicationContext context, HttpHandler handler) implements AutoCloseable {

		/**
		 * Handles {@code GET /api/me} with the header, on the calling thread (the
		 * application blocks nowhere on a known key; should a step be offloaded, this
		 * waits for it), and fails unless the answer is 200.
		 * @param authorization the {@code Authorization} header
		 * @return the length of the body
		 */
		long perform(String authorization) {
			MockServerHttpResponse response = exchange(authorization);
			int status = status(response);
			if (status != 200) {
				throw new IllegalStateException("GET " + FilterPathApplications.PATH + " answered " + status + ": "
						+ response.getBodyAsString().block());
			}
			return response.getHeaders().getContentLength();
		}

		/**
		 * Sends {@code GET /api/me} as {@link #perform} does, outside the measurement.
		 * @param authorization the {@code Authorization} header, {@code null} for none
		 * @return the answer
		 */
		Answers.Answer get(@Nullable String authorization) {
			MockServerHttpResponse response = exchange(authorization);
			String body = response.getBodyAsString().blockOptional().orElse("");
			return new Answers.Answer(status(response), response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE),
					body);
		}

		private MockServerHttpResponse exchange(@Nullable String authorization) {
			MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.method(HttpMethod.GET, URL)
				.header(HttpHeaders.ACCEPT, "application/json");
			if (authorization != null) {
				request.header(HttpHeaders.AUTHORIZATION, authorization);
			}
			MockServerHttpResponse response = new MockServerHttpResponse();
			this.handler.handle(request.build(), response).block();
			return response;
		}

		/** A response whose status was never set is a 200, as a server sends it. */
		private static int status(MockServerHttpResponse response) {
			HttpStatusCode status = response.getStatusCode();
			return (status != null) ? status.value() : 200;
		}

		/**
		 * Our verified-token cache, to empty it between rounds of unique tokens and to
		 * check hits and misses.
		 */
		VerifiedTokenCache verifiedTokenCache() {
			return this.context.getBean(VerifiedTokenCache.class);
		}

		@Override
		public void close() {
			this.context.close();
		}

	}

	static Running withTryMellon(BenchmarkTokens tokens) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.autoconfigure.exclude",
				FilterPathApplications.autoConfigurations(FilterPathApplications::isResourceServer));
		properties.put("trymellon.client-id", BenchmarkTokens.CLIENT_ID);
		properties.put("trymellon.issuer", BenchmarkTokens.ISSUER);
		properties.put("trymellon.jwks.location", FilterPathApplications.jwksFile(tokens).toUri().toString());
		properties.put("trymellon.authorities.role-claims", BenchmarkTokens.ROLES_CLAIM);
		return start(WithTryMellon.class, properties, null);
	}

	static Running withResourceServer(BenchmarkTokens tokens) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.autoconfigure.exclude",
				FilterPathApplications.autoConfigurations(FilterPathApplications::isTryMellon));
		return start(WithResourceServer.class, properties, tokens);
	}

	private static Running start(Class<?> application, Map<String, Object> properties,
			@Nullable BenchmarkTokens tokens) {
		properties.put("spring.main.banner-mode", "off");
		SpringApplication app = new SpringApplication(application);
		if (tokens != null) {
			app.addInitializers((context) -> context.getBeanFactory().registerSingleton("benchmarkTokens", tokens));
		}
		app.setWebApplicationType(WebApplicationType.REACTIVE);
		app.setApplicationContextFactory((type) -> new GenericReactiveWebApplicationContext());
		app.setEnvironment(new StandardReactiveWebEnvironment());
		app.setBannerMode(Banner.Mode.OFF);
		app.setLogStartupInfo(false);
		app.setDefaultProperties(properties);
		ConfigurableApplicationContext context = app.run();
		return new Running(context, context.getBean(HttpHandler.class));
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(WithTryMellon.Api.class)
	static class WithTryMellon {

		@RestController
		static class Api {

			@GetMapping(FilterPathApplications.PATH)
			Mono<Map<String, Object>> me(@AuthenticationPrincipal TryMellonSession session,
					Authentication authentication) {
				return Mono.just(FilterPathApplications.body(session.getUserId(), session.getExternalUserId(),
						session.getTenantId(), session.getAppId(), session.getCustomClaims(),
						authentication.getAuthorities()));
			}

		}

	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(WithResourceServer.Api.class)
	static class WithResourceServer {

		@Bean
		ReactiveJwtDecoder reactiveJwtDecoder(BenchmarkTokens tokens) {
			return tokens.nimbusReactiveJwtDecoder();
		}

		@Bean
		SecurityWebFilterChain api(ServerHttpSecurity http, ReactiveJwtDecoder decoder) {
			http.authorizeExchange((exchanges) -> exchanges.pathMatchers("/actuator/health", "/actuator/health/**")
				.permitAll()
				.anyExchange()
				.authenticated());
			http.securityContextRepository(NoOpServerSecurityContextRepository.getInstance());
			http.requestCache((cache) -> cache.requestCache(NoOpServerRequestCache.getInstance()));
			http.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable);
			http.formLogin(ServerHttpSecurity.FormLoginSpec::disable);
			http.logout(ServerHttpSecurity.LogoutSpec::disable);
			http.csrf(ServerHttpSecurity.CsrfSpec::disable);
			http.oauth2ResourceServer((resourceServer) -> resourceServer.jwt((jwt) -> jwt.jwtDecoder(decoder)
				.jwtAuthenticationConverter(new ReactiveJwtAuthenticationConverterAdapter(
						FilterPathApplications.WithResourceServer.authenticationConverter()))));
			return http.build();
		}

		@RestController
		static class Api {

			@GetMapping(FilterPathApplications.PATH)
			Mono<Map<String, Object>> me(@AuthenticationPrincipal Jwt jwt, Authentication authentication) {
				String userId = (jwt.hasClaim("user_id")) ? jwt.getClaimAsString("user_id") : jwt.getSubject();
				return Mono.just(FilterPathApplications.body(userId, jwt.getClaimAsString("external_user_id"),
						jwt.getClaimAsString("tenant_id"), jwt.getClaimAsString("app_id"),
						jwt.getClaimAsMap(TryMellonSession.CUSTOM_CLAIMS_NAMESPACE), authentication.getAuthorities()));
			}

		}

	}

}
