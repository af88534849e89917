package dev.trymellon.spring.session.offline;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.testfixtures.MutableClock;
import dev.trymellon.spring.testfixtures.TestTokens;

import static dev.trymellon.spring.testfixtures.TestTokens.KEY;
import static dev.trymellon.spring.testfixtures.TestTokens.NEXT_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A cached token dies with its key: a verified-token cache hit counts only while the key
 * that verified the token is in the JWKS the key source holds.
 */
class VerifiedTokenCacheKeyBindingTests {

	private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

	private final MutableClock clock = new MutableClock(NOW);

	/** The JWKS document the key source fetches; {@code null} fails the fetch. */
	private final AtomicReference<String> jwks = new AtomicReference<>(TestTokens.jwks(KEY));

	private final JwksKeySource keys = JwksKeySource.fromUri(URI.create("https://keys.example.test/jwks.json"))
		.clock(this.clock)
		.ttl(Duration.ofMinutes(10))
		.maxStale(Duration.ofMinutes(30))
		.refreshCooldown(Duration.ofSeconds(30))
		.fetcher(() -> {
			String document = this.jwks.get();
			if (document == null) {
				throw new IOException("JWKS endpoint down");
			}
			return document;
		})
		.build();

	private final VerifiedTokenCache cache = new VerifiedTokenCache(100);

	private final OfflineSessionTokenVerifier verifier = OfflineSessionTokenVerifier.withKeys(this.keys)
		.issuer(TestTokens.ISSUER)
		.audiences(List.of(TestTokens.CLIENT_ID))
		.clock(this.clock)
		.cache(this.cache)
		.build();

	@AfterEach
	void close() {
		this.keys.close();
	}

	private void assertRejected(String token, TryMellonErrorCode code) {
		assertThatExceptionOfType(SessionTokenException.class).isThrownBy(() -> this.verifier.verify(token))
			.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(code));
	}

	@Test
	void verifyWhenTheSigningKeyLeftTheJwksThenTheCachedTokenIsRefusedAsAFreshOneWouldBe() {
		String token = TestTokens.token(NOW);
		this.verifier.verify(token);
		this.verifier.verify(token);
		assertThat(this.cache.stats().hitCount()).isEqualTo(1);
		// TryMellon pulls k_main (compromised) and publishes only k_next.
		this.jwks.set(TestTokens.jwks(NEXT_KEY));
		assertThat(this.keys.refreshNow()).isTrue();
		assertRejected(token, TryMellonErrorCode.JWT_KID_MISMATCH);
		assertThat(this.cache.size()).isZero();
		assertRejected(token, TryMellonErrorCode.JWT_KID_MISMATCH);
	}

	@Test
	void verifyWhenTheKidStaysButItsKeyIsReplacedThenTheCachedTokenIsRefusedAsSignatureInvalid() {
		String token = TestTokens.token(NOW);
		this.verifier.verify(token);
		RSAKey replacement = TestTokens.generate("k_main");
		this.jwks.set(TestTokens.jwks(replacement));
		assertThat(this.keys.refreshNow()).isTrue();
		assertRejected(token, TryMellonErrorCode.SIGNATURE_INVALID);
		assertThat(this.cache.size()).isZero();
	}

	@Test
	void verifyWhenARefreshBringsTheSameKeyThenTheCachedTokenStaysAHit() {
		String token = TestTokens.token(NOW);
		TryMellonSession first = this.verifier.verify(token);
		// Same key, now listed beside a new one: a rotation in progress.
		this.jwks.set(TestTokens.jwks(NEXT_KEY, KEY));
		assertThat(this.keys.refreshNow()).isTrue();
		assertThat(this.keys.status().fetches()).isEqualTo(2);
		assertThat(this.verifier.verify(token)).isSameAs(first);
		assertThat(this.cache.stats().hitCount()).isEqualTo(1);
	}

	@Test
	void verifyWhenTheKeysAreOlderThanMaxStaleThenTheCachedTokenIsRefusedAsKeysUnavailable() {
		String token = TestTokens.token(NOW);
		this.verifier.verify(token);
		this.jwks.set(null);
		this.clock.advance(Duration.ofMinutes(31));
		assertRejected(token, TryMellonErrorCode.KEYS_UNAVAILABLE);
		assertThat(this.cache.size()).isZero();
		// The endpoint is back: the same token is accepted again, after one fetch.
		this.jwks.set(TestTokens.jwks(KEY));
		this.clock.advance(Duration.ofSeconds(31));
		assertThat(this.verifier.verify(token).getUserId()).isEqualTo("user_123");
	}

	@Test
	void verifyWhenTheKeysAreOlderThanTheirTtlButNotMaxStaleThenTheCachedTokenIsStillAHit() {
		String token = TestTokens.token(NOW);
		TryMellonSession first = this.verifier.verify(token);
		this.jwks.set(null);
		this.clock.advance(Duration.ofMinutes(20));
		assertThat(this.verifier.verify(token)).isSameAs(first);
		assertThat(this.keys.status().fetches()).isEqualTo(1);
	}

	@Test
	void verifyWhenTheTokenIsValidForCenturiesThenItIsCachedWithoutOverflow() {
		OfflineSessionTokenVerifier longLived = OfflineSessionTokenVerifier.withKeys(this.keys)
			.issuer(TestTokens.ISSUER)
			.audiences(List.of(TestTokens.CLIENT_ID))
			.clock(this.clock)
			.cache(this.cache)
			.maxLifetime(Duration.ofDays(400 * 366))
			.build();
		String token = TestTokens.token(NOW,
				(claims) -> claims.expirationTime(java.util.Date.from(NOW.plus(Duration.ofDays(300 * 366)))));
		TryMellonSession first = longLived.verify(token);
		assertThat(longLived.verify(token)).isSameAs(first);
		assertThat(this.cache.stats().hitCount()).isEqualTo(1);
	}

}
