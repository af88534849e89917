package dev.trymellon.spring.session.offline;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.CachingJWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.session.offline.JwksDocumentSource.Demand;
import dev.trymellon.spring.session.offline.SigningKeys.SigningKey;

/**
 * The fetched part of a {@link JwksKeySource}: the rules for when a token's key lookup
 * may fetch (an unknown {@code kid} or expired keys, at most once per cooldown, sharing
 * the fetch under way) and how long keys stay usable (the TTL, then up to max-stale
 * through an outage), over Nimbus's {@link CachingJWKSetSource} (the single flight) and
 * the {@link JwksDocumentSource} (the fetch, the cooldown, the counters).
 */
final class FetchedKeys {

	private final URI uri;

	private final JwksDocumentSource document;

	private final CachingJWKSetSource<Demand> flight;

	private final Clock clock;

	private final long ttlMillis;

	private final long refreshAheadMillis;

	private final long cooldownMillis;

	private final long maxStaleMillis;

	FetchedKeys(JwksKeySourceSettings settings, URI uri, JwksKeySource.JwksFetcher fetcher) {
		this.uri = uri;
		this.clock = settings.clock;
		this.ttlMillis = settings.ttl.toMillis();
		this.refreshAheadMillis = Math.min(settings.refreshAhead.toMillis(), this.ttlMillis / 2);
		this.cooldownMillis = settings.refreshCooldown.toMillis();
		this.maxStaleMillis = Math.max(settings.maxStale.toMillis(), this.ttlMillis);
		this.document = new JwksDocumentSource(fetcher, uri, settings.algorithms, this.clock, this.cooldownMillis,
				settings.fetchObserver);
		long fetchTimeout = settings.connectTimeout.plus(settings.readTimeout).toMillis() + 1000;
		this.flight = new CachingJWKSetSource<>(this.document, this.ttlMillis, fetchTimeout, null);
	}

	JwksKeySource.Status status() {
		SigningKeys current = this.document.keys();
		return new JwksKeySource.Status(this.uri, (current != null) ? current.size() : 0,
				(current != null) ? Instant.ofEpochMilli(current.fetchedAtMillis()) : null,
				this.document.lastFailure(), this.document.fetches(), this.document.failures(),
				usable(current, this.clock.millis()));
	}

	boolean refreshNow() {
		load(Demand.FORCED);
		return this.document.lastFailure() == null && usable(this.document.keys(), this.clock.millis());
	}

	SigningKey key(String kid) {
		SigningKeys current = this.document.keys();
		long now = this.clock.millis();
		if (current != null && age(current, now) < this.ttlMillis) {
			SigningKey key = current.get(kid);
			if (key != null) {
				return key;
			}
		}
		// Unknown kid, expired or missing keys: one (shared, rate-limited) fetch, or the
		// fetch under way.
		SigningKeys asked = current;
		if (!this.document.coolingDown(now) || this.document.inFlight()) {
			refreshOnDemand();
			now = this.clock.millis();
		}
		current = this.document.keys();
		if (current == null || age(current, now) > this.maxStaleMillis) {
			throw new SessionTokenException(TryMellonErrorCode.KEYS_UNAVAILABLE,
					"No usable signing keys: the JWKS could not be fetched");
		}
		SigningKey key = current.get(kid);
		if (key != null) {
			return key;
		}
		// No keys were published since this lookup began (every good fetch publishes a new
		// instance) and the refresh failed, or this caller gave up waiting for it (the
		// single flight's timeout): it cannot know whether the keys bring the kid. Keys
		// published since answer it, whatever fetch started or failed after them.
		if (current == asked && (this.document.lastFailure() != null || this.document.inFlight())) {
			throw new SessionTokenException(TryMellonErrorCode.KEYS_UNAVAILABLE,
					"Unknown kid and the JWKS could not be refreshed");
		}
		throw JwksKeySource.kidMismatch();
	}

	/**
	 * How long before the keys' TTL ends {@link #mayFetch(String)} already says a lookup
	 * may fetch: the answer is read before the verification it decides the thread of, and
	 * keys must not expire in between (a verification is CPU work of microseconds, so a
	 * second is ample even under a long GC pause).
	 */
	static final long EXPIRY_MARGIN_MILLIS = 1000;

	/** See {@link JwksKeySource#mayFetch(String)}: memory reads only. */
	boolean mayFetch(String kid) {
		SigningKeys current = this.document.keys();
		long now = this.clock.millis();
		if (current != null && age(current, now) < this.ttlMillis - EXPIRY_MARGIN_MILLIS
				&& current.get(kid) != null) {
			return false;
		}
		return !this.document.coolingDown(now) || this.document.inFlight();
	}

	boolean isCurrent(SigningKey key, long now) {
		SigningKeys current = this.document.keys();
		return current != null && current.contains(key) && age(current, now) <= this.maxStaleMillis;
	}

	void refreshOnDemand() {
		load(Demand.ON_DEMAND);
	}

	/**
	 * One background refresh, forced; returns when the next is due: ahead of the new
	 * keys' expiry, or once the cooldown is over after a failure.
	 */
	long refreshInBackground() {
		load(Demand.FORCED);
		return (this.document.lastFailure() != null) ? Math.max(this.cooldownMillis, 1000)
				: Math.max(this.ttlMillis - this.refreshAheadMillis, 1000);
	}

	private void load(Demand demand) {
		SigningKeys seen = this.document.keys();
		JWKSetCacheRefreshEvaluator evaluator = (demand == Demand.FORCED) ? JWKSetCacheRefreshEvaluator.forceRefresh()
				: (seen != null) ? JWKSetCacheRefreshEvaluator.referenceComparison(seen.jwkSet())
						: JWKSetCacheRefreshEvaluator.noRefresh();
		try {
			this.flight.getJWKSet(evaluator, this.clock.millis(), demand);
		}
		catch (KeySourceException ex) {
			// logged by the document source (or refused by the cooldown); the caller
			// decides from the state
		}
	}

	private boolean usable(@Nullable SigningKeys current, long now) {
		return current != null && age(current, now) <= this.maxStaleMillis;
	}

	private static long age(SigningKeys keys, long now) {
		return now - keys.fetchedAtMillis();
	}

}
