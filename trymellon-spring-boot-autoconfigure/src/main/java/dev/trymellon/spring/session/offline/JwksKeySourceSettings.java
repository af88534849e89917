package dev.trymellon.spring.session.offline;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;
import org.springframework.util.Assert;

/**
 * The body of {@link JwksKeySource.Builder}, its only subclass: each setting of a fetched
 * key set with its default and its rule (a bad value is an
 * {@link IllegalArgumentException} naming it).
 */
abstract sealed class JwksKeySourceSettings permits JwksKeySource.Builder {

	final @Nullable URI uri;

	Set<JWSAlgorithm> algorithms = OfflineSessionTokenVerifier.DEFAULT_ALGORITHMS;

	Clock clock = Clock.systemUTC();

	Duration ttl = JwksKeySource.DEFAULT_TTL;

	Duration refreshAhead = JwksKeySource.DEFAULT_REFRESH_AHEAD;

	Duration refreshCooldown = JwksKeySource.DEFAULT_REFRESH_COOLDOWN;

	Duration maxStale = JwksKeySource.DEFAULT_MAX_STALE;

	Duration connectTimeout = JwksKeySource.DEFAULT_CONNECT_TIMEOUT;

	Duration readTimeout = JwksKeySource.DEFAULT_READ_TIMEOUT;

	int maxSize = JwksKeySource.DEFAULT_MAX_SIZE;

	JwksKeySource.@Nullable JwksFetcher fetcher;

	@Nullable TaskScheduler taskScheduler;

	boolean virtualThreads;

	JwksFetchObserver fetchObserver = JwksFetchObserver.NONE;

	JwksKeySourceSettings(@Nullable URI uri) {
		this.uri = uri;
	}

	/**
	 * Sets the allowed algorithms; keys that cannot verify any are ignored. Defaults
	 * to RS256.
	 * @param algorithms the algorithms
	 * @return this builder
	 */
	public JwksKeySource.Builder algorithms(Set<JWSAlgorithm> algorithms) {
		Assert.notEmpty(algorithms, "algorithms cannot be empty");
		this.algorithms = Set.copyOf(algorithms);
		return self();
	}

	/**
	 * Sets the clock. Defaults to the UTC system clock.
	 * @param clock the clock
	 * @return this builder
	 */
	public JwksKeySource.Builder clock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
		return self();
	}

	/**
	 * Sets how long fetched keys are used before they are fetched again. Defaults to
	 * one hour.
	 * @param ttl the time to live
	 * @return this builder
	 */
	public JwksKeySource.Builder ttl(Duration ttl) {
		Assert.isTrue(ttl != null && ttl.toMillis() > 0, "ttl must be positive");
		this.ttl = ttl;
		return self();
	}

	/**
	 * Sets how long before expiry the background refresh runs (at most half the
	 * TTL). Defaults to five minutes.
	 * @param refreshAhead the lead time
	 * @return this builder
	 */
	public JwksKeySource.Builder refreshAhead(Duration refreshAhead) {
		Assert.isTrue(refreshAhead != null && !refreshAhead.isNegative(), "refreshAhead cannot be negative");
		this.refreshAhead = refreshAhead;
		return self();
	}

	/**
	 * Sets the shortest time between two on-demand fetches. Defaults to 30 seconds.
	 * @param refreshCooldown the cooldown
	 * @return this builder
	 */
	public JwksKeySource.Builder refreshCooldown(Duration refreshCooldown) {
		Assert.isTrue(refreshCooldown != null && !refreshCooldown.isNegative(),
				"refreshCooldown cannot be negative");
		this.refreshCooldown = refreshCooldown;
		return self();
	}

	/**
	 * Sets how long the last good keys are used while fetching fails (never less
	 * than the TTL). Defaults to 24 hours.
	 * @param maxStale the longest use of stale keys
	 * @return this builder
	 */
	public JwksKeySource.Builder maxStale(Duration maxStale) {
		Assert.isTrue(maxStale != null && !maxStale.isNegative(), "maxStale cannot be negative");
		this.maxStale = maxStale;
		return self();
	}

	/**
	 * Sets the connect and read timeouts of the fetch. Default to 2 and 3 seconds.
	 * @param connectTimeout the connect timeout
	 * @param readTimeout the read timeout
	 * @return this builder
	 */
	public JwksKeySource.Builder timeouts(Duration connectTimeout, Duration readTimeout) {
		return connectTimeout(connectTimeout).readTimeout(readTimeout);
	}

	/**
	 * Sets the connect timeout of the fetch. Defaults to two seconds.
	 * @param connectTimeout the connect timeout
	 * @return this builder
	 * @since 0.2.0
	 */
	public JwksKeySource.Builder connectTimeout(Duration connectTimeout) {
		Assert.isTrue(connectTimeout != null && connectTimeout.toMillis() > 0, "connectTimeout must be positive");
		this.connectTimeout = connectTimeout;
		return self();
	}

	/**
	 * Sets the read timeout of the fetch. Defaults to three seconds.
	 * @param readTimeout the read timeout
	 * @return this builder
	 * @since 0.2.0
	 */
	public JwksKeySource.Builder readTimeout(Duration readTimeout) {
		Assert.isTrue(readTimeout != null && readTimeout.toMillis() > 0, "readTimeout must be positive");
		this.readTimeout = readTimeout;
		return self();
	}

	/**
	 * Sets the largest accepted JWKS document, in bytes. Defaults to 512 KiB.
	 * @param maxSize the size limit
	 * @return this builder
	 */
	public JwksKeySource.Builder maxSize(int maxSize) {
		Assert.isTrue(maxSize > 0, "maxSize must be positive");
		this.maxSize = maxSize;
		return self();
	}

	/**
	 * Sets the scheduler the background refresh runs on. By default the key source
	 * runs its own {@link SimpleAsyncTaskScheduler}, stopped with it.
	 * @param taskScheduler the scheduler, not stopped by the key source
	 * @return this builder
	 * @since 0.2.0
	 */
	public JwksKeySource.Builder taskScheduler(TaskScheduler taskScheduler) {
		Assert.notNull(taskScheduler, "taskScheduler cannot be null");
		this.taskScheduler = taskScheduler;
		return self();
	}

	/**
	 * Whether the key source's own scheduler runs the refresh on virtual threads (Java
	 * 21 and later). Defaults to {@code false}.
	 * @param virtualThreads whether to use virtual threads
	 * @return this builder
	 * @since 0.2.0
	 */
	public JwksKeySource.Builder virtualThreads(boolean virtualThreads) {
		this.virtualThreads = virtualThreads;
		return self();
	}

	/**
	 * Sets what is told about each fetch, for example observations. Defaults to
	 * {@link JwksFetchObserver#NONE}.
	 * @param fetchObserver the observer
	 * @return this builder
	 * @since 0.2.0
	 */
	public JwksKeySource.Builder fetchObserver(JwksFetchObserver fetchObserver) {
		Assert.notNull(fetchObserver, "fetchObserver cannot be null");
		this.fetchObserver = fetchObserver;
		return self();
	}

	private JwksKeySource.Builder self() {
		return (JwksKeySource.Builder) this;
	}

}
