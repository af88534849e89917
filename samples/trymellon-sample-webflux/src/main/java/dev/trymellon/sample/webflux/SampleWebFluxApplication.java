package dev.trymellon.sample.webflux;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.config.annotation.method.configuration.EnableReactiveMethodSecurity;

/**
 * A reactive web application secured by TryMellon session tokens, using the starter the
 * way any WebFlux application would: the default {@code SecurityWebFilterChain}, roles
 * from the {@code roles} custom claim, reactive method security, and the webhook
 * receiver's {@code WebFilter}. Its endpoints, answers and properties are the servlet
 * sample's.
 *
 * @author TryMellon
 * @since 0.2.0
 */
@SpringBootApplication
@EnableReactiveMethodSecurity
public class SampleWebFluxApplication {

	private static final String KEEP_ALIVE_STOPGAP = "reactor.netty.http.server.lastFlushWhenNoRead";

	/**
	 * Runs the sample.
	 * @param args command-line arguments, for example {@code --trymellon.client-id=...}
	 */
	public static void main(String[] args) {
		// Reactor Netty 1.3.6 to 1.3.8 can leave a request on a keep-alive connection
		// unanswered (reactor/reactor-netty#4361); until its fixed release, its own stopgap
		// (docs/reactive.md, "Reactor Netty keep-alive"). Read once, before the server starts.
		if (System.getProperty(KEEP_ALIVE_STOPGAP) == null) {
			System.setProperty(KEEP_ALIVE_STOPGAP, "true");
		}
		SpringApplication.run(SampleWebFluxApplication.class, args);
	}

}
