package dev.trymellon.spring.session.offline;

import org.junit.jupiter.api.Test;

import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.session.TryMellonSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The revocation gate on its own: refuses what the check matches, and fails closed.
 */
class RevocationGateTests {

	private final TryMellonSession session = TryMellonSession.builder("user_1").build();

	@Test
	void checkWhenNoCheckOrNotRevokedThenPasses() {
		assertThatNoException().isThrownBy(() -> new RevocationGate(null).check(this.session));
		assertThatNoException().isThrownBy(() -> new RevocationGate((s) -> false).check(this.session));
	}

	@Test
	void checkWhenRevokedThenSessionRevoked() {
		assertThatExceptionOfType(SessionTokenException.class)
			.isThrownBy(() -> new RevocationGate((s) -> s.getUserId().equals("user_1")).check(this.session))
			.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(TryMellonErrorCode.SESSION_REVOKED));
	}

	@Test
	void checkWhenTheCheckThrowsThenRefusedAsRevoked() {
		assertThatExceptionOfType(SessionTokenException.class).isThrownBy(() -> new RevocationGate((s) -> {
			throw new IllegalStateException("store down");
		}).check(this.session)).satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(TryMellonErrorCode.SESSION_REVOKED));
	}

}
