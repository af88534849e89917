package dev.trymellon.spring.revocation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.trymellon.spring.testfixtures.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Single-token revocations ({@link Revocation.Kind#TOKEN}) in the
 * {@link InMemoryRevocationStore}.
 */
class TokenRevocationTests {

	private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

	private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyXzEifQ.c2lnbmF0dXJl";

	private static final String OTHER_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyXzEifQ.b3RoZXI";

	private final MutableClock clock = new MutableClock(NOW);

	private final InMemoryRevocationStore store = new InMemoryRevocationStore(this.clock, Duration.ofSeconds(30),
			List.of());

	@Test
	void tokenHashIsTheBase64UrlSha256OfTheTokenAndNeverTheToken() {
		// SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
		assertThat(Revocation.tokenHash("abc")).isEqualTo("ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0");
		Revocation revocation = Revocation.token(TOKEN, "user_1", NOW, NOW.plusSeconds(60));
		assertThat(revocation.kind()).isEqualTo(Revocation.Kind.TOKEN);
		assertThat(revocation.id()).hasSize(43).isEqualTo(Revocation.tokenHash(TOKEN)).doesNotContain("eyJ");
		assertThat(revocation.toString()).doesNotContain(TOKEN);
	}

	@Test
	void revokeTokenRefusesExactlyThatTokenUntilItsUntil() {
		this.store.revokeToken(TOKEN, "user_1", NOW, NOW.plusSeconds(60));
		assertThat(this.store.isTokenRevoked(TOKEN)).isTrue();
		assertThat(this.store.isTokenRevoked(OTHER_TOKEN)).isFalse();
		// the user's sessions are not revoked: signing in again works at once
		assertThat(this.store.isRevoked(InMemoryRevocationStoreTests.session("user_1", NOW.minusSeconds(10))))
			.isFalse();
		assertThat(this.store.isRevoked(InMemoryRevocationStoreTests.session("user_1", NOW.plusSeconds(1))))
			.isFalse();
		this.clock.advance(Duration.ofSeconds(59));
		assertThat(this.store.isTokenRevoked(TOKEN)).isTrue();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.store.isTokenRevoked(TOKEN)).isFalse();
	}

	@Test
	void expiredTokenRevocationsArePurgedOnTheNextWrite() {
		this.store.revokeToken(TOKEN, null, NOW, NOW.plusSeconds(60));
		assertThat(this.store.size()).isOne();
		this.clock.advance(Duration.ofSeconds(61));
		this.store.revokeToken(OTHER_TOKEN, null, this.clock.instant(), this.clock.instant().plusSeconds(60));
		assertThat(this.store.size()).isOne();
		assertThat(this.store.isTokenRevoked(OTHER_TOKEN)).isTrue();
	}

	@Test
	void revokingTheSameTokenAgainKeepsTheLaterUntil() {
		this.store.revokeToken(TOKEN, null, NOW, NOW.plusSeconds(120));
		this.store.revokeToken(TOKEN, null, NOW, NOW.plusSeconds(60));
		this.clock.advance(Duration.ofSeconds(90));
		assertThat(this.store.isTokenRevoked(TOKEN)).isTrue();
		assertThat(this.store.size()).isOne();
	}

	@Test
	void revocationAlreadyExpiredIsNotKept() {
		this.store.revokeToken(TOKEN, null, NOW.minusSeconds(120), NOW.minusSeconds(1));
		assertThat(this.store.isTokenRevoked(TOKEN)).isFalse();
		assertThat(this.store.size()).isZero();
	}

	@Test
	void storeWithoutTokenRevocationsAnswersFalseForAnyToken() {
		this.store.revokeUser("user_1", NOW, NOW.plusSeconds(60));
		assertThat(this.store.isTokenRevoked(TOKEN)).isFalse();
	}

	@Test
	void defaultMethodOfACustomStoreEnforcesNothing() {
		RevocationStore custom = new RevocationStore() {
			@Override
			public void revoke(Revocation revocation) {
			}

			@Override
			public boolean isRevoked(dev.trymellon.spring.session.TryMellonSession session) {
				return false;
			}
		};
		custom.revokeToken(TOKEN, null, NOW, NOW.plusSeconds(60));
		assertThat(custom.isTokenRevoked(TOKEN)).isFalse();
	}

}
