package dev.trymellon.spring.actuate;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.session.offline.JwksKeySource;
import dev.trymellon.spring.session.offline.VerificationListener;
import dev.trymellon.spring.session.offline.VerifiedTokenCache;

import org.springframework.util.Assert;

/**
 * Micrometer meters for session token verification:
 * <ul>
 * <li>{@code trymellon.token.verifications} (counter), tags {@code outcome}
 * ({@code valid}, {@code rejected} for a bad token, {@code unavailable} when it could not
 * be checked), {@code code} (the {@link TryMellonErrorCode}, or {@code none}) and
 * {@code cache} ({@code hit}, {@code miss});</li>
 * <li>{@code trymellon.token.cache.size} (gauge);</li>
 * <li>{@code trymellon.jwks.fetches} (function counter), tag {@code result}
 * ({@code success}, {@code failure});</li>
 * <li>{@code trymellon.jwks.keys} (gauge) and {@code trymellon.jwks.age} (time gauge,
 * seconds since the keys were fetched).</li>
 * </ul>
 * Every counter is registered up front, so counting on the request path allocates
 * nothing. The JWKS meters read {@link JwksKeySource#status()} when they are scraped.
 *
 * @author TryMellon
 * @since 0.1.0
 */
public class SessionTokenMetrics implements VerificationListener, MeterBinder {

	private final @Nullable JwksKeySource keys;

	private final @Nullable VerifiedTokenCache cache;

	private volatile @Nullable Counter validHit;

	private volatile @Nullable Counter validMiss;

	private final @Nullable Counter[] rejected = new Counter[TryMellonErrorCode.values().length];

	/**
	 * Creates the meters.
	 * @param keys the key source, for the JWKS meters, if any
	 * @param cache the verified-token cache, for its size, if any
	 */
	public SessionTokenMetrics(@Nullable JwksKeySource keys, @Nullable VerifiedTokenCache cache) {
		this.keys = keys;
		this.cache = cache;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Assert.notNull(registry, "registry cannot be null");
		this.validHit = verifications(registry, "valid", "none", "hit");
		this.validMiss = verifications(registry, "valid", "none", "miss");
		for (TryMellonErrorCode code : TryMellonErrorCode.values()) {
			String outcome = code.isServiceUnavailable() ? "unavailable" : "rejected";
			this.rejected[code.ordinal()] = verifications(registry, outcome, code.name(), "miss");
		}
		VerifiedTokenCache tokenCache = this.cache;
		if (tokenCache != null) {
			Gauge.builder("trymellon.token.cache.size", tokenCache, VerifiedTokenCache::size)
				.description("Verified session tokens held in the cache")
				.register(registry);
		}
		JwksKeySource keySource = this.keys;
		if (keySource != null) {
			FunctionCounter.builder("trymellon.jwks.fetches", keySource, SessionTokenMetrics::goodFetches)
				.tag("result", "success")
				.description("JWKS fetches")
				.register(registry);
			FunctionCounter.builder("trymellon.jwks.fetches", keySource, (k) -> k.status().failures())
				.tag("result", "failure")
				.description("JWKS fetches")
				.register(registry);
			Gauge.builder("trymellon.jwks.keys", keySource, (k) -> k.status().keys())
				.description("Usable signing keys held")
				.register(registry);
			TimeGauge.builder("trymellon.jwks.age", keySource, TimeUnit.SECONDS, SessionTokenMetrics::ageSeconds)
				.description("Time since the signing keys were fetched")
				.register(registry);
		}
	}

	private static Counter verifications(MeterRegistry registry, String outcome, String code, String cache) {
		return Counter.builder("trymellon.token.verifications")
			.description("Session token verifications")
			.tag("outcome", outcome)
			.tag("code", code)
			.tag("cache", cache)
			.register(registry);
	}

	private static double goodFetches(JwksKeySource keys) {
		JwksKeySource.Status status = keys.status();
		return status.fetches() - status.failures();
	}

	private static double ageSeconds(JwksKeySource keys) {
		Instant lastRefresh = keys.status().lastRefresh();
		return (lastRefresh != null) ? (System.currentTimeMillis() - lastRefresh.toEpochMilli()) / 1000.0 : Double.NaN;
	}

	@Override
	public void verified(TryMellonSession session, boolean cacheHit) {
		Counter counter = cacheHit ? this.validHit : this.validMiss;
		if (counter != null) {
			counter.increment();
		}
	}

	@Override
	public void rejected(TryMellonErrorCode code) {
		Counter counter = this.rejected[code.ordinal()];
		if (counter != null) {
			counter.increment();
		}
	}

}
