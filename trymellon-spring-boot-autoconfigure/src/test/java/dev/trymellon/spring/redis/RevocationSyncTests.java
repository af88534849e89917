package dev.trymellon.spring.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.trymellon.spring.redis.RevocationSyncObserver.Completion;
import dev.trymellon.spring.revocation.RevocationStoreStatus;
import dev.trymellon.spring.testfixtures.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The last known state of the Redis calls, and the observer told about each.
 */
class RevocationSyncTests {

	private final MutableClock clock = MutableClock.at("2026-11-28T10:00:00Z");

	private final RevocationSync sync = new RevocationSync(this.clock);

	private final List<String> observed = new ArrayList<>();

	@Test
	void statusWhenNoCallYetThenReachabilityUnknown() {
		RevocationStoreStatus status = this.sync.status(3);
		assertThat(status.kind()).isEqualTo("redis");
		assertThat(status.size()).isEqualTo(3);
		assertThat(status.shared()).isTrue();
		assertThat(status.reachable()).isNull();
		assertThat(status.lastResync()).isNull();
	}

	@Test
	void statusWhenLatestCallFailedThenUnreachableWithCauseUntilNextSuccess() {
		this.sync.setObserver(this::observe);
		assertThat(this.sync.resync(() -> 4)).isEqualTo(4);
		this.clock.advance(Duration.ofSeconds(10));
		assertThatIllegalStateException().isThrownBy(() -> this.sync.publish(() -> {
			throw new IllegalStateException("wrapper", new java.net.ConnectException("Connection refused"));
		}));
		RevocationStoreStatus down = this.sync.status(0);
		assertThat(down.reachable()).isFalse();
		assertThat(down.lastFailure()).isEqualTo("ConnectException: Connection refused");
		assertThat(down.lastResync()).isEqualTo(this.clock.instant().minusSeconds(10));
		this.clock.advance(Duration.ofSeconds(10));
		this.sync.publish(() -> {
		});
		RevocationStoreStatus up = this.sync.status(0);
		assertThat(up.reachable()).isTrue();
		assertThat(up.lastFailure()).isNull();
		assertThat(up.lastResync()).isEqualTo(this.clock.instant().minusSeconds(20));
		assertThat(this.observed).containsExactly("RESYNC ok 4", "PUBLISH failed IllegalStateException",
				"PUBLISH ok 1");
	}

	private Completion observe(RevocationSyncObserver.Operation operation) {
		return new Completion() {

			@Override
			public void succeeded(int revocations) {
				RevocationSyncTests.this.observed.add(operation + " ok " + revocations);
			}

			@Override
			public void failed(Throwable error) {
				RevocationSyncTests.this.observed.add(operation + " failed " + error.getClass().getSimpleName());
			}

		};
	}

}
