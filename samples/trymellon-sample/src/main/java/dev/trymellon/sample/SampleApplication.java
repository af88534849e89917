package dev.trymellon.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;

/**
 * A web application secured by TryMellon session tokens, using the starter the way any
 * application would: the default security filter chain, roles from the {@code roles}
 * custom claim, method security, and the webhook receiver.
 *
 * @author TryMellon
 * @since 0.1.0
 */
@SpringBootApplication
@EnableMethodSecurity
public class SampleApplication {

	/**
	 * Runs the sample.
	 * @param args command-line arguments, for example {@code --trymellon.client-id=...}
	 */
	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
