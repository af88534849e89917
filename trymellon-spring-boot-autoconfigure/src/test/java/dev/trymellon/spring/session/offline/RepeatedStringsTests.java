package dev.trymellon.spring.session.offline;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Repeated claim values share one instance; the table stays bounded.
 */
class RepeatedStringsTests {

	private static String fresh(String value) {
		return new String(value.toCharArray());
	}

	@Test
	void equalValueSeenBeforeThenTheInstanceSeenFirst() {
		RepeatedStrings repeated = new RepeatedStrings();
		String first = fresh("tenant_1");
		assertThat(repeated.share(first)).isSameAs(first);
		String second = fresh("tenant_1");
		assertThat(repeated.share(second)).isSameAs(first).isNotSameAs(second);
	}

	@Test
	void otherValueThenItselfAndItTakesTheSlot() {
		RepeatedStrings repeated = new RepeatedStrings();
		String first = fresh("pro");
		repeated.share(first);
		String other = fresh("enterprise");
		assertThat(repeated.share(other)).isSameAs(other);
		assertThat(repeated.share(fresh("enterprise"))).isSameAs(other);
	}

	@Test
	void longValueThenNeverHeld() {
		RepeatedStrings repeated = new RepeatedStrings();
		String longValue = "x".repeat(RepeatedStrings.MAX_LENGTH + 1);
		assertThat(repeated.share(longValue)).isSameAs(longValue);
		String again = fresh(longValue);
		assertThat(repeated.share(again)).isSameAs(again);
		String limit = "y".repeat(RepeatedStrings.MAX_LENGTH);
		repeated.share(limit);
		assertThat(repeated.share(fresh(limit))).isSameAs(limit);
	}

	@Test
	void moreValuesThanSlotsThenEachItselfAndTheLatestStillShared() {
		RepeatedStrings repeated = new RepeatedStrings();
		String latest = null;
		for (int i = 0; i < 4 * RepeatedStrings.SLOTS; i++) {
			latest = "value_" + i;
			assertThat(repeated.share(latest)).isSameAs(latest);
		}
		assertThat(repeated.share(fresh(latest))).isSameAs(latest);
	}

}
