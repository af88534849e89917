package dev.trymellon.spring.testfixtures;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;

/**
 * Installs BlockHound for the BlockHound tests, which share one JVM, with BlockHound's
 * own behaviour (a blocking call on a non-blocking thread throws
 * {@link BlockingOperationError}) and a record of where each such call was made, so that
 * a request that never completes (the error thrown somewhere that swallows it) still
 * tells in the test output which call blocked, on which thread.
 */
public final class BlockHoundCalls {

	private static final Queue<String> calls = new ConcurrentLinkedQueue<>();

	private BlockHoundCalls() {
	}

	/**
	 * Installs BlockHound (once per JVM, as BlockHound itself does).
	 */
	public static void install() {
		BlockHound.install((builder) -> builder.blockingMethodCallback((method) -> {
			BlockingOperationError error = new BlockingOperationError(method);
			StringWriter trace = new StringWriter();
			error.printStackTrace(new PrintWriter(trace));
			calls.add(Thread.currentThread().getName() + ": " + trace);
			throw error;
		}));
	}

	/**
	 * Prints and forgets the blocking calls caught so far, the ones tests provoke on
	 * purpose included; call it after each test class.
	 * @param testClass the class whose calls they were
	 */
	public static void report(Class<?> testClass) {
		String call;
		while ((call = calls.poll()) != null) {
			System.out.println("BlockHound caught, during " + testClass.getSimpleName() + ", a blocking call on " + call);
		}
	}

}
