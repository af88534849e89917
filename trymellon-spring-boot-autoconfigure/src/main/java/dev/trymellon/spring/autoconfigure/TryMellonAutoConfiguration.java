package dev.trymellon.spring.autoconfigure;

import dev.trymellon.spring.revocation.RevocationStore;
import dev.trymellon.spring.session.SessionTokenVerifier;
import dev.trymellon.spring.session.offline.JwksKeySource;
import dev.trymellon.spring.session.offline.VerifiedTokenCache;
import dev.trymellon.spring.webhook.TryMellonWebhookReceiver;

import org.springframework.beans.factory.ObjectProvider;
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

	@Bean
	TryMellonStartupSummary trymellonStartupSummary(TryMellonProperties properties,
			ObjectProvider<SessionTokenVerifier> verifier, ObjectProvider<JwksKeySource> keys,
			ObjectProvider<VerifiedTokenCache> cache, ObjectProvider<RevocationStore> revocationStore,
			ObjectProvider<TryMellonWebhookReceiver> webhookReceiver) {
		return new TryMellonStartupSummary(properties, verifier, keys, cache, revocationStore, webhookReceiver);
	}

}
