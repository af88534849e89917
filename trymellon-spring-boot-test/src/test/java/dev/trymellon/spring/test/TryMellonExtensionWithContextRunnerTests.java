package dev.trymellon.spring.test;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.trymellon.spring.autoconfigure.TryMellonAutoConfiguration;
import dev.trymellon.spring.session.SessionTokenVerifier;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documented use of {@link TryMellonExtension} with a context runner and the real
 * auto-configuration, key rotation included.
 */
@ExtendWith(TryMellonExtension.class)
class TryMellonExtensionWithContextRunnerTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TryMellonAutoConfiguration.class));

	@Test
	void verifierAcceptsTokensOfTheIssuer(TryMellonTestIssuer issuer) {
		this.runner.withPropertyValues(issuer.propertyValues()).run((context) -> {
			SessionTokenVerifier verifier = context.getBean(SessionTokenVerifier.class);
			assertThat(verifier.verify(issuer.token().userId("u1").build()).getUserId()).isEqualTo("u1");
		});
	}

	@Test
	void verifierFollowsAKeyRotation(TryMellonTestIssuer issuer) {
		// the default cooldown (30 s) would hold back the refresh that an unknown kid causes
		this.runner.withPropertyValues(issuer.propertyValues())
			.withPropertyValues("trymellon.jwks.refresh-cooldown=0s")
			.run((context) -> {
				SessionTokenVerifier verifier = context.getBean(SessionTokenVerifier.class);
				String before = issuer.token().userId("u1").build();
				assertThat(verifier.verify(before).getKeyId()).isEqualTo(issuer.getKeyId());
				String next = issuer.rotateKey();
				assertThat(verifier.verify(issuer.token().userId("u2").build()).getKeyId()).isEqualTo(next);
				assertThat(verifier.verify(before).getUserId()).isEqualTo("u1");
			});
	}

}
