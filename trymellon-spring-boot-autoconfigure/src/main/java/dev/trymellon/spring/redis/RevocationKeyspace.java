package dev.trymellon.spring.redis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.revocation.Revocation;

import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * How revocations are kept in Redis: one key per revocation,
 * {@code <prefix>revocation:<kind>:<id>}, whose value (also the pub/sub message) is
 * {@code KIND:revokedAtMillis:untilMillis:userIdLength:} then the user id (possibly
 * empty) and the id, so that ids may contain any character (for a token, the id is its
 * {@link Revocation#tokenHash(String) hash}); the Lua script that merges a
 * revocation into the stored one; and the bulk read of them all.
 *
 * @author TryMellon
 */
final class RevocationKeyspace {

	private static final Log logger = LogFactory.getLog(RedisRevocationStore.class);

	/**
	 * Merges a revocation into the one stored under {@code KEYS[1]}, sets the result with
	 * a TTL ending at its {@code until}, publishes it and returns it (nil when already
	 * expired). {@code ARGV}: kind, revokedAt, until (epoch milliseconds), the encoded
	 * tail, {@code 1} when the tail names a user, the id, now, the channel. A stored
	 * value of another kind or id, or one that cannot be read, is replaced. Times are
	 * kept as the strings they were written as, never re-formatted from Lua numbers.
	 */
	static final RedisScript<String> MERGE = RedisScript.of("""
			local kind, revokedAt, untilAt, tail = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
			local current = redis.call('GET', KEYS[1])
			if current then
				local _, e, k, r, u = string.find(current, '^(%u+):(%-?%d+):(%-?%d+):')
				local id = ARGV[6]
				if e and k == kind and #current - e > #id and string.sub(current, -#id) == id then
					if tonumber(r) > tonumber(revokedAt) then revokedAt = r end
					if tonumber(u) > tonumber(untilAt) then untilAt = u end
					if ARGV[5] ~= '1' then tail = string.sub(current, e + 1) end
				end
			end
			local ttl = tonumber(untilAt) - tonumber(ARGV[7])
			if ttl <= 0 then return false end
			local merged = kind .. ':' .. revokedAt .. ':' .. untilAt .. ':' .. tail
			redis.call('SET', KEYS[1], merged, 'PX', string.format('%d', ttl))
			redis.call('PUBLISH', ARGV[8], merged)
			return merged
			""", String.class);

	/** Keys per {@code SCAN} page and per {@code MGET}. */
	static final int BATCH_SIZE = 1000;

	private RevocationKeyspace() {
	}

	/**
	 * Runs {@link #MERGE} for the revocation: one atomic merge into the stored one, and
	 * its publication on the channel.
	 * @param now the time the TTL is computed from, epoch milliseconds
	 */
	static void merge(StringRedisTemplate redis, String keyPrefix, String channel, Revocation revocation, long now) {
		redis.execute(MERGE, List.of(key(keyPrefix, revocation)), revocation.kind().name(),
				Long.toString(revocation.revokedAt().toEpochMilli()), Long.toString(revocation.until().toEpochMilli()),
				tail(revocation), (revocation.userId() != null) ? "1" : "0", revocation.id(), Long.toString(now),
				channel);
	}

	/**
	 * Reads every revocation under the prefix, in bulk: the keys by {@code SCAN}, their
	 * values by {@code MGET}, {@value #BATCH_SIZE} at a time, so that {@code N}
	 * revocations cost about {@code 2N/BATCH_SIZE} commands, not {@code N}.
	 * @param redis the connections
	 * @param keyPrefix the revocation key prefix
	 * @param sink receives each revocation read
	 * @return how many were read
	 */
	static int readAll(StringRedisTemplate redis, String keyPrefix, Consumer<Revocation> sink) {
		int count = 0;
		List<String> batch = new ArrayList<>(BATCH_SIZE);
		ScanOptions options = ScanOptions.scanOptions().match(pattern(keyPrefix)).count(BATCH_SIZE).build();
		try (Cursor<String> keys = redis.scan(options)) {
			while (keys.hasNext()) {
				batch.add(keys.next());
				if (batch.size() == BATCH_SIZE) {
					count += read(redis, batch, sink);
					batch.clear();
				}
			}
		}
		if (!batch.isEmpty()) {
			count += read(redis, batch, sink);
		}
		return count;
	}

	private static int read(StringRedisTemplate redis, List<String> keys, Consumer<Revocation> sink) {
		List<String> values = redis.opsForValue().multiGet(keys);
		int count = 0;
		if (values != null) {
			for (String value : values) {
				// null: the key expired between SCAN and MGET.
				Revocation revocation = (value != null) ? decode(value) : null;
				if (revocation != null) {
					sink.accept(revocation);
					count++;
				}
			}
		}
		return count;
	}

	/** The key of a revocation under the revocation key prefix. */
	static String key(String keyPrefix, Revocation revocation) {
		return keyPrefix + revocation.kind().name().toLowerCase(Locale.ROOT) + ":" + revocation.id();
	}

	/** A {@code SCAN MATCH} pattern for every key under the prefix, taken literally. */
	static String pattern(String keyPrefix) {
		StringBuilder pattern = new StringBuilder(keyPrefix.length() + 1);
		for (int i = 0; i < keyPrefix.length(); i++) {
			char c = keyPrefix.charAt(i);
			if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
				pattern.append('\\');
			}
			pattern.append(c);
		}
		return pattern.append('*').toString();
	}

	static String encode(Revocation revocation) {
		return revocation.kind().name() + ":" + revocation.revokedAt().toEpochMilli() + ":"
				+ revocation.until().toEpochMilli() + ":" + tail(revocation);
	}

	/** What follows the times: {@code userIdLength:}, the user id and the id. */
	static String tail(Revocation revocation) {
		String userId = (revocation.userId() != null) ? revocation.userId() : "";
		return userId.length() + ":" + userId + revocation.id();
	}

	/** The revocation, or {@code null} (logged) when the value cannot be read. */
	static @Nullable Revocation decode(String value) {
		try {
			String[] head = value.split(":", 5);
			if (head.length != 5) {
				throw new IllegalArgumentException("too few fields");
			}
			Revocation.Kind kind = Revocation.Kind.valueOf(head[0]);
			Instant revokedAt = Instant.ofEpochMilli(Long.parseLong(head[1]));
			Instant until = Instant.ofEpochMilli(Long.parseLong(head[2]));
			int userIdLength = Integer.parseInt(head[3]);
			String rest = head[4];
			if (userIdLength < 0 || userIdLength >= rest.length()) {
				throw new IllegalArgumentException("bad user id length");
			}
			String userId = rest.substring(0, userIdLength);
			return new Revocation(kind, rest.substring(userIdLength), userId.isEmpty() ? null : userId, revokedAt,
					until);
		}
		catch (RuntimeException ex) {
			logger.warn("Ignoring a malformed TryMellon revocation read from Redis (" + ex.getMessage() + ")");
			return null;
		}
	}

}
