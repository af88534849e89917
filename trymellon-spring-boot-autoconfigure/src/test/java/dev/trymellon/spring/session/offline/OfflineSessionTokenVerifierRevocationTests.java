package dev.trymellon.spring.session.offline;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import com.nimbusds.jose.JWSAlgorithm;
import org.junit.jupiter.api.Test;

import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.testfixtures.MutableClock;
import dev.trymellon.spring.testfixtures.TestTokens;

import static dev.trymellon.spring.testfixtures.TestTokens.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The revocation hook of {@link OfflineSessionTokenVerifier}.
 */
class OfflineSessionTokenVerifierRevocationTests {

	private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

	private final MutableClock clock = new MutableClock(NOW);

	private final JwksKeySource keys = JwksKeySource.fromJwkSet(TestTokens.publicJwkSet(KEY), Set.of(JWSAlgorithm.RS256));

	private final VerifiedTokenCache cache = new VerifiedTokenCache(100);

	private OfflineSessionTokenVerifier verifier(Predicate<TryMellonSession> revoked) {
		return OfflineSessionTokenVerifier.withKeys(this.keys)
			.issuer(TestTokens.ISSUER)
			.audiences(List.of(TestTokens.CLIENT_ID))
			.clock(this.clock)
			.cache(this.cache)
			.revocationCheck(revoked)
			.build();
	}

	private static void assertRevoked(OfflineSessionTokenVerifier verifier, String token) {
		assertThatExceptionOfType(SessionTokenException.class).isThrownBy(() -> verifier.verify(token))
			.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(TryMellonErrorCode.SESSION_REVOKED))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(token));
	}

	@Test
	void verifyWhenFreshTokenIsRevokedThenSessionRevokedAndNotCached() {
		String token = TestTokens.token(NOW, (claims) -> claims.claim("sid", "sess_1"));
		assertRevoked(verifier((session) -> "sess_1".equals(session.getClaim("sid"))), token);
		assertThat(this.cache.size()).isZero();
	}

	@Test
	void verifyWhenCachedTokenIsRevokedLaterThenRefusedOnTheCacheHit() {
		String token = TestTokens.token(NOW, (claims) -> claims.claim("sid", "sess_1"));
		boolean[] revoked = { false };
		AtomicInteger checks = new AtomicInteger();
		OfflineSessionTokenVerifier verifier = verifier((session) -> {
			checks.incrementAndGet();
			return revoked[0];
		});
		assertThat(verifier.verify(token).getClaim("sid")).isEqualTo("sess_1");
		assertThat(verifier.verify(token).getClaim("sid")).isEqualTo("sess_1");
		assertThat(this.cache.stats().hitCount()).isEqualTo(1);
		assertThat(checks).hasValue(2);
		revoked[0] = true;
		assertRevoked(verifier, token);
		assertThat(this.cache.stats().hitCount()).isEqualTo(2);
	}

	@Test
	void verifyWhenExactlyThisTokenIsRevokedThenRefusedOnTheCacheHitAndTheUsersOtherTokenStaysValid() {
		String token = TestTokens.token(NOW, (claims) -> claims.claim("sid", "sess_1"));
		String other = TestTokens.token(NOW.plusSeconds(1), (claims) -> claims.claim("sid", "sess_1"));
		java.util.Set<String> revokedTokens = new java.util.HashSet<>();
		OfflineSessionTokenVerifier verifier = OfflineSessionTokenVerifier.withKeys(this.keys)
			.issuer(TestTokens.ISSUER)
			.audiences(List.of(TestTokens.CLIENT_ID))
			.clock(this.clock)
			.cache(this.cache)
			.revocationCheck((session) -> false)
			.tokenRevocationCheck(revokedTokens::contains)
			.build();
		assertThat(verifier.verify(token).getUserId()).isEqualTo("user_123");
		revokedTokens.add(token);
		assertRevoked(verifier, token);
		assertThat(this.cache.stats().hitCount()).isEqualTo(1);
		assertThat(verifier.verify(other).getUserId()).isEqualTo("user_123");
	}

	@Test
	void verifyWhenTokenCheckThrowsThenRefused() {
		String token = TestTokens.token(NOW);
		OfflineSessionTokenVerifier verifier = OfflineSessionTokenVerifier.withKeys(this.keys)
			.issuer(TestTokens.ISSUER)
			.audiences(List.of(TestTokens.CLIENT_ID))
			.clock(this.clock)
			.tokenRevocationCheck((t) -> {
				throw new IllegalStateException("broken");
			})
			.build();
		assertRevoked(verifier, token);
	}

	@Test
	void verifyWhenForgedTokenNamesARevokedSessionThenSignatureInvalidAndTheCheckIsNeverAsked() {
		// Signed with another key under the real kid: the revocation answer would tell an
		// attacker which sessions are revoked.
		String forged = TestTokens.sign(TestTokens.ATTACKER_KEY,
				new com.nimbusds.jose.JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY.getKeyID()).build(),
				TestTokens.claims(NOW).claim("sid", "sess_1").build());
		AtomicInteger asked = new AtomicInteger();
		OfflineSessionTokenVerifier verifier = verifier((session) -> {
			asked.incrementAndGet();
			return true;
		});
		assertThatExceptionOfType(SessionTokenException.class).isThrownBy(() -> verifier.verify(forged))
			.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(TryMellonErrorCode.SIGNATURE_INVALID));
		assertThat(asked).hasValue(0);
	}

	@Test
	void verifyWhenTokenFailsAClaimCheckThenThatCodeAndTheCheckIsNeverAsked() {
		String expired = TestTokens.token(NOW.minusSeconds(7200), (claims) -> claims.claim("sid", "sess_1"));
		AtomicInteger asked = new AtomicInteger();
		OfflineSessionTokenVerifier verifier = verifier((session) -> {
			asked.incrementAndGet();
			return true;
		});
		assertThatExceptionOfType(SessionTokenException.class).isThrownBy(() -> verifier.verify(expired))
			.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(TryMellonErrorCode.SESSION_EXPIRED));
		assertThat(asked).hasValue(0);
	}

	@Test
	void verifyWhenRevocationCheckThrowsThenRefused() {
		String token = TestTokens.token(NOW);
		assertRevoked(verifier((session) -> {
			throw new IllegalStateException("broken store");
		}), token);
	}

	@Test
	void verifyWhenNotRevokedThenAccepted() {
		String token = TestTokens.token(NOW, (claims) -> claims.claim("sid", "sess_2"));
		assertThat(verifier((session) -> "sess_1".equals(session.getClaim("sid"))).verify(token).getUserId())
			.isEqualTo("user_123");
	}

}
