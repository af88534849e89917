package dev.trymellon.spring.autoconfigure.actuate;

import io.micrometer.core.instrument.MeterRegistry;

import dev.trymellon.spring.actuate.SessionTokenMetrics;
import dev.trymellon.spring.autoconfigure.TryMellonAutoConfiguration;
import dev.trymellon.spring.session.offline.JwksKeySource;
import dev.trymellon.spring.session.offline.OfflineSessionTokenVerifier;
import dev.trymellon.spring.session.offline.VerifiedTokenCache;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the session token meters ({@link SessionTokenMetrics}) when
 * Micrometer and a {@link MeterRegistry} are present. Spring Boot binds the
 * {@link io.micrometer.core.instrument.binder.MeterBinder} to every registry, and the
 * offline verifier reports each outcome to it.
 *
 * @author TryMellon
 * @since 0.1.0
 */
@AutoConfiguration(after = TryMellonAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, OfflineSessionTokenVerifier.class })
public final class TryMellonMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SessionTokenMetrics tryMellonSessionTokenMetrics(ObjectProvider<JwksKeySource> keys,
			ObjectProvider<VerifiedTokenCache> cache) {
		return new SessionTokenMetrics(keys.getIfUnique(), cache.getIfUnique());
	}

}
