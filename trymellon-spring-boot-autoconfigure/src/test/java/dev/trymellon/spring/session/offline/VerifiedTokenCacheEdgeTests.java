package dev.trymellon.spring.session.offline;

import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import org.junit.jupiter.api.Test;

import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.session.offline.SigningKeys.SigningKey;
import dev.trymellon.spring.testfixtures.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The exact edges of the verified-token cache: an entry's deadline, what is stored at
 * all, the bound, and the counts of an invalidation.
 */
class VerifiedTokenCacheEdgeTests {

	private static final long NOW = Instant.parse("2026-11-28T10:00:00Z").toEpochMilli();

	private final VerifiedTokenCache cache = new VerifiedTokenCache(10);

	private static SigningKey signingKey() throws JOSEException {
		RSAPublicKey publicKey = TestTokens.KEY.toRSAPublicKey();
		return new SigningKey("k_main", JWSAlgorithm.RS256, Set.of(JWSAlgorithm.RS256), publicKey,
				new RSASSAVerifier(publicKey));
	}

	private static TryMellonSession session(String userId) {
		return TryMellonSession.builder(userId).build();
	}

	@Test
	void getWhenExactlyAtTheDeadlineThenHitAndOneMillisecondLaterMissAndEvicted() throws JOSEException {
		TryMellonSession session = session("user_1");
		this.cache.put("token-a", session, signingKey(), NOW + 60_000, NOW);
		assertThat(this.cache.get("token-a", NOW + 60_000)).isNotNull()
			.satisfies((entry) -> assertThat(entry.session()).isSameAs(session));
		assertThat(this.cache.get("token-a", NOW + 60_001)).isNull();
		// evicted: not found even at an earlier time
		assertThat(this.cache.get("token-a", NOW)).isNull();
	}

	@Test
	void putWhenTheDeadlineIsNowOrPassedThenNothingIsStored() throws JOSEException {
		this.cache.put("token-a", session("user_1"), signingKey(), NOW, NOW);
		this.cache.put("token-b", session("user_1"), signingKey(), NOW - 1, NOW);
		assertThat(this.cache.get("token-a", NOW)).isNull();
		assertThat(this.cache.get("token-b", NOW - 2)).isNull();
	}

	@Test
	void putThenTheEntryKeepsItsDeadlineKeyAndTimeToLive() throws JOSEException {
		SigningKey key = signingKey();
		this.cache.put("token-a", session("user_1"), key, NOW + 90_000, NOW + 30_000);
		VerifiedTokenCache.Entry entry = this.cache.get("token-a", NOW + 30_000);
		assertThat(entry).isNotNull();
		assertThat(entry.deadlineMillis()).isEqualTo(NOW + 90_000);
		assertThat(entry.ttlMillis()).isEqualTo(60_000);
		assertThat(entry.signingKey()).isSameAs(key);
	}

	@Test
	void tokensSharingTheirLastCharactersAreDifferentEntries() throws JOSEException {
		String tail = "x".repeat(16);
		this.cache.put("a." + tail, session("user_a"), signingKey(), NOW + 60_000, NOW);
		this.cache.put("b." + tail, session("user_b"), signingKey(), NOW + 60_000, NOW);
		assertThat(this.cache.get("a." + tail, NOW).session().getUserId()).isEqualTo("user_a");
		assertThat(this.cache.get("b." + tail, NOW).session().getUserId()).isEqualTo("user_b");
		assertThat(this.cache.get("c." + tail, NOW)).isNull();
	}

	@Test
	void invalidateThenOnlyMatchingEntriesAreEvictedAndCounted() throws JOSEException {
		this.cache.put("token-a", session("user_1"), signingKey(), NOW + 60_000, NOW);
		this.cache.put("token-b", session("user_1"), signingKey(), NOW + 60_000, NOW);
		this.cache.put("token-c", session("user_2"), signingKey(), NOW + 60_000, NOW);
		assertThat(this.cache.invalidate((session) -> session.getUserId().equals("user_1"))).isEqualTo(2);
		assertThat(this.cache.get("token-a", NOW)).isNull();
		assertThat(this.cache.get("token-b", NOW)).isNull();
		assertThat(this.cache.get("token-c", NOW)).isNotNull();
		assertThat(this.cache.invalidate((session) -> false)).isZero();
		assertThatIllegalArgumentException().isThrownBy(() -> this.cache.invalidate(null))
			.withMessage("predicate cannot be null");
	}

	@Test
	void invalidateAllThenEverythingIsEvicted() throws JOSEException {
		this.cache.put("token-a", session("user_1"), signingKey(), NOW + 60_000, NOW);
		this.cache.put("token-b", session("user_2"), signingKey(), NOW + 60_000, NOW);
		this.cache.invalidateAll();
		assertThat(this.cache.get("token-a", NOW)).isNull();
		assertThat(this.cache.get("token-b", NOW)).isNull();
	}

	@Test
	void createWhenTheBoundIsNotPositiveThenRefusedAndOneIsAccepted() {
		assertThatIllegalArgumentException().isThrownBy(() -> new VerifiedTokenCache(0))
			.withMessage("maxSize must be positive");
		assertThat(new VerifiedTokenCache(1).size()).isZero();
	}

}
