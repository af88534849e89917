package dev.trymellon.spring.autoconfigure.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Records {@code jdk.VirtualThreadPinned} (threshold 0, with stack traces) while the
 * load runs, on JDK 21+. To show that the recording sees pinning at all, it first pins a
 * virtual thread on purpose: {@link Canary}'s class initializer parks, and a virtual
 * thread parked under a class initializer pins its carrier on every JDK (JEP 491 did
 * not change that).
 */
final class PinnedThreads implements AutoCloseable {

	static final String EVENT = "jdk.VirtualThreadPinned";

	private final Recording recording = new Recording();

	PinnedThreads() {
		this.recording.enable(EVENT).withThreshold(Duration.ZERO).withStackTrace();
		this.recording.start();
	}

	/** Initializes {@link Canary} on a new virtual thread and waits for it. */
	void pinOnPurpose() throws ReflectiveOperationException, InterruptedException {
		Runnable touch = Canary::touch;
		Thread thread = (Thread) Thread.class.getMethod("startVirtualThread", Runnable.class).invoke(null, touch);
		thread.join();
	}

	/** Stops recording and returns the pinned events. */
	List<Pinned> stop() throws IOException {
		this.recording.stop();
		Path file = Files.createTempFile("load-suite-pinned", ".jfr");
		try {
			this.recording.dump(file);
			List<Pinned> pinned = new ArrayList<>();
			for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
				if (EVENT.equals(event.getEventType().getName())) {
					pinned.add(Pinned.of(event));
				}
			}
			return pinned;
		}
		finally {
			Files.deleteIfExists(file);
		}
	}

	@Override
	public void close() {
		this.recording.close();
	}

	/**
	 * One pinned event.
	 * @param frames its stack, top first, as {@code class.method}
	 * @param description the event as JFR prints it
	 */
	record Pinned(List<String> frames, String reason, String description) {

		private static final Pattern CLASS_INITIALIZATION = Pattern
			.compile("Waited for initialization of (\\S+) by another thread|VM call to (\\S+)\\.<clinit> on stack");

		static Pinned of(RecordedEvent event) {
			List<String> frames = new ArrayList<>();
			if (event.getStackTrace() != null) {
				for (RecordedFrame frame : event.getStackTrace().getFrames()) {
					frames.add(frame.getMethod().getType().getName() + "." + frame.getMethod().getName());
				}
			}
			// pinnedReason exists from JDK 24
			String reason = event.hasField("pinnedReason") ? event.getString("pinnedReason") : "";
			return new Pinned(frames, reason, event.toString());
		}

		/**
		 * Whether the starter's code pinned the thread: a starter frame on the stack, and
		 * the pinning not explained by loading or initializing a class that is not the
		 * starter's (the JDK still pins a virtual thread that waits for another thread's
		 * class initialization, or that contends for a class-loading lock under a VM
		 * call; a starter frame is then merely further down the stack).
		 */
		boolean isStarterPinning() {
			return hasStarterFrame() && !isOtherClassLoading();
		}

		private boolean isOtherClassLoading() {
			Matcher initialization = CLASS_INITIALIZATION.matcher(this.reason);
			if (initialization.find()) {
				String type = (initialization.group(1) != null) ? initialization.group(1) : initialization.group(2);
				return !type.startsWith("dev.trymellon.");
			}
			for (String frame : this.frames) {
				if (frame.startsWith("dev.trymellon.")) {
					return false;
				}
				if (frame.startsWith("java.lang.ClassLoader.") || frame.startsWith("jdk.internal.loader.")
						|| frame.endsWith(".<clinit>")) {
					return true;
				}
			}
			return false;
		}

		boolean isCanary() {
			return this.frames.stream().anyMatch((frame) -> frame.startsWith(Canary.class.getName() + "."));
		}

		boolean hasStarterFrame() {
			return this.frames.stream().anyMatch((frame) -> frame.startsWith("dev.trymellon."));
		}

	}

	static final class Canary {

		static {
			LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
		}

		private Canary() {
		}

		static void touch() {
		}

	}

}
