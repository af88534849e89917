package dev.trymellon.spring.web.reactive;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.trymellon.spring.session.offline.JwksKeySource;
import dev.trymellon.spring.session.offline.OfflineSessionTokenVerifier;
import dev.trymellon.spring.testfixtures.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which tokens may block, and the lenient reading of their {@code kid}.
 */
class BlockingVerificationTests {

	@Test
	void kidWhenCompactJwsThenItsHeaderKid() {
		assertThat(TokenHeaderKid.read(TestTokens.token(Instant.now()))).isEqualTo("k_main");
	}

	@Test
	void kidWhenAfterOtherMembersAndNestedObjectsThenFound() {
		String header = TestTokens.b64("{\"alg\":\"RS256\",\"x\":{\"kid\":\"inner\",\"a\":[1,{}]},\"kid\":\"outer\"}");
		assertThat(TokenHeaderKid.read(header + ".e30.sig")).isEqualTo("outer");
	}

	@Test
	void kidWhenNoneOrNotAStringOrEmptyThenNull() {
		assertThat(TokenHeaderKid.read(TestTokens.b64("{\"alg\":\"RS256\"}") + ".e30.sig")).isNull();
		assertThat(TokenHeaderKid.read(TestTokens.b64("{\"kid\":5}") + ".e30.sig")).isNull();
		assertThat(TokenHeaderKid.read(TestTokens.b64("{\"kid\":\"\"}") + ".e30.sig")).isNull();
	}

	@Test
	void kidWhenNotAJwsThenNull() {
		assertThat(TokenHeaderKid.read("trymellon_sandbox_session_token_v1")).isNull();
		assertThat(TokenHeaderKid.read("!!!.e30.sig")).isNull();
		assertThat(TokenHeaderKid.read(TestTokens.b64("[1,2]") + ".e30.sig")).isNull();
		assertThat(TokenHeaderKid.read(TestTokens.b64("{\"kid\":") + ".e30.sig")).isNull();
		assertThat(TokenHeaderKid.read(".e30.sig")).isNull();
	}

	@Test
	void staticKeysNeverBlock() {
		JwksKeySource keys = TestTokens.keySource(TestTokens.KEY);
		BlockingVerification blocking = BlockingVerification
			.of(OfflineSessionTokenVerifier.withKeys(keys).withoutIssuerCheck().withoutAudienceCheck().build());
		assertThat(blocking.mayBlock(TestTokens.token(Instant.now()))).isFalse();
		assertThat(blocking.mayBlock("not a token")).isFalse();
	}

	@Test
	void otherVerifiersAlwaysMayBlock() {
		BlockingVerification blocking = BlockingVerification.of((token) -> {
			throw new IllegalStateException("not called");
		});
		assertThat(blocking.mayBlock("anything")).isTrue();
	}

}
