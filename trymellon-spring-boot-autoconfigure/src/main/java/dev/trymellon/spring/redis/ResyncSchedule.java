package dev.trymellon.spring.redis;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;

/**
 * The periodic re-read of a {@link RedisRevocationStore}: scheduled with a fixed delay on
 * the given {@link TaskScheduler}, else on a {@link SimpleAsyncTaskScheduler} of its own
 * (one daemon thread named {@code trymellon-redis-resync-}) that lives from
 * {@link #start} to {@link #cancel()}. Not thread-safe: the store calls it under its
 * lifecycle lock.
 */
final class ResyncSchedule {

	static final String OWN_THREAD_NAME_PREFIX = "trymellon-redis-resync-";

	private @Nullable SimpleAsyncTaskScheduler ownScheduler;

	private @Nullable ScheduledFuture<?> future;

	/**
	 * Schedules the task every {@code interval}, the first run one interval from now;
	 * does nothing for a zero interval.
	 */
	void start(@Nullable TaskScheduler taskScheduler, Duration interval, boolean virtualThreads, Runnable task) {
		if (interval.isZero()) {
			return;
		}
		TaskScheduler scheduler = taskScheduler;
		if (scheduler == null) {
			SimpleAsyncTaskScheduler own = new SimpleAsyncTaskScheduler();
			own.setThreadNamePrefix(OWN_THREAD_NAME_PREFIX);
			own.setDaemon(true);
			own.setVirtualThreads(virtualThreads);
			this.ownScheduler = own;
			scheduler = own;
		}
		this.future = scheduler.scheduleWithFixedDelay(task, scheduler.getClock().instant().plus(interval), interval);
	}

	/**
	 * Cancels the task (a run under way completes) and closes the own scheduler.
	 */
	void cancel() {
		ScheduledFuture<?> future = this.future;
		this.future = null;
		if (future != null) {
			future.cancel(false);
		}
		SimpleAsyncTaskScheduler own = this.ownScheduler;
		this.ownScheduler = null;
		if (own != null) {
			own.close();
		}
	}

}
