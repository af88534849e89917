package dev.trymellon.spring.session.offline;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.CachingJWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.session.offline.JwksDocumentSource.Demand;
import dev.trymellon.spring.session.offline.SigningKeys.SigningKey;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;
import org.springframework.util.Assert;

/**
 * The signing keys a TryMellon session token is checked with: either fetched from a JWKS
 * URL and cached, or a static key set.
 * <p>
 * A fetched key set is:
 * <ul>
 * <li>kept for the {@link Builder#ttl(Duration) TTL} and refreshed in the background
 * {@link Builder#refreshAhead(Duration) ahead} of its expiry, on a Spring
 * {@link TaskScheduler}, while this {@link SmartLifecycle} runs;</li>
 * <li>refreshed on demand when a token names an unknown {@code kid}, at most once per
 * {@link Builder#refreshCooldown(Duration) cooldown}, so forged {@code kid} values cannot
 * cause a fetch storm (the cooldown is checked again by a caller that lost the race to
 * another caller's fetch);</li>
 * <li>fetched by one caller at a time (Nimbus's {@link CachingJWKSetSource}, a lock, not
 * a monitor): concurrent callers wait for, and share, the one fetch under way;</li>
 * <li>kept through an outage: when a refresh fails, the last good keys are used for up
 * to {@link Builder#maxStale(Duration) max-stale} after they were fetched.</li>
 * </ul>
 * Reading the current keys takes no lock, and a key unchanged by a refresh stays the same
 * {@link SigningKey} instance. {@link #status()} is what health and metrics read.
 *
 * @author TryMellon
 * @since 0.1.0
 */
public final class JwksKeySource implements SmartLifecycle, AutoCloseable {

	private final @Nullable URI uri;

	private final @Nullable SigningKeys staticKeys;

	private final @Nullable JwksDocumentSource document;

	private final @Nullable CachingJWKSetSource<Demand> flight;

	private final Clock clock;

	private final long ttlMillis;

	private final long refreshAheadMillis;

	private final long cooldownMillis;

	private final long maxStaleMillis;

	private final @Nullable TaskScheduler taskScheduler;

	private final boolean virtualThreads;

	private final AtomicBoolean running = new AtomicBoolean();

	private volatile @Nullable TaskScheduler scheduler;

	private volatile @Nullable ScheduledFuture<?> nextRefresh;

	private JwksKeySource(Builder builder, @Nullable JwksFetcher fetcher, @Nullable SigningKeys staticKeys) {
		this.uri = builder.uri;
		this.staticKeys = staticKeys;
		this.clock = builder.clock;
		this.ttlMillis = builder.ttl.toMillis();
		this.refreshAheadMillis = Math.min(builder.refreshAhead.toMillis(), this.ttlMillis / 2);
		this.cooldownMillis = builder.refreshCooldown.toMillis();
		this.maxStaleMillis = Math.max(builder.maxStale.toMillis(), this.ttlMillis);
		this.taskScheduler = builder.taskScheduler;
		this.virtualThreads = builder.virtualThreads;
		if (fetcher != null && builder.uri != null) {
			this.document = new JwksDocumentSource(fetcher, builder.uri, builder.algorithms, this.clock,
					this.cooldownMillis, builder.fetchObserver);
			long fetchTimeout = builder.connectTimeout.plus(builder.readTimeout).toMillis() + 1000;
			this.flight = new CachingJWKSetSource<>(this.document, this.ttlMillis, fetchTimeout, null);
		}
		else {
			this.document = null;
			this.flight = null;
		}
	}

	/**
	 * Starts a builder for keys fetched from the given JWKS URL.
	 * @param uri the JWKS URL
	 * @return a builder
	 */
	public static Builder fromUri(URI uri) {
		Assert.notNull(uri, "uri cannot be null");
		return new Builder(uri);
	}

	/**
	 * Creates a source of static keys, never fetched.
	 * @param jwkSet the keys
	 * @param algorithms the allowed algorithms; keys that cannot verify any are ignored
	 * @return the key source
	 */
	public static JwksKeySource fromJwkSet(JWKSet jwkSet, Set<JWSAlgorithm> algorithms) {
		Assert.notNull(jwkSet, "jwkSet cannot be null");
		Builder builder = new Builder(null).algorithms(algorithms);
		return new JwksKeySource(builder, null, SigningKeys.of(jwkSet.getKeys(), builder.algorithms, 0));
	}

	/**
	 * Returns a snapshot of the keys and of the fetches: what health and metrics report.
	 * Reads only memory, never fetches.
	 * @return the status
	 * @since 0.2.0
	 */
	public Status status() {
		SigningKeys current = keys();
		JwksDocumentSource source = this.document;
		if (source == null) {
			return new Status(null, (current != null) ? current.size() : 0, null, null, 0, 0, current != null);
		}
		return new Status(this.uri, (current != null) ? current.size() : 0,
				(current != null) ? Instant.ofEpochMilli(current.fetchedAtMillis()) : null, source.lastFailure(),
				source.fetches(), source.failures(), usable(current, this.clock.millis()));
	}

	/**
	 * Fetches the keys now and waits for them, whatever the cooldown.
	 * @return {@code true} when the fetch succeeded
	 */
	public boolean refreshNow() {
		JwksDocumentSource source = this.document;
		if (source == null) {
			return true;
		}
		load(Demand.FORCED);
		return source.lastFailure() == null && usable(keys(), this.clock.millis());
	}

	/**
	 * Returns the key for the given {@code kid}, refreshing as the rules allow.
	 * @param kid the key id from the token header
	 * @return the key
	 * @throws SessionTokenException {@code JWT_KID_MISMATCH} when no key matches after the
	 * allowed refresh, {@code KEYS_UNAVAILABLE} when no usable keys can be had
	 */
	SigningKey key(String kid) {
		SigningKeys current = keys();
		long now = this.clock.millis();
		JwksDocumentSource source = this.document;
		if (current != null && (source == null || age(current, now) < this.ttlMillis)) {
			SigningKey key = current.get(kid);
			if (key != null) {
				return key;
			}
			if (source == null) {
				throw kidMismatch();
			}
		}
		Assert.state(source != null, "Static keys are never fetched");
		// Unknown kid, expired or missing keys: one (shared, rate-limited) fetch, or the
		// fetch under way.
		if (!source.coolingDown(now) || source.inFlight()) {
			refreshOnDemand();
			now = this.clock.millis();
		}
		current = keys();
		if (current == null || age(current, now) > this.maxStaleMillis) {
			throw new SessionTokenException(TryMellonErrorCode.KEYS_UNAVAILABLE,
					"No usable signing keys: the JWKS could not be fetched");
		}
		SigningKey key = current.get(kid);
		if (key != null) {
			return key;
		}
		if (source.lastFailure() != null) {
			throw new SessionTokenException(TryMellonErrorCode.KEYS_UNAVAILABLE,
					"Unknown kid and the JWKS could not be refreshed");
		}
		throw kidMismatch();
	}

	/**
	 * Whether the key that verified a token is still one of the keys held, and those
	 * keys may still be used: what a verified-token cache hit is checked with. A
	 * volatile read, a map lookup and an identity check: no lock, no allocation.
	 * @param key the key that verified the token
	 * @param now the current time
	 * @return {@code true} when the key is in the current key set, not older than
	 * max-stale
	 */
	boolean isCurrent(SigningKey key, long now) {
		SigningKeys current = keys();
		return current != null && current.contains(key) && (this.document == null || age(current, now) <= this.maxStaleMillis);
	}

	/**
	 * The fetch a token with an unknown {@code kid} (or expired keys) asks for: shared
	 * with the fetch under way, if any, and never started within the cooldown of the
	 * last attempt, checked again under the single flight's lock.
	 */
	void refreshOnDemand() {
		load(Demand.ON_DEMAND);
	}

	private void load(Demand demand) {
		CachingJWKSetSource<Demand> cache = this.flight;
		Assert.state(cache != null, "Static keys are never fetched");
		SigningKeys seen = keys();
		JWKSetCacheRefreshEvaluator evaluator = (demand == Demand.FORCED) ? JWKSetCacheRefreshEvaluator.forceRefresh()
				: (seen != null) ? JWKSetCacheRefreshEvaluator.referenceComparison(seen.jwkSet())
						: JWKSetCacheRefreshEvaluator.noRefresh();
		try {
			cache.getJWKSet(evaluator, this.clock.millis(), demand);
		}
		catch (KeySourceException ex) {
			// logged by the document source (or refused by the cooldown); the caller
			// decides from the state
		}
	}

	private @Nullable SigningKeys keys() {
		JwksDocumentSource source = this.document;
		return (source != null) ? source.keys() : this.staticKeys;
	}

	private boolean usable(@Nullable SigningKeys current, long now) {
		return current != null && age(current, now) <= this.maxStaleMillis;
	}

	private static long age(SigningKeys keys, long now) {
		return now - keys.fetchedAtMillis();
	}

	private static SessionTokenException kidMismatch() {
		return new SessionTokenException(TryMellonErrorCode.JWT_KID_MISMATCH, "No signing key matches the token's kid");
	}

	/**
	 * Starts fetching keys in the background now, then ahead of each expiry (after a
	 * failure, once the cooldown is over). Does nothing for static keys. Never blocks.
	 */
	@Override
	public void start() {
		if (this.document == null || !this.running.compareAndSet(false, true)) {
			return;
		}
		TaskScheduler given = this.taskScheduler;
		if (given != null) {
			this.scheduler = given;
		}
		else {
			SimpleAsyncTaskScheduler own = new SimpleAsyncTaskScheduler();
			own.setThreadNamePrefix("trymellon-jwks-");
			own.setDaemon(true);
			own.setVirtualThreads(this.virtualThreads);
			this.scheduler = own;
		}
		schedule(0);
	}

	/**
	 * Stops background refreshing.
	 */
	@Override
	public void stop() {
		if (!this.running.compareAndSet(true, false)) {
			return;
		}
		ScheduledFuture<?> next = this.nextRefresh;
		if (next != null) {
			next.cancel(true);
		}
		if (this.scheduler instanceof SimpleAsyncTaskScheduler own && own != this.taskScheduler) {
			own.close();
		}
		this.scheduler = null;
	}

	@Override
	public boolean isRunning() {
		return this.running.get();
	}

	/**
	 * Stops background refreshing.
	 */
	@Override
	public void close() {
		stop();
	}

	private void backgroundRefresh() {
		JwksDocumentSource source = this.document;
		if (!this.running.get() || source == null) {
			return;
		}
		load(Demand.FORCED);
		schedule((source.lastFailure() != null) ? Math.max(this.cooldownMillis, 1000)
				: Math.max(this.ttlMillis - this.refreshAheadMillis, 1000));
	}

	private void schedule(long delayMillis) {
		TaskScheduler current = this.scheduler;
		if (!this.running.get() || current == null) {
			return;
		}
		try {
			this.nextRefresh = current.schedule(this::backgroundRefresh, Instant.now().plusMillis(delayMillis));
		}
		catch (RuntimeException ex) {
			// stopped concurrently
		}
	}

	/**
	 * What the key source holds and how its fetches went, at one moment.
	 *
	 * @param uri the JWKS URL, or {@code null} for static keys
	 * @param keys the number of usable keys held
	 * @param lastRefresh when the keys held were fetched, {@code null} before the first
	 * good fetch and for static keys
	 * @param lastFailure why the latest fetch failed, in a few words (HTTP status,
	 * timeout, unknown host, parse error), or {@code null} when it succeeded
	 * @param fetches the fetches made, good or not
	 * @param failures the fetches that failed
	 * @param usable whether tokens can be checked with the keys held (they are not older
	 * than max-stale)
	 * @since 0.2.0
	 */
	public record Status(@Nullable URI uri, int keys, @Nullable Instant lastRefresh, @Nullable String lastFailure,
			long fetches, long failures, boolean usable) {

		/**
		 * Whether the keys are static (never fetched).
		 * @return {@code true} for a static key set
		 */
		public boolean isStatic() {
			return this.uri == null;
		}

		/**
		 * Whether the latest fetch failed.
		 * @return {@code true} after a failed fetch, until the next good one
		 */
		public boolean lastFetchFailed() {
			return this.lastFailure != null;
		}

	}

	/**
	 * Builds a {@link JwksKeySource} that fetches a JWKS URL.
	 *
	 * @since 0.1.0
	 */
	public static final class Builder {

		private final @Nullable URI uri;

		private Set<JWSAlgorithm> algorithms = Set.of(JWSAlgorithm.RS256);

		private Clock clock = Clock.systemUTC();

		private Duration ttl = Duration.ofHours(1);

		private Duration refreshAhead = Duration.ofMinutes(5);

		private Duration refreshCooldown = Duration.ofSeconds(30);

		private Duration maxStale = Duration.ofHours(24);

		private Duration connectTimeout = Duration.ofSeconds(2);

		private Duration readTimeout = Duration.ofSeconds(3);

		private int maxSize = 512 * 1024;

		private @Nullable JwksFetcher fetcher;

		private @Nullable TaskScheduler taskScheduler;

		private boolean virtualThreads;

		private JwksFetchObserver fetchObserver = JwksFetchObserver.NONE;

		private Builder(@Nullable URI uri) {
			this.uri = uri;
		}

		/**
		 * Sets the allowed algorithms; keys that cannot verify any are ignored. Defaults
		 * to RS256.
		 * @param algorithms the algorithms
		 * @return this builder
		 */
		public Builder algorithms(Set<JWSAlgorithm> algorithms) {
			Assert.notEmpty(algorithms, "algorithms cannot be empty");
			this.algorithms = Set.copyOf(algorithms);
			return this;
		}

		/**
		 * Sets the clock. Defaults to the UTC system clock.
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			Assert.notNull(clock, "clock cannot be null");
			this.clock = clock;
			return this;
		}

		/**
		 * Sets how long fetched keys are used before they are fetched again. Defaults to
		 * one hour.
		 * @param ttl the time to live
		 * @return this builder
		 */
		public Builder ttl(Duration ttl) {
			Assert.isTrue(ttl != null && ttl.toMillis() > 0, "ttl must be positive");
			this.ttl = ttl;
			return this;
		}

		/**
		 * Sets how long before expiry the background refresh runs (at most half the
		 * TTL). Defaults to five minutes.
		 * @param refreshAhead the lead time
		 * @return this builder
		 */
		public Builder refreshAhead(Duration refreshAhead) {
			Assert.isTrue(refreshAhead != null && !refreshAhead.isNegative(), "refreshAhead cannot be negative");
			this.refreshAhead = refreshAhead;
			return this;
		}

		/**
		 * Sets the shortest time between two on-demand fetches. Defaults to 30 seconds.
		 * @param refreshCooldown the cooldown
		 * @return this builder
		 */
		public Builder refreshCooldown(Duration refreshCooldown) {
			Assert.isTrue(refreshCooldown != null && !refreshCooldown.isNegative(),
					"refreshCooldown cannot be negative");
			this.refreshCooldown = refreshCooldown;
			return this;
		}

		/**
		 * Sets how long the last good keys are used while fetching fails (never less
		 * than the TTL). Defaults to 24 hours.
		 * @param maxStale the longest use of stale keys
		 * @return this builder
		 */
		public Builder maxStale(Duration maxStale) {
			Assert.isTrue(maxStale != null && !maxStale.isNegative(), "maxStale cannot be negative");
			this.maxStale = maxStale;
			return this;
		}

		/**
		 * Sets the connect and read timeouts of the fetch. Default to 2 and 3 seconds.
		 * @param connectTimeout the connect timeout
		 * @param readTimeout the read timeout
		 * @return this builder
		 */
		public Builder timeouts(Duration connectTimeout, Duration readTimeout) {
			Assert.isTrue(connectTimeout != null && connectTimeout.toMillis() > 0, "connectTimeout must be positive");
			Assert.isTrue(readTimeout != null && readTimeout.toMillis() > 0, "readTimeout must be positive");
			this.connectTimeout = connectTimeout;
			this.readTimeout = readTimeout;
			return this;
		}

		/**
		 * Sets the largest accepted JWKS document, in bytes. Defaults to 512 KiB.
		 * @param maxSize the size limit
		 * @return this builder
		 */
		public Builder maxSize(int maxSize) {
			Assert.isTrue(maxSize > 0, "maxSize must be positive");
			this.maxSize = maxSize;
			return this;
		}

		/**
		 * Sets the scheduler the background refresh runs on. By default the key source
		 * runs its own {@link SimpleAsyncTaskScheduler}, stopped with it.
		 * @param taskScheduler the scheduler, not stopped by the key source
		 * @return this builder
		 * @since 0.2.0
		 */
		public Builder taskScheduler(TaskScheduler taskScheduler) {
			Assert.notNull(taskScheduler, "taskScheduler cannot be null");
			this.taskScheduler = taskScheduler;
			return this;
		}

		/**
		 * Whether the key source's own scheduler runs the refresh on virtual threads (Java
		 * 21 and later). Defaults to {@code false}.
		 * @param virtualThreads whether to use virtual threads
		 * @return this builder
		 * @since 0.2.0
		 */
		public Builder virtualThreads(boolean virtualThreads) {
			this.virtualThreads = virtualThreads;
			return this;
		}

		/**
		 * Sets what is told about each fetch, for example observations. Defaults to
		 * {@link JwksFetchObserver#NONE}.
		 * @param fetchObserver the observer
		 * @return this builder
		 * @since 0.2.0
		 */
		public Builder fetchObserver(JwksFetchObserver fetchObserver) {
			Assert.notNull(fetchObserver, "fetchObserver cannot be null");
			this.fetchObserver = fetchObserver;
			return this;
		}

		Builder fetcher(JwksFetcher fetcher) {
			this.fetcher = fetcher;
			return this;
		}

		/**
		 * Builds the key source. Nothing is fetched until {@link JwksKeySource#start()}
		 * (done by the application context for a bean) or the first token.
		 * @return the key source
		 */
		public JwksKeySource build() {
			Assert.state(this.uri != null, "uri is required");
			JwksFetcher jwksFetcher = this.fetcher;
			if (jwksFetcher == null) {
				DefaultResourceRetriever retriever = new DefaultResourceRetriever((int) this.connectTimeout.toMillis(),
						(int) this.readTimeout.toMillis(), this.maxSize);
				URI target = this.uri;
				jwksFetcher = () -> retriever.retrieveResource(target.toURL()).getContent();
			}
			return new JwksKeySource(this, jwksFetcher, null);
		}

	}

	/**
	 * Obtains the JWKS document.
	 */
	@FunctionalInterface
	interface JwksFetcher {

		String fetch() throws IOException;

	}

}
