package dev.trymellon.spring.actuate;

import java.net.URI;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import dev.trymellon.spring.session.offline.JwksFetchObserver;

import org.springframework.util.Assert;

/**
 * Observes each JWKS fetch as {@value #NAME} (a timer and a span): low-cardinality keys
 * {@code trigger} ({@code on_demand} for a token with an unknown {@code kid} or expired
 * keys, {@code refresh} for the background and startup refreshes) and {@code outcome}
 * ({@code success}, {@code failure}, with the exception as the observation's error, so
 * the timer's {@code error} tag names its type); high-cardinality key
 * {@code trymellon.jwks.uri}. Fetches are rare: nothing here runs on a verified-token
 * cache hit.
 *
 * @author TryMellon
 * @since 0.2.0
 */
public class JwksFetchObservations implements JwksFetchObserver {

	/** The observation name. */
	public static final String NAME = "trymellon.jwks.fetch";

	private final ObservationRegistry registry;

	/**
	 * Creates the observer.
	 * @param registry where observations go
	 */
	public JwksFetchObservations(ObservationRegistry registry) {
		Assert.notNull(registry, "registry cannot be null");
		this.registry = registry;
	}

	@Override
	public Fetch started(URI uri, boolean onDemand) {
		Observation observation = Observations.create(this.registry, NAME, "trymellon jwks fetch")
			.lowCardinalityKeyValue("trigger", onDemand ? "on_demand" : "refresh")
			.highCardinalityKeyValue("trymellon.jwks.uri", uri.toString())
			.start();
		return new Fetch() {

			@Override
			public void succeeded(int keys) {
				Observations.success(observation).stop();
			}

			@Override
			public void failed(Throwable error) {
				Observations.failed(observation, error);
			}

		};
	}

}
