package dev.trymellon.spring.session.offline;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.testfixtures.MutableClock;
import dev.trymellon.spring.testfixtures.TestTokens;

import static dev.trymellon.spring.testfixtures.TestTokens.KEY;
import static dev.trymellon.spring.testfixtures.TestTokens.NEXT_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The on-demand refresh cooldown holds for every caller, including one that waited for
 * another caller's fetch or lost the race to it.
 */
class JwksKeySourceCooldownTests {

	private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

	private final MutableClock clock = new MutableClock(NOW);

	private final AtomicInteger fetches = new AtomicInteger();

	private final AtomicReference<String> jwks = new AtomicReference<>(TestTokens.jwks(KEY));

	/** When set, fetches signal {@code entered} and wait for it to be counted down. */
	private volatile CountDownLatch release;

	private final CountDownLatch entered = new CountDownLatch(1);

	private final JwksKeySource keys = JwksKeySource.fromUri(URI.create("https://keys.example.test/jwks.json"))
		.clock(this.clock)
		.refreshCooldown(Duration.ofSeconds(30))
		.fetcher(() -> {
			this.fetches.incrementAndGet();
			CountDownLatch gate = this.release;
			if (gate != null) {
				this.entered.countDown();
				try {
					gate.await(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			String document = this.jwks.get();
			if (document == null) {
				throw new java.io.IOException("HTTP 503: Service Unavailable");
			}
			return document;
		})
		.build();

	private final ExecutorService pool = Executors.newFixedThreadPool(2);

	@AfterEach
	void close() {
		this.pool.shutdownNow();
		this.keys.close();
	}

	@Test
	void mayFetchWhenKeysAreWithinASecondOfTheirTtlThenTrueSoThatTheyCannotExpireBeforeTheLookup() {
		JwksKeySource fiveMinutes = JwksKeySource.fromUri(URI.create("https://keys.example.test/jwks.json"))
			.clock(this.clock)
			.ttl(Duration.ofMinutes(5))
			.refreshCooldown(Duration.ofSeconds(30))
			.fetcher(() -> {
				this.fetches.incrementAndGet();
				return this.jwks.get();
			})
			.build();
		try {
			assertThat(fiveMinutes.key("k_main").kid()).isEqualTo("k_main");
			assertThat(fiveMinutes.mayFetch("k_main")).isFalse();
			// unknown kid within the cooldown, no fetch under way: refused without one
			assertThat(fiveMinutes.mayFetch("k_unknown")).isFalse();
			this.clock.advance(Duration.ofMinutes(5).minusMillis(1001));
			assertThat(fiveMinutes.mayFetch("k_main")).isFalse();
			this.clock.advance(Duration.ofMillis(1));
			assertThat(fiveMinutes.mayFetch("k_main")).isTrue();
			assertThat(this.fetches).hasValue(1);
		}
		finally {
			fiveMinutes.close();
		}
	}

	@Test
	void refreshOnDemandWhenAnotherCallersFetchEndedWithinTheCooldownThenNoSecondFetch() {
		// A caller saw the cooldown over and went for the single flight; meanwhile another
		// caller's fetch ran and ended. Holding the flight now, it must not fetch again.
		assertThat(this.keys.key("k_main").kid()).isEqualTo("k_main");
		assertThat(this.fetches).hasValue(1);
		this.clock.advance(Duration.ofSeconds(29));
		this.keys.refreshOnDemand();
		assertThat(this.fetches).hasValue(1);
		this.clock.advance(Duration.ofSeconds(1));
		this.keys.refreshOnDemand();
		assertThat(this.fetches).hasValue(2);
	}

	@Test
	void keyWhenACallerWaitedForAnotherCallersFetchThenItStartsNoSecondOne() throws Exception {
		assertThat(this.keys.key("k_main").kid()).isEqualTo("k_main");
		this.clock.advance(Duration.ofSeconds(31));
		this.jwks.set(TestTokens.jwks(KEY, NEXT_KEY));
		this.release = new CountDownLatch(1);
		CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> this.keys.key("k_next").kid(), this.pool);
		assertThat(this.entered.await(10, TimeUnit.SECONDS)).isTrue();
		AtomicReference<Thread> waiter = new AtomicReference<>();
		CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> {
			waiter.set(Thread.currentThread());
			return this.keys.key("k_unknown").kid();
		}, this.pool);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> waiter.get() != null && waiter.get().getState() == Thread.State.TIMED_WAITING);
		this.release.countDown();
		assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("k_next");
		assertThatExceptionOfType(Exception.class).isThrownBy(() -> second.get(10, TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOfSatisfying(SessionTokenException.class,
					(ex) -> assertThat(ex.getErrorCode()).isEqualTo(TryMellonErrorCode.JWT_KID_MISMATCH));
		assertThat(this.fetches).hasValue(2);
		// Still within the cooldown of that fetch: another unknown kid fetches nothing.
		this.release = null;
		assertThatExceptionOfType(SessionTokenException.class).isThrownBy(() -> this.keys.key("k_other"))
			.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(TryMellonErrorCode.JWT_KID_MISMATCH));
		assertThat(this.fetches).hasValue(2);
	}

	@Test
	void keyWhenTheFetchAnotherCallerWaitedForFailedThenTheWaiterDoesNotFetchAgain() throws Exception {
		// The single flight lets a waiter in once the failed fetch gives up its lock; the
		// cooldown, checked again under that lock, keeps it from fetching a second time.
		this.jwks.set(null);
		this.release = new CountDownLatch(1);
		CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> this.keys.key("k_main").kid(), this.pool);
		assertThat(this.entered.await(10, TimeUnit.SECONDS)).isTrue();
		AtomicReference<Thread> waiter = new AtomicReference<>();
		CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> {
			waiter.set(Thread.currentThread());
			return this.keys.key("k_main").kid();
		}, this.pool);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> waiter.get() != null && waiter.get().getState() == Thread.State.TIMED_WAITING);
		this.release.countDown();
		for (CompletableFuture<String> caller : java.util.List.of(first, second)) {
			assertThatExceptionOfType(Exception.class).isThrownBy(() -> caller.get(10, TimeUnit.SECONDS))
				.havingCause()
				.isInstanceOfSatisfying(SessionTokenException.class,
						(ex) -> assertThat(ex.getErrorCode()).isEqualTo(TryMellonErrorCode.KEYS_UNAVAILABLE));
		}
		assertThat(this.fetches).hasValue(1);
		assertThat(this.keys.status().lastFailure()).isEqualTo("HTTP status 503");
	}

	@Test
	void keyWhenTheNextFetchStartsBeforeTheCallerReadsTheKeysItsFetchBroughtThenThoseKeysAnswer() throws Exception {
		// The caller's own fetch brings keys without its kid; before the caller reads them,
		// the next fetch (a background refresh, say) is under way. The keys published
		// answer the caller: its kid is unknown, not the keys unavailable.
		AtomicReference<Thread> lookup = new AtomicReference<>();
		AtomicBoolean published = new AtomicBoolean();
		AtomicReference<JwksKeySource> source = new AtomicReference<>();
		AtomicReference<CompletableFuture<Boolean>> next = new AtomicReference<>();
		CountDownLatch nextEntered = new CountDownLatch(1);
		CountDownLatch nextRelease = new CountDownLatch(1);
		Clock clock = new Clock() {

			@Override
			public Instant instant() {
				if (Thread.currentThread() == lookup.get() && published.compareAndSet(true, false)) {
					// the caller's first look at the clock after its fetch published keys
					next.set(CompletableFuture.supplyAsync(() -> source.get().refreshNow(),
							JwksKeySourceCooldownTests.this.pool));
					try {
						assertThat(nextEntered.await(10, TimeUnit.SECONDS)).isTrue();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}
				return JwksKeySourceCooldownTests.this.clock.instant();
			}

			@Override
			public ZoneId getZone() {
				return ZoneOffset.UTC;
			}

			@Override
			public Clock withZone(ZoneId zone) {
				throw new UnsupportedOperationException();
			}

		};
		JwksFetchObserver observer = (uri, onDemand) -> new JwksFetchObserver.Fetch() {

			@Override
			public void succeeded(int keys) {
				if (Thread.currentThread() == lookup.get()) {
					published.set(true);
				}
			}

			@Override
			public void failed(Throwable error) {
			}

		};
		source.set(JwksKeySource.fromUri(URI.create("https://keys.example.test/jwks.json"))
			.clock(clock)
			.refreshCooldown(Duration.ofSeconds(30))
			.fetchObserver(observer)
			.fetcher(() -> {
				if (this.fetches.incrementAndGet() == 3) {
					nextEntered.countDown();
					try {
						nextRelease.await(10, TimeUnit.SECONDS);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}
				return this.jwks.get();
			})
			.build());
		JwksKeySource keys = source.get();
		try {
			assertThat(keys.key("k_main").kid()).isEqualTo("k_main");
			this.clock.advance(Duration.ofSeconds(31));
			lookup.set(Thread.currentThread());
			assertThatExceptionOfType(SessionTokenException.class).isThrownBy(() -> keys.key("k_unknown"))
				.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(TryMellonErrorCode.JWT_KID_MISMATCH));
			assertThat(next.get()).as("the next fetch started while the caller looked").isNotNull();
			assertThat(keys.status().lastFailure()).isNull();
			nextRelease.countDown();
			assertThat(next.get().get(10, TimeUnit.SECONDS)).isTrue();
			assertThat(this.fetches).hasValue(3);
		}
		finally {
			nextRelease.countDown();
			keys.close();
		}
	}

	@Test
	void refreshNowWhenWithinTheCooldownThenFetchesAnyway() {
		this.keys.key("k_main");
		assertThat(this.keys.refreshNow()).isTrue();
		assertThat(this.fetches).hasValue(2);
	}

}
