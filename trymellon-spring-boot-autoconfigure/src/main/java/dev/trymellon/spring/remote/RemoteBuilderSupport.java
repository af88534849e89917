package dev.trymellon.spring.remote;

import java.time.Clock;

import org.springframework.util.Assert;

/**
 * The settings every builder of this package shares: the clock and the listener of
 * remote calls.
 *
 * @param <B> the builder type
 */
abstract class RemoteBuilderSupport<B extends RemoteBuilderSupport<B>> {

	Clock clock = Clock.systemUTC();

	RemoteCallListener listener = RemoteCallListener.NONE;

	/**
	 * Sets the clock. Defaults to the UTC system clock.
	 * @param clock the clock
	 * @return this builder
	 */
	public B clock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
		return self();
	}

	/**
	 * Sets the listener told of every call to the API and every cache lookup. None by
	 * default.
	 * @param listener the listener
	 * @return this builder
	 */
	public B listener(RemoteCallListener listener) {
		Assert.notNull(listener, "listener cannot be null");
		this.listener = listener;
		return self();
	}

	@SuppressWarnings("unchecked")
	private B self() {
		return (B) this;
	}

}
