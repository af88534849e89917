package dev.trymellon.spring.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ResourceLoader;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * for TryMellon session tokens: binds {@link TryMellonProperties} and exposes one
 * {@link dev.trymellon.spring.session.SessionTokenVerifier} bean, the full offline
 * verification path. Needs no web or Spring Security classes.
 *
 * @author TryMellon
 * @since 0.1.0
 */
@AutoConfiguration
@EnableConfigurationProperties(TryMellonProperties.class)
@Import(SessionTokenVerifierConfiguration.class)
public final class TryMellonAutoConfiguration {

	@Bean
	UnknownPropertiesReporter trymellonUnknownPropertiesReporter(ConfigurableEnvironment environment,
			ResourceLoader resourceLoader) {
		return new UnknownPropertiesReporter(environment, resourceLoader.getClassLoader());
	}

}
