package dev.trymellon.spring.testfixtures;

/**
 * Names of Reactor's threads, as tests assert where work ran.
 */
public final class ReactorThreads {

	/**
	 * A thread of {@code Schedulers.boundedElastic()}: platform threads
	 * ({@code boundedElastic-N}), or virtual ones ({@code loomBoundedElastic-N}) where
	 * Reactor runs on JDK 21+ with virtual threads on (Spring Boot's
	 * {@code spring.threads.virtual.enabled=true}, as in the JDK 25 leg of CI).
	 */
	public static final String BOUNDED_ELASTIC = "(loomB|b)oundedElastic-\\d+.*";

	private ReactorThreads() {
	}

}
