package dev.trymellon.spring.redis;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.trymellon.spring.revocation.Revocation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The text form revocations take in Redis and on the channel.
 */
class RevocationEncodingTests {

	@Test
	void encodeThenDecodeKeepsEveryField() {
		Instant now = Instant.ofEpochMilli(1_700_000_000_123L);
		Revocation session = Revocation.session("s:1:2", "u:1", now, now.plusSeconds(60));
		assertThat(RevocationKeyspace.decode(RevocationKeyspace.encode(session))).isEqualTo(session);
		Revocation bare = Revocation.session("s", null, now, now);
		assertThat(RevocationKeyspace.decode(RevocationKeyspace.encode(bare))).isEqualTo(bare);
		assertThat(RevocationKeyspace.decode("SESSION:1:2:9:abc")).isNull();
		assertThat(RevocationKeyspace.decode("NOPE:1:2:0:abc")).isNull();
	}

	@Test
	void scanPatternTakesThePrefixLiterally() {
		assertThat(RevocationKeyspace.pattern("app:*[x]?\\:revocation:"))
			.isEqualTo("app:\\*\\[x\\]\\?\\\\:revocation:*");
		assertThat(RevocationKeyspace.pattern("trymellon:revocation:")).isEqualTo("trymellon:revocation:*");
	}

}
