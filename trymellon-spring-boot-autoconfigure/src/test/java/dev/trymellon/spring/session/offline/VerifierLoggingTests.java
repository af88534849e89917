package dev.trymellon.spring.session.offline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.testfixtures.TestTokens;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * With DEBUG logging on, no log line holds a token or a token's signature, whatever the
 * rejection.
 */
@ExtendWith(OutputCaptureExtension.class)
class VerifierLoggingTests {

	private final Logger logger = (Logger) LoggerFactory.getLogger("dev.trymellon");

	private Level previous;

	@BeforeEach
	void debug() {
		this.previous = this.logger.getLevel();
		this.logger.setLevel(Level.DEBUG);
	}

	@AfterEach
	void restore() {
		this.logger.setLevel(this.previous);
	}

	@Test
	void verifyWhenRejectingAtEveryStageThenNoTokenIsLogged(CapturedOutput output) {
		Instant now = Instant.now();
		OfflineSessionTokenVerifier verifier = OfflineSessionTokenVerifier
			.withKeys(JwksKeySource.fromJwkSet(TestTokens.publicJwkSet(TestTokens.KEY), Set.of(JWSAlgorithm.RS256)))
			.issuer(TestTokens.ISSUER)
			.audiences(List.of(TestTokens.CLIENT_ID))
			.build();
		List<String> tokens = new ArrayList<>();
		tokens.add(TestTokens.token(now, (claims) -> claims.audience("other")));
		tokens.add(TestTokens.token(now.minusSeconds(7200)));
		tokens.add(TestTokens.token(now, (claims) -> claims.issuer("https://evil.example")));
		tokens.add(TestTokens.sign(TestTokens.ATTACKER_KEY,
				new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k_main").build(), TestTokens.claims(now).build()));
		tokens.add(TestTokens.sign(TestTokens.KEY, new JWSHeader.Builder(JWSAlgorithm.RS384).keyID("k_main").build(),
				TestTokens.claims(now).build()));
		tokens.add(TestTokens.b64("{\"alg\":\"RS256\\nFAKE LOG LINE\",\"kid\":\"k_main\"}") + "."
				+ TestTokens.b64("{}") + ".c2ln");
		for (String token : tokens) {
			assertThatExceptionOfType(SessionTokenException.class).isThrownBy(() -> verifier.verify(token))
				.withMessageNotContaining(token);
		}
		assertThat(output.getAll()).contains("Session token rejected");
		for (String token : tokens) {
			assertThat(output.getAll()).doesNotContain(token)
				.doesNotContain(token.substring(token.lastIndexOf('.') + 1));
		}
		assertThat(output.getAll()).doesNotContain("\nFAKE LOG LINE");
	}

}
