package dev.trymellon.sample.gateway;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;

import dev.trymellon.spring.web.reactive.TryMellonReactiveConfigurer;

/**
 * A gateway in front of one downstream service ({@code sample.gateway.downstream-uri}):
 * {@code /public/**} is open, {@code /api/**} needs a TryMellon session, {@code /admin/**}
 * the {@code ADMIN} role. Every routed request reaches the service with the verified user
 * id in {@value VerifiedUserIdHeaderFilter#HEADER} (see {@link VerifiedUserIdHeaderFilter}),
 * never with a copy the client sent.
 *
 * @author TryMellon
 * @since 0.2.0
 */
@SpringBootApplication
public class GatewaySampleApplication {

	private static final String KEEP_ALIVE_STOPGAP = "reactor.netty.http.server.lastFlushWhenNoRead";

	/**
	 * Runs the gateway.
	 * @param args command-line arguments, for example
	 * {@code --sample.gateway.downstream-uri=http://127.0.0.1:8081}
	 */
	public static void main(String[] args) {
		// Reactor Netty 1.3.6 to 1.3.8 can leave a request on a keep-alive connection
		// unanswered (reactor/reactor-netty#4361); until its fixed release, its own stopgap
		// (docs/reactive.md, "Reactor Netty keep-alive"). Read once, before the server starts.
		if (System.getProperty(KEEP_ALIVE_STOPGAP) == null) {
			System.setProperty(KEEP_ALIVE_STOPGAP, "true");
		}
		SpringApplication.run(GatewaySampleApplication.class, args);
	}

	@Bean
	RouteLocator routes(RouteLocatorBuilder builder,
			@Value("${sample.gateway.downstream-uri:http://127.0.0.1:8081}") String downstream) {
		return builder.routes()
			.route("public", (route) -> route.path("/public/**").uri(downstream))
			.route("api", (route) -> route.path("/api/**").uri(downstream))
			.route("admin", (route) -> route.path("/admin/**").uri(downstream))
			.build();
	}

	@Bean
	SecurityWebFilterChain gatewaySecurity(ServerHttpSecurity http, ApplicationContext context) {
		http.authorizeExchange((exchanges) -> exchanges.pathMatchers("/public/**", "/actuator/health")
			.permitAll()
			.pathMatchers("/admin/**")
			.hasRole("ADMIN")
			.anyExchange()
			.authenticated())
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			// the token comes from the Authorization header only: nothing for CSRF to protect
			.csrf(ServerHttpSecurity.CsrfSpec::disable);
		return TryMellonReactiveConfigurer.tryMellon(context).configure(http).build();
	}

	@Bean
	VerifiedUserIdHeaderFilter verifiedUserIdHeaderFilter() {
		return new VerifiedUserIdHeaderFilter();
	}

}
