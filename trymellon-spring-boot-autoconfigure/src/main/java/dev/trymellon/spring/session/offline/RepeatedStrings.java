package dev.trymellon.spring.session.offline;

import org.jspecify.annotations.Nullable;

/**
 * Shares the claim values that tokens repeat: most claims of a deployment's tokens hold
 * one of a few values (its issuer, audience, tenant, application, roles, plan), and a
 * verified token's session stays in the cache, so each of its strings would otherwise be
 * held once per cached token. A fixed table of the latest short strings seen, indexed by
 * hash: a string equal to the one in its slot is replaced by that one, any other takes
 * the slot. Bounded (at most {@value #SLOTS} strings of at most {@value #MAX_LENGTH}
 * characters), never a lock; only verified tokens' claims are ever put in.
 * <p>
 * Slots are read and written without synchronization: a {@link String} is immutable with
 * final fields, so a thread that reads another's reference sees the whole string, and a
 * lost write only costs a missed share.
 */
final class RepeatedStrings {

	static final int SLOTS = 1024;

	static final int MAX_LENGTH = 64;

	private final @Nullable String[] table = new String[SLOTS];

	/**
	 * Returns an equal string held before, or remembers this one.
	 * @param value a claim value
	 * @return the shared equal string, or {@code value}
	 */
	String share(String value) {
		if (value.length() > MAX_LENGTH) {
			return value;
		}
		int hash = value.hashCode();
		int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
		String held = this.table[slot];
		if (held != null && held.equals(value)) {
			return held;
		}
		this.table[slot] = value;
		return value;
	}

}
