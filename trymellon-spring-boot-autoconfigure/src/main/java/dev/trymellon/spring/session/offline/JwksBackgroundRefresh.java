package dev.trymellon.spring.session.offline;

import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;

/**
 * The lifecycle part of a fetched {@link JwksKeySource}: runs its refresh on a Spring
 * {@link TaskScheduler} from {@link #start()} to {@link #stop()}, first at once, then
 * after the delay each refresh returns. Runs on the given scheduler, never stopped here,
 * or on a {@link SimpleAsyncTaskScheduler} of its own, closed on stop. Holds no monitor.
 */
final class JwksBackgroundRefresh {

	private final LongSupplier refresh;

	private final @Nullable TaskScheduler taskScheduler;

	private final boolean virtualThreads;

	private final AtomicBoolean running = new AtomicBoolean();

	private volatile @Nullable TaskScheduler scheduler;

	private volatile @Nullable ScheduledFuture<?> nextRefresh;

	/**
	 * @param refresh runs one refresh and returns the delay until the next, in
	 * milliseconds
	 * @param taskScheduler the scheduler to run on, or {@code null} for one of its own
	 * @param virtualThreads whether its own scheduler uses virtual threads
	 */
	JwksBackgroundRefresh(LongSupplier refresh, @Nullable TaskScheduler taskScheduler, boolean virtualThreads) {
		this.refresh = refresh;
		this.taskScheduler = taskScheduler;
		this.virtualThreads = virtualThreads;
	}

	void start() {
		if (!this.running.compareAndSet(false, true)) {
			return;
		}
		TaskScheduler given = this.taskScheduler;
		if (given != null) {
			this.scheduler = given;
		}
		else {
			SimpleAsyncTaskScheduler own = new SimpleAsyncTaskScheduler();
			own.setThreadNamePrefix("trymellon-jwks-");
			own.setDaemon(true);
			own.setVirtualThreads(this.virtualThreads);
			this.scheduler = own;
		}
		schedule(0);
	}

	void stop() {
		if (!this.running.compareAndSet(true, false)) {
			return;
		}
		ScheduledFuture<?> next = this.nextRefresh;
		if (next != null) {
			next.cancel(true);
		}
		if (this.scheduler instanceof SimpleAsyncTaskScheduler own && own != this.taskScheduler) {
			own.close();
		}
		this.scheduler = null;
	}

	boolean isRunning() {
		return this.running.get();
	}

	private void run() {
		if (!this.running.get()) {
			return;
		}
		schedule(this.refresh.getAsLong());
	}

	private void schedule(long delayMillis) {
		TaskScheduler current = this.scheduler;
		if (!this.running.get() || current == null) {
			return;
		}
		try {
			this.nextRefresh = current.schedule(this::run, Instant.now().plusMillis(delayMillis));
		}
		catch (RuntimeException ex) {
			// stopped concurrently
		}
	}

}
