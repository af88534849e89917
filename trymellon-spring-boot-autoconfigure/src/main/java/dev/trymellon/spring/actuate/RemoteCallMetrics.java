package dev.trymellon.spring.actuate;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.trymellon.spring.remote.RemoteCallListener;

/**
 * Meters of the calls to TryMellon's API, registered up front for every tag value (no
 * user id or token is ever a tag):
 * <ul>
 * <li>{@code trymellon.remote.calls} (timer), tags {@code endpoint}
 * ({@code validate}, {@code introspect}) and {@code outcome} ({@code valid},
 * {@code invalid}, {@code rate_limited}, {@code unavailable}, {@code error}): each call,
 * its retries and waits included;</li>
 * <li>{@code trymellon.remote.cache} (counter), tag {@code result} ({@code hit},
 * {@code miss}, {@code joined}): the remote-result cache lookups.</li>
 * </ul>
 *
 * @author TryMellon
 * @since 0.2.0
 */
public class RemoteCallMetrics implements RemoteCallListener, MeterBinder {

	private volatile Map<Endpoint, Map<Outcome, Timer>> calls = Map.of();

	private volatile Map<CacheResult, Counter> lookups = Map.of();

	@Override
	public void bindTo(MeterRegistry registry) {
		Map<Endpoint, Map<Outcome, Timer>> timers = new EnumMap<>(Endpoint.class);
		for (Endpoint endpoint : Endpoint.values()) {
			Map<Outcome, Timer> byOutcome = new EnumMap<>(Outcome.class);
			for (Outcome outcome : Outcome.values()) {
				byOutcome.put(outcome, Timer.builder("trymellon.remote.calls")
					.description("Calls to TryMellon's API, retries and waits included")
					.tag("endpoint", name(endpoint))
					.tag("outcome", name(outcome))
					.register(registry));
			}
			timers.put(endpoint, byOutcome);
		}
		Map<CacheResult, Counter> counters = new EnumMap<>(CacheResult.class);
		for (CacheResult result : CacheResult.values()) {
			counters.put(result, Counter.builder("trymellon.remote.cache")
				.description("Remote-result cache lookups")
				.tag("result", name(result))
				.register(registry));
		}
		this.calls = timers;
		this.lookups = counters;
	}

	@Override
	public void called(Endpoint endpoint, Outcome outcome, Duration elapsed) {
		Map<Outcome, Timer> byOutcome = this.calls.get(endpoint);
		Timer timer = (byOutcome != null) ? byOutcome.get(outcome) : null;
		if (timer != null) {
			timer.record(elapsed);
		}
	}

	@Override
	public void looked(CacheResult result) {
		Counter counter = this.lookups.get(result);
		if (counter != null) {
			counter.increment();
		}
	}

	private static String name(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT);
	}

}
