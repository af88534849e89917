package dev.trymellon.spring.actuate;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import dev.trymellon.spring.redis.RevocationSyncObserver;

import org.springframework.util.Assert;

/**
 * Observes the shared revocation store's calls to Redis: {@value #PUBLISH} (a revocation
 * merged into Redis and published to every replica, inside the webhook delivery that
 * carried it) and {@value #RESYNC} (every revocation read, at start and on each resync),
 * low-cardinality key {@code outcome} ({@code success}, {@code failure} with the
 * observation's error), high-cardinality key {@code trymellon.revocations} (how many
 * were written or read). No session, user or credential id is recorded.
 *
 * @author TryMellon
 * @since 0.2.0
 */
public class RevocationSyncObservations implements RevocationSyncObserver {

	/** The name of the publish observation. */
	public static final String PUBLISH = "trymellon.revocation.publish";

	/** The name of the resync observation. */
	public static final String RESYNC = "trymellon.revocation.resync";

	private final ObservationRegistry registry;

	/**
	 * Creates the observer.
	 * @param registry where observations go
	 */
	public RevocationSyncObservations(ObservationRegistry registry) {
		Assert.notNull(registry, "registry cannot be null");
		this.registry = registry;
	}

	@Override
	public Completion start(Operation operation) {
		boolean publish = operation == Operation.PUBLISH;
		Observation observation = Observations
			.create(this.registry, publish ? PUBLISH : RESYNC,
					publish ? "trymellon revocation publish" : "trymellon revocation resync")
			.start();
		return new Completion() {

			@Override
			public void succeeded(int revocations) {
				Observations.success(observation)
					.highCardinalityKeyValue("trymellon.revocations", Integer.toString(revocations))
					.stop();
			}

			@Override
			public void failed(Throwable error) {
				Observations.failed(observation, error);
			}

		};
	}

}
