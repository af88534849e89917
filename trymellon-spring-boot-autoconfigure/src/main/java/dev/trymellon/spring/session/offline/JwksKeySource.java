package dev.trymellon.spring.session.offline;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.session.offline.SigningKeys.SigningKey;

import org.springframework.util.Assert;

/**
 * The signing keys a TryMellon session token is checked with: either fetched from a JWKS
 * URL and cached, or a static key set.
 * <p>
 * A fetched key set is:
 * <ul>
 * <li>kept for the {@link Builder#ttl(Duration) TTL} and refreshed in the background
 * {@link Builder#refreshAhead(Duration) ahead} of its expiry, once {@link #start()
 * started};</li>
 * <li>refreshed on demand when a token names an unknown {@code kid}, at most once per
 * {@link Builder#refreshCooldown(Duration) cooldown}, so forged {@code kid} values cannot
 * cause a fetch storm (the cooldown is checked again by a caller that lost the race to
 * another caller's fetch);</li>
 * <li>fetched by one caller at a time: concurrent callers wait for, and share, the one
 * fetch under way;</li>
 * <li>kept through an outage: when a refresh fails, the last good keys are used for up
 * to {@link Builder#maxStale(Duration) max-stale} after they were fetched.</li>
 * </ul>
 * Reading the current keys takes no lock.
 *
 * @author TryMellon
 * @since 0.1.0
 */
public final class JwksKeySource implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(JwksKeySource.class);

	private final @Nullable JwksFetcher fetcher;

	private final @Nullable URI uri;

	private final Set<JWSAlgorithm> algorithms;

	private final Clock clock;

	private final long ttlMillis;

	private final long refreshAheadMillis;

	private final long cooldownMillis;

	private final long maxStaleMillis;

	private final long fetchTimeoutMillis;

	private volatile @Nullable SigningKeys keys;

	private final AtomicReference<@Nullable CompletableFuture<@Nullable SigningKeys>> inflight = new AtomicReference<>();

	private volatile long lastAttemptMillis = Long.MIN_VALUE / 2;

	private volatile boolean lastAttemptFailed;

	private final AtomicLong fetchCount = new AtomicLong();

	private final AtomicLong failureCount = new AtomicLong();

	private @Nullable ScheduledExecutorService scheduler;

	private JwksKeySource(Builder builder, @Nullable JwksFetcher fetcher, @Nullable SigningKeys staticKeys) {
		this.fetcher = fetcher;
		this.uri = builder.uri;
		this.algorithms = builder.algorithms;
		this.clock = builder.clock;
		this.ttlMillis = builder.ttl.toMillis();
		this.refreshAheadMillis = Math.min(builder.refreshAhead.toMillis(), this.ttlMillis / 2);
		this.cooldownMillis = builder.refreshCooldown.toMillis();
		this.maxStaleMillis = Math.max(builder.maxStale.toMillis(), this.ttlMillis);
		this.fetchTimeoutMillis = builder.connectTimeout.plus(builder.readTimeout).toMillis() + 1000;
		this.keys = staticKeys;
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
		List<JWK> jwks = jwkSet.getKeys();
		return new JwksKeySource(builder, null, SigningKeys.of(jwks, builder.algorithms, 0));
	}

	/**
	 * Whether the keys are static (never fetched).
	 * @return {@code true} for a static key set
	 */
	public boolean isStatic() {
		return this.fetcher == null;
	}

	/**
	 * Returns the JWKS URL.
	 * @return the URL, or {@code null} for static keys
	 */
	public @Nullable URI getUri() {
		return this.uri;
	}

	/**
	 * Returns the number of usable keys currently held.
	 * @return the key count
	 */
	public int getKeyCount() {
		SigningKeys current = this.keys;
		return (current != null) ? current.size() : 0;
	}

	/**
	 * Returns when the current keys were fetched.
	 * @return the fetch time, or {@code null} before the first successful fetch (and for
	 * static keys)
	 */
	public @Nullable Instant getLastRefresh() {
		SigningKeys current = this.keys;
		return (current != null && !isStatic()) ? Instant.ofEpochMilli(current.fetchedAtMillis()) : null;
	}

	/**
	 * Whether the most recent fetch attempt failed.
	 * @return {@code true} after a failed fetch, until the next successful one
	 */
	public boolean isLastFetchFailed() {
		return this.lastAttemptFailed;
	}

	/**
	 * Returns how many fetches were made (successful or not).
	 * @return the fetch count
	 */
	public long getFetchCount() {
		return this.fetchCount.get();
	}

	/**
	 * Returns how many fetches failed.
	 * @return the failure count
	 */
	public long getFailureCount() {
		return this.failureCount.get();
	}

	/**
	 * Whether usable keys are held that are not older than max-stale.
	 * @return {@code true} when tokens can be checked without a fetch
	 */
	public boolean hasUsableKeys() {
		SigningKeys current = this.keys;
		return current != null && (isStatic() || age(current, this.clock.millis()) <= this.maxStaleMillis);
	}

	/**
	 * Starts fetching keys in the background now, then ahead of each expiry. Does
	 * nothing for static keys. Never blocks.
	 */
	public synchronized void start() {
		if (isStatic() || this.scheduler != null) {
			return;
		}
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "trymellon-jwks-refresh");
			thread.setDaemon(true);
			return thread;
		});
		this.scheduler = executor;
		executor.execute(this::scheduledRefresh);
	}

	/**
	 * Stops background refreshing.
	 */
	@Override
	public synchronized void close() {
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
			this.scheduler = null;
		}
	}

	/**
	 * Fetches the keys now and waits for them.
	 * @return {@code true} when usable keys are held afterwards
	 */
	public boolean refreshNow() {
		if (isStatic()) {
			return true;
		}
		awaitRefresh();
		return hasUsableKeys() && !this.lastAttemptFailed;
	}

	private void scheduledRefresh() {
		awaitRefresh();
		ScheduledExecutorService executor = this.scheduler;
		if (executor == null || executor.isShutdown()) {
			return;
		}
		long delay = this.lastAttemptFailed ? Math.max(this.cooldownMillis, 1000)
				: Math.max(this.ttlMillis - this.refreshAheadMillis, 1000);
		try {
			executor.schedule(this::scheduledRefresh, delay, TimeUnit.MILLISECONDS);
		}
		catch (RuntimeException ex) {
			// shut down concurrently
		}
	}

	/**
	 * Returns the key for the given {@code kid}, refreshing as the rules allow.
	 * @param kid the key id from the token header
	 * @return the key
	 * @throws SessionTokenException {@code JWT_KID_MISMATCH} when no key matches after the
	 * allowed refresh, {@code KEYS_UNAVAILABLE} when no usable keys can be had
	 */
	SigningKey key(String kid) {
		SigningKeys current = this.keys;
		long now = this.clock.millis();
		if (current != null && (isStatic() || age(current, now) < this.ttlMillis)) {
			SigningKey key = current.get(kid);
			if (key != null) {
				return key;
			}
			if (isStatic()) {
				throw kidMismatch();
			}
		}
		// Unknown kid, expired or missing keys: one (shared, rate-limited) fetch.
		if (mayFetch(now)) {
			refreshOnDemand();
			now = this.clock.millis();
		}
		current = this.keys;
		if (current == null || age(current, now) > this.maxStaleMillis) {
			throw new SessionTokenException(TryMellonErrorCode.KEYS_UNAVAILABLE,
					"No usable signing keys: the JWKS could not be fetched");
		}
		SigningKey key = current.get(kid);
		if (key != null) {
			return key;
		}
		if (this.lastAttemptFailed) {
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
		SigningKeys current = this.keys;
		return current != null && current.contains(key)
				&& (isStatic() || age(current, now) <= this.maxStaleMillis);
	}

	private static SessionTokenException kidMismatch() {
		return new SessionTokenException(TryMellonErrorCode.JWT_KID_MISMATCH, "No signing key matches the token's kid");
	}

	private boolean mayFetch(long now) {
		return this.inflight.get() != null || now - this.lastAttemptMillis >= this.cooldownMillis;
	}

	private static long age(SigningKeys keys, long now) {
		return now - keys.fetchedAtMillis();
	}

	/**
	 * Fetches the keys, or waits for the fetch under way: the background refresh and
	 * {@link #refreshNow()}, which the cooldown does not limit.
	 */
	private void awaitRefresh() {
		refresh(false);
	}

	/**
	 * The fetch a token with an unknown {@code kid} (or expired keys) asks for: shared
	 * with the fetch under way, if any, and never started within the cooldown of the
	 * last attempt. The caller checked the cooldown before, but another caller's fetch
	 * may have run and ended since (it lost the race to that fetch), so it is checked
	 * again once this caller holds the single flight.
	 */
	void refreshOnDemand() {
		refresh(true);
	}

	private void refresh(boolean onDemand) {
		CompletableFuture<@Nullable SigningKeys> future = new CompletableFuture<>();
		CompletableFuture<@Nullable SigningKeys> running = this.inflight.compareAndExchange(null, future);
		if (running != null) {
			waitFor(running);
			return;
		}
		try {
			if (onDemand && this.clock.millis() - this.lastAttemptMillis < this.cooldownMillis) {
				// Another caller's fetch ran within the cooldown: its keys are the answer.
				future.complete(this.keys);
				return;
			}
			fetchInto(future);
		}
		finally {
			this.inflight.set(null);
		}
	}

	private void fetchInto(CompletableFuture<@Nullable SigningKeys> future) {
		JwksFetcher jwksFetcher = this.fetcher;
		Assert.state(jwksFetcher != null, "Static keys are never fetched");
		this.lastAttemptMillis = this.clock.millis();
		this.fetchCount.incrementAndGet();
		try {
			SigningKeys fetched = SigningKeys.parse(jwksFetcher.fetch(), this.algorithms, this.clock.millis());
			if (fetched.size() == 0) {
				throw new IOException("JWKS holds no key usable with " + this.algorithms);
			}
			// Unchanged keys keep their instances: the cache entries they verified stay.
			fetched = fetched.reusing(this.keys);
			this.keys = fetched;
			this.lastAttemptFailed = false;
			future.complete(fetched);
			if (logger.isDebugEnabled()) {
				logger.debug("Fetched " + fetched.size() + " signing keys from " + this.uri);
			}
		}
		catch (Exception ex) {
			this.lastAttemptFailed = true;
			this.failureCount.incrementAndGet();
			logger.warn("Could not fetch TryMellon signing keys from " + this.uri + ": " + ex.getMessage()
					+ ((this.keys != null) ? " (keeping the last good keys)" : ""));
			future.completeExceptionally(ex);
		}
	}

	private void waitFor(CompletableFuture<@Nullable SigningKeys> running) {
		try {
			running.get(this.fetchTimeoutMillis, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			// the fetching thread logged it; the caller decides from the state
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

		Builder fetcher(JwksFetcher fetcher) {
			this.fetcher = fetcher;
			return this;
		}

		/**
		 * Builds the key source. Nothing is fetched until {@link JwksKeySource#start()}
		 * or the first token.
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
