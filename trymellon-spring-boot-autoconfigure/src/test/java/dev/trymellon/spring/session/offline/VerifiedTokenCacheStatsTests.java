package dev.trymellon.spring.session.offline;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.trymellon.spring.testfixtures.MutableClock;
import dev.trymellon.spring.testfixtures.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The cache's counts are a snapshot of its own type, not the cache library's.
 */
class VerifiedTokenCacheStatsTests {

	private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

	private final MutableClock clock = new MutableClock(NOW);

	private final VerifiedTokenCache cache = new VerifiedTokenCache(1);

	private final OfflineSessionTokenVerifier verifier = OfflineSessionTokenVerifier
		.withKeys(TestTokens.keySource(TestTokens.KEY))
		.issuer(TestTokens.ISSUER)
		.audiences(List.of(TestTokens.CLIENT_ID))
		.clock(this.clock)
		.cache(this.cache)
		.build();

	@Test
	void statsWhenNothingLookedUpThenAllZero() {
		assertThat(this.cache.stats()).isEqualTo(new VerifiedTokenCache.Stats(0, 0, 0));
		assertThat(this.cache.stats().requestCount()).isZero();
	}

	@Test
	void statsWhenVerifiedTwiceThenOneMissAndOneHit() {
		String token = TestTokens.token(NOW);
		this.verifier.verify(token);
		this.verifier.verify(token);
		VerifiedTokenCache.Stats stats = this.cache.stats();
		assertThat(stats.missCount()).isEqualTo(1);
		assertThat(stats.hitCount()).isEqualTo(1);
		assertThat(stats.requestCount()).isEqualTo(2);
	}

	@Test
	void statsWhenTheBoundIsExceededThenTheEvictionIsCounted() {
		this.verifier.verify(TestTokens.token(NOW));
		this.verifier.verify(TestTokens.token(NOW.plusSeconds(1)));
		// The bound is enforced by the cache's maintenance, which may run on another thread.
		await().untilAsserted(() -> assertThat(this.cache.stats().evictionCount()).isEqualTo(1));
		assertThat(this.cache.size()).isEqualTo(1);
	}

}
