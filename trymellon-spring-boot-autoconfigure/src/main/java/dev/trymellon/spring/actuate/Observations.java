package dev.trymellon.spring.actuate;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * What TryMellon's observations share: how one is created, and the {@code outcome} key
 * an operation that completes later ends it with ({@code success}, or {@code failure}
 * with the exception as the observation's error).
 */
final class Observations {

	static final String OUTCOME = "outcome";

	private Observations() {
	}

	/**
	 * A new observation, not started, so that keys known up front are added first (the
	 * handlers see them at the start).
	 */
	static Observation create(ObservationRegistry registry, String name, String contextualName) {
		return Observation.createNotStarted(name, registry).contextualName(contextualName);
	}

	static Observation success(Observation observation) {
		return observation.lowCardinalityKeyValue(OUTCOME, "success");
	}

	static void failed(Observation observation, Throwable error) {
		observation.lowCardinalityKeyValue(OUTCOME, "failure").error(error).stop();
	}

}
