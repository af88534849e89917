package dev.trymellon.spring.autoconfigure.actuate;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.trymellon.spring.actuate.SessionTokenMetrics;
import dev.trymellon.spring.authority.ClaimsSessionAuthoritiesMapper;
import dev.trymellon.spring.authority.LookupSessionAuthoritiesMapper;
import dev.trymellon.spring.authority.SessionAuthoritiesMapper;
import dev.trymellon.spring.autoconfigure.TryMellonAutoConfiguration;
import dev.trymellon.spring.autoconfigure.security.TryMellonSecurityAutoConfiguration;
import dev.trymellon.spring.session.offline.JwksKeySource;
import dev.trymellon.spring.session.offline.OfflineSessionTokenVerifier;
import dev.trymellon.spring.session.offline.VerifiedTokenCache;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the session token meters ({@link SessionTokenMetrics}) when
 * Micrometer and a {@link MeterRegistry} are present. Spring Boot binds the
 * {@link io.micrometer.core.instrument.binder.MeterBinder} to every registry, and the
 * offline verifier reports each outcome to it. Also counts the custom-claim values the
 * {@link ClaimsSessionAuthoritiesMapper} ignored ({@code trymellon.authorities.ignored}).
 *
 * @author TryMellon
 * @since 0.1.0
 */
@AutoConfiguration(after = { TryMellonAutoConfiguration.class, TryMellonSecurityAutoConfiguration.class },
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
public final class TryMellonMetricsAutoConfiguration {

	@Bean
	@ConditionalOnBean(OfflineSessionTokenVerifier.class)
	@ConditionalOnMissingBean
	SessionTokenMetrics tryMellonSessionTokenMetrics(ObjectProvider<JwksKeySource> keys,
			ObjectProvider<VerifiedTokenCache> cache) {
		return new SessionTokenMetrics(keys.getIfUnique(), cache.getIfUnique());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.security.core.GrantedAuthority")
	@ConditionalOnBean(SessionAuthoritiesMapper.class)
	static class AuthorityMetricsConfiguration {

		@Bean
		MeterBinder tryMellonAuthorityMetrics(ObjectProvider<SessionAuthoritiesMapper> mapper) {
			return (registry) -> {
				SessionAuthoritiesMapper candidate = mapper.getIfUnique();
				if (candidate instanceof LookupSessionAuthoritiesMapper lookup) {
					candidate = lookup.getDelegate();
				}
				if (candidate instanceof ClaimsSessionAuthoritiesMapper claims) {
					FunctionCounter
						.builder("trymellon.authorities.ignored", claims,
								ClaimsSessionAuthoritiesMapper::getIgnoredValueCount)
						.description("Custom claim values that granted no authority because they are not canonical")
						.register(registry);
				}
			};
		}

	}

}
