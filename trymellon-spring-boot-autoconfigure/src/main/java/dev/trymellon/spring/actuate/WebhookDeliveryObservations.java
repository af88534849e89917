package dev.trymellon.spring.actuate;

import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import dev.trymellon.spring.webhook.DeliveryObserver;
import dev.trymellon.spring.webhook.DeliveryResult;

import org.springframework.util.Assert;

/**
 * Observes each webhook delivery as {@value #NAME} (a timer and a span, the listeners'
 * work, such as a revocation's Redis publish, inside it): low-cardinality keys
 * {@code outcome} and {@code reason}, those of {@link DeliveryResult} (the tags of the
 * {@code trymellon.webhook.deliveries} counter), or {@code failed} / {@code exception}
 * with the observation's error when the processing throws. No event id, user id or
 * header value is recorded.
 *
 * @author TryMellon
 * @since 0.2.0
 */
public class WebhookDeliveryObservations implements DeliveryObserver {

	/** The observation name. */
	public static final String NAME = "trymellon.webhook.delivery";

	private final ObservationRegistry registry;

	/**
	 * Creates the observer.
	 * @param registry where observations go
	 */
	public WebhookDeliveryObservations(ObservationRegistry registry) {
		Assert.notNull(registry, "registry cannot be null");
		this.registry = registry;
	}

	@Override
	public DeliveryResult observe(Supplier<DeliveryResult> delivery) {
		Observation observation = Observations.create(this.registry, NAME, "trymellon webhook delivery").start();
		try (Observation.Scope scope = observation.openScope()) {
			DeliveryResult result = delivery.get();
			observation.lowCardinalityKeyValue(Observations.OUTCOME, result.outcome())
				.lowCardinalityKeyValue("reason", result.reason());
			return result;
		}
		catch (RuntimeException ex) {
			observation.lowCardinalityKeyValue(Observations.OUTCOME, "failed")
				.lowCardinalityKeyValue("reason", "exception")
				.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

}
