package dev.trymellon.spring.testfixtures;

import com.nimbusds.jose.jwk.JWKSet;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Publishes {@link TestTokens#KEY} as a static {@link JWKSet} bean: the verifier uses it
 * and never fetches anything.
 */
@Configuration(proxyBeanMethods = false)
public class StaticKeysConfiguration {

	@Bean
	JWKSet tryMellonKeys() {
		return TestTokens.publicJwkSet(TestTokens.KEY);
	}

}
