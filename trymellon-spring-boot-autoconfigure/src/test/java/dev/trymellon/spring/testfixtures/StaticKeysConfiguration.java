package dev.trymellon.spring.testfixtures;

import dev.trymellon.spring.session.offline.JwksKeySource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Declares a static {@link JwksKeySource} of {@link TestTokens#KEY}: the verifier uses it
 * and never fetches anything.
 */
@Configuration(proxyBeanMethods = false)
public class StaticKeysConfiguration {

	@Bean
	JwksKeySource tryMellonKeys() {
		return TestTokens.keySource(TestTokens.KEY);
	}

}
