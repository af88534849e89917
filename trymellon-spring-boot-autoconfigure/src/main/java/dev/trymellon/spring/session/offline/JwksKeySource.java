package dev.trymellon.spring.session.offline;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.CachingJWKSetSource;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.session.offline.SigningKeys.SigningKey;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
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

	/**
	 * How long fetched keys are used unless set otherwise: one hour.
	 * @since 0.2.0
	 */
	public static final Duration DEFAULT_TTL = Duration.ofHours(1);

	/**
	 * How long before expiry the keys are refreshed unless set otherwise: five minutes.
	 * @since 0.2.0
	 */
	public static final Duration DEFAULT_REFRESH_AHEAD = Duration.ofMinutes(5);

	/**
	 * The shortest time between two on-demand fetches unless set otherwise: 30 seconds.
	 * @since 0.2.0
	 */
	public static final Duration DEFAULT_REFRESH_COOLDOWN = Duration.ofSeconds(30);

	/**
	 * How long the last good keys are used while fetching fails unless set otherwise: 24
	 * hours.
	 * @since 0.2.0
	 */
	public static final Duration DEFAULT_MAX_STALE = Duration.ofHours(24);

	/**
	 * The fetch's connect timeout unless set otherwise: two seconds.
	 * @since 0.2.0
	 */
	public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);

	/**
	 * The fetch's read timeout unless set otherwise: three seconds.
	 * @since 0.2.0
	 */
	public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(3);

	/**
	 * The largest accepted JWKS document unless set otherwise, in bytes: 512 KiB.
	 * @since 0.2.0
	 */
	public static final int DEFAULT_MAX_SIZE = 512 * 1024;

	private final @Nullable SigningKeys staticKeys;

	private final @Nullable FetchedKeys fetched;

	private final @Nullable JwksBackgroundRefresh backgroundRefresh;

	private JwksKeySource(@Nullable SigningKeys staticKeys, @Nullable FetchedKeys fetched,
			@Nullable JwksBackgroundRefresh backgroundRefresh) {
		this.staticKeys = staticKeys;
		this.fetched = fetched;
		this.backgroundRefresh = backgroundRefresh;
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
		return new JwksKeySource(SigningKeys.of(jwkSet.getKeys(), builder.algorithms, 0), null, null);
	}

	/**
	 * Returns a snapshot of the keys and of the fetches: what health and metrics report.
	 * Reads only memory, never fetches.
	 * @return the status
	 * @since 0.2.0
	 */
	public Status status() {
		FetchedKeys keys = this.fetched;
		if (keys != null) {
			return keys.status();
		}
		SigningKeys current = this.staticKeys;
		return new Status(null, (current != null) ? current.size() : 0, null, null, 0, 0, current != null);
	}

	/**
	 * Fetches the keys now and waits for them, whatever the cooldown.
	 * @return {@code true} when the fetch succeeded
	 */
	public boolean refreshNow() {
		FetchedKeys keys = this.fetched;
		return keys == null || keys.refreshNow();
	}

	/**
	 * Returns the key for the given {@code kid}, refreshing as the rules allow.
	 * @param kid the key id from the token header
	 * @return the key
	 * @throws SessionTokenException {@code JWT_KID_MISMATCH} when no key matches after the
	 * allowed refresh, {@code KEYS_UNAVAILABLE} when no usable keys can be had
	 */
	SigningKey key(String kid) {
		FetchedKeys keys = this.fetched;
		if (keys != null) {
			return keys.key(kid);
		}
		SigningKeys current = this.staticKeys;
		SigningKey key = (current != null) ? current.get(kid) : null;
		if (key == null) {
			throw kidMismatch();
		}
		return key;
	}

	/**
	 * Whether looking up the key of this {@code kid} now may fetch the JWKS, and so wait
	 * for the network: {@code false} for static keys, for a key held and more than a
	 * second within its TTL (so that the keys cannot expire between this answer and the
	 * lookup it decides the thread of), and while the cooldown refuses an on-demand fetch
	 * and none is under way. Reads only
	 * memory, never fetches: a reactive application verifies on its event loop when this
	 * is {@code false}, and elsewhere when it is {@code true}.
	 * @param kid the key id from the token header
	 * @return whether a lookup may fetch or wait for a fetch
	 * @since 0.2.0
	 */
	public boolean mayFetch(String kid) {
		FetchedKeys keys = this.fetched;
		return keys != null && keys.mayFetch(kid);
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
		FetchedKeys keys = this.fetched;
		if (keys != null) {
			return keys.isCurrent(key, now);
		}
		SigningKeys current = this.staticKeys;
		return current != null && current.contains(key);
	}

	/**
	 * The fetch a token with an unknown {@code kid} (or expired keys) asks for: shared
	 * with the fetch under way, if any, and never started within the cooldown of the
	 * last attempt, checked again under the single flight's lock.
	 */
	void refreshOnDemand() {
		FetchedKeys keys = this.fetched;
		Assert.state(keys != null, "Static keys are never fetched");
		keys.refreshOnDemand();
	}

	static SessionTokenException kidMismatch() {
		return new SessionTokenException(TryMellonErrorCode.JWT_KID_MISMATCH, "No signing key matches the token's kid");
	}

	/**
	 * Starts fetching keys in the background now, then ahead of each expiry (after a
	 * failure, once the cooldown is over). Does nothing for static keys. Never blocks.
	 */
	@Override
	public void start() {
		JwksBackgroundRefresh refresh = this.backgroundRefresh;
		if (refresh != null) {
			refresh.start();
		}
	}

	/**
	 * Stops background refreshing.
	 */
	@Override
	public void stop() {
		JwksBackgroundRefresh refresh = this.backgroundRefresh;
		if (refresh != null) {
			refresh.stop();
		}
	}

	@Override
	public boolean isRunning() {
		JwksBackgroundRefresh refresh = this.backgroundRefresh;
		return refresh != null && refresh.isRunning();
	}

	/**
	 * Stops background refreshing.
	 */
	@Override
	public void close() {
		stop();
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
	public static final class Builder extends JwksKeySourceSettings {

		private Builder(@Nullable URI uri) {
			super(uri);
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
			URI target = this.uri;
			Assert.state(target != null, "uri is required");
			JwksFetcher jwksFetcher = this.fetcher;
			if (jwksFetcher == null) {
				DefaultResourceRetriever retriever = new DefaultResourceRetriever((int) this.connectTimeout.toMillis(),
						(int) this.readTimeout.toMillis(), this.maxSize);
				jwksFetcher = () -> retriever.retrieveResource(target.toURL()).getContent();
			}
			FetchedKeys keys = new FetchedKeys(this, target, jwksFetcher);
			return new JwksKeySource(null, keys,
					new JwksBackgroundRefresh(keys::refreshInBackground, this.taskScheduler, this.virtualThreads));
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
