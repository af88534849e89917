package dev.trymellon.spring.session.offline;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.text.ParseException;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetParseException;
import com.nimbusds.jose.jwk.source.JWKSetRetrievalException;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.SecurityContext;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The bottom of the JWKS source chain (under Nimbus's {@code CachingJWKSetSource}, which
 * gives the single flight): fetches the document, keeps its usable entries (a malformed
 * entry is skipped, where {@link JWKSet#parse(String)} refuses the whole document), and
 * publishes them as the current {@link SigningKeys}, reusing the instances of unchanged
 * keys. It also holds what the status snapshot reports, and the on-demand cooldown: an
 * {@link Demand#ON_DEMAND} load within the cooldown of the last attempt is refused
 * (Nimbus's {@code RateLimitedJWKSetSource} allows two per interval and counts the
 * background refreshes too). It runs under the cache's lock, so that check is the
 * re-check a caller that lost the race to another caller's fetch needs.
 */
final class JwksDocumentSource implements JWKSetSource<JwksDocumentSource.Demand> {

	private static final Log logger = LogFactory.getLog(JwksDocumentSource.class);

	// Nimbus's "HTTP 503: ..." and the JDK's "Server returned HTTP response code: 503 for
	// URL: ..." (the URL again).
	private static final Pattern HTTP_STATUS = Pattern.compile("(?:^HTTP |HTTP response code: )(\\d{3})");

	private final JwksKeySource.JwksFetcher fetcher;

	private final URI uri;

	private final Set<JWSAlgorithm> algorithms;

	private final Clock clock;

	private final long cooldownMillis;

	private final JwksFetchObserver observer;

	private volatile @Nullable SigningKeys keys;

	private volatile long lastAttemptMillis = Long.MIN_VALUE / 2;

	private volatile boolean inFlight;

	private volatile @Nullable String lastFailure;

	private final AtomicLong fetches = new AtomicLong();

	private final AtomicLong failures = new AtomicLong();

	JwksDocumentSource(JwksKeySource.JwksFetcher fetcher, URI uri, Set<JWSAlgorithm> algorithms, Clock clock,
			long cooldownMillis, JwksFetchObserver observer) {
		this.observer = observer;
		this.fetcher = fetcher;
		this.uri = uri;
		this.algorithms = algorithms;
		this.clock = clock;
		this.cooldownMillis = cooldownMillis;
	}

	@Nullable SigningKeys keys() {
		return this.keys;
	}

	/** A short cause of the last failed attempt, or {@code null} after a good one. */
	@Nullable String lastFailure() {
		return this.lastFailure;
	}

	long fetches() {
		return this.fetches.get();
	}

	long failures() {
		return this.failures.get();
	}

	boolean coolingDown(long now) {
		return now - this.lastAttemptMillis < this.cooldownMillis;
	}

	/**
	 * Whether a fetch is under way: a caller within the cooldown joins it. Set before the
	 * attempt time and cleared after the keys are published, so a caller that reads the
	 * new attempt time and no fetch under way finds the new keys.
	 */
	boolean inFlight() {
		return this.inFlight;
	}

	@Override
	public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator evaluator, long currentTime, @Nullable Demand demand)
			throws KeySourceException {
		if (demand == Demand.ON_DEMAND && coolingDown(this.clock.millis())) {
			// Another caller's fetch ran within the cooldown: its keys are the answer.
			throw new RateLimitReachedException();
		}
		this.inFlight = true;
		this.lastAttemptMillis = this.clock.millis();
		this.fetches.incrementAndGet();
		JwksFetchObserver.Fetch observed = this.observer.started(this.uri, demand == Demand.ON_DEMAND);
		try {
			SigningKeys fetched = SigningKeys.parse(this.fetcher.fetch(), this.algorithms, this.clock.millis());
			if (fetched.size() == 0) {
				throw new ParseException("it holds no key usable with " + this.algorithms, 0);
			}
			// Unchanged keys keep their instances: the cache entries they verified stay.
			fetched = fetched.reusing(this.keys);
			this.keys = fetched;
			this.lastFailure = null;
			observed.succeeded(fetched.size());
			if (logger.isDebugEnabled()) {
				logger.debug("Fetched " + fetched.size() + " signing keys from " + this.uri);
			}
			return fetched.jwkSet();
		}
		catch (IOException | ParseException | RuntimeException ex) {
			String cause = describe(ex);
			this.lastFailure = cause;
			this.failures.incrementAndGet();
			observed.failed(ex);
			logger.warn("Could not fetch TryMellon signing keys from " + this.uri + ": " + cause
					+ ((this.keys != null) ? " (keeping the last good keys)" : ""));
			throw (ex instanceof ParseException) ? new JWKSetParseException(cause, ex)
					: new JWKSetRetrievalException(cause, ex);
		}
		finally {
			this.inFlight = false;
		}
	}

	/**
	 * What went wrong, in a few words: the HTTP status, a timeout, an unknown host, a
	 * refused connection, a document too large or not a JWKS. Never the URL (the log line
	 * names it once).
	 */
	static String describe(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SocketTimeoutException) {
				return "timed out (" + cause.getMessage() + ")";
			}
			if (cause instanceof UnknownHostException) {
				return "unknown host " + cause.getMessage();
			}
			if (cause instanceof ConnectException) {
				return "connection refused";
			}
			if (cause instanceof FileNotFoundException) {
				// HttpURLConnection's answer to 404 and 410, with the URL as the message
				return "not found (HTTP 404 or 410)";
			}
			if (cause instanceof ParseException) {
				return "not a usable JWKS document: " + cause.getMessage();
			}
			String message = String.valueOf(cause.getMessage());
			Matcher status = HTTP_STATUS.matcher(message);
			if (status.find()) {
				return "HTTP status " + status.group(1);
			}
			if (message.startsWith("Exceeded configured input limit")) {
				return "document larger than 'trymellon.jwks.max-size' (" + message + ")";
			}
		}
		return ex.getClass().getSimpleName() + ": " + ex.getMessage();
	}

	@Override
	public void close() {
	}

	/** Why keys are loaded: for a token (rate limited) or forced (background, startup). */
	enum Demand implements SecurityContext {

		ON_DEMAND, FORCED

	}

}
