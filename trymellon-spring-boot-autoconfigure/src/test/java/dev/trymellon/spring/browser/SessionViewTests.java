package dev.trymellon.spring.browser;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.trymellon.spring.session.TryMellonSession;

import static org.assertj.core.api.Assertions.assertThat;

class SessionViewTests {

	@Test
	void jsonHoldsUserIdExpiryAndAuthoritiesOnlyEscaped() {
		TryMellonSession session = TryMellonSession.builder("user\"<1>")
			.issuedAt(Instant.parse("2026-12-01T12:00:00Z"))
			.expiresAt(Instant.parse("2026-12-01T13:00:00Z"))
			.sessionId("sess_secret")
			.build();
		assertThat(SessionView.json(session, List.of("ROLE_A", "FACTOR_BEARER")))
			.isEqualTo("{\"userId\":\"user\\\"\\u003c1\\u003e\",\"expiresAt\":\"2026-12-01T13:00:00Z\","
					+ "\"authorities\":[\"ROLE_A\",\"FACTOR_BEARER\"]}");
	}

}
