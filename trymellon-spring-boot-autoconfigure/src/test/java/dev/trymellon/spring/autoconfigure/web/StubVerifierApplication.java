package dev.trymellon.spring.autoconfigure.web;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.SessionTokenVerifier;
import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.session.TryMellonSession;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.authentication.event.AbstractAuthenticationEvent;

/**
 * The default chain with a stub verifier: fixed token strings map to sessions or to the
 * failures a real verifier cannot easily be made to produce (keys down, a bug).
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(WebTestApplication.TestController.class)
class StubVerifierApplication {

	@Bean
	SessionTokenVerifier stubVerifier() {
		return (token) -> switch (token) {
			case "valid" -> TryMellonSession.builder("user_stub").build();
			case "expired" -> throw new SessionTokenException(TryMellonErrorCode.SESSION_EXPIRED, "expired");
			case "keys-down" -> throw new SessionTokenException(TryMellonErrorCode.KEYS_UNAVAILABLE, "no keys");
			case "rate-limited" ->
				throw new SessionTokenException(TryMellonErrorCode.RATE_LIMIT_EXCEEDED, "rate limited");
			case "revoked" -> throw new SessionTokenException(TryMellonErrorCode.SESSION_REVOKED, "revoked");
			case "bug" -> throw new IllegalStateException("verifier bug for secret-token-material");
			default -> throw new SessionTokenException(TryMellonErrorCode.TOKEN_MALFORMED, "malformed");
		};
	}

	@Bean
	EventRecorder eventRecorder() {
		return new EventRecorder();
	}

	static class EventRecorder implements ApplicationListener<AbstractAuthenticationEvent> {

		final List<AbstractAuthenticationEvent> events = new CopyOnWriteArrayList<>();

		@Override
		public void onApplicationEvent(AbstractAuthenticationEvent event) {
			this.events.add(event);
		}

	}

}
