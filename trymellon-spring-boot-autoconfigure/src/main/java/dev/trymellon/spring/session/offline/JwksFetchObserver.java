package dev.trymellon.spring.session.offline;

import java.net.URI;

/**
 * Told about each JWKS fetch of a {@link JwksKeySource}: the background refresh, the one a
 * token with an unknown {@code kid} asks for, and the forced one at startup. The actuate
 * layer adapts it to Micrometer observations; the key source knows no metrics library.
 * Fetches are rare (at most one per cooldown on demand), never on a verified-token cache
 * hit.
 * <p>
 * {@link #started(URI, boolean)} is called on the fetching thread before the request, the
 * returned {@link Fetch} exactly once after the document is parsed or the attempt failed.
 * Implementations must be fast and must not throw.
 *
 * @author TryMellon
 * @since 0.2.0
 */
@FunctionalInterface
public interface JwksFetchObserver {

	/** Observes nothing. */
	JwksFetchObserver NONE = (uri, onDemand) -> Fetch.NONE;

	/**
	 * A fetch starts.
	 * @param uri the JWKS URL
	 * @param onDemand {@code true} when a token asked for it (unknown {@code kid} or
	 * expired keys), {@code false} for a background or forced refresh
	 * @return what is told how it ended
	 */
	Fetch started(URI uri, boolean onDemand);

	/**
	 * How one fetch ended; exactly one method is called.
	 */
	interface Fetch {

		/** Ignores the end. */
		Fetch NONE = new Fetch() {

			@Override
			public void succeeded(int keys) {
			}

			@Override
			public void failed(Throwable error) {
			}

		};

		/**
		 * The document was fetched and holds usable keys.
		 * @param keys the number of usable keys
		 */
		void succeeded(int keys);

		/**
		 * The fetch failed (I/O, HTTP status, timeout, unusable document).
		 * @param error why
		 */
		void failed(Throwable error);

	}

}
