package dev.trymellon.spring.autoconfigure.web.reactive;

import dev.trymellon.spring.autoconfigure.TryMellonAutoConfiguration;
import dev.trymellon.spring.autoconfigure.TryMellonProperties;
import dev.trymellon.spring.autoconfigure.security.TryMellonSecurityAutoConfiguration;
import dev.trymellon.spring.web.reactive.TryMellonReactiveConfigurer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * of TryMellon web security in a reactive (WebFlux) application: when the application
 * declares no {@link SecurityWebFilterChain} of its own, a default chain in which every
 * exchange needs a valid TryMellon session except {@code /actuator/health} and
 * {@code trymellon.security.permit-paths}. Applications that declare their own chains opt
 * in with {@link TryMellonReactiveConfigurer}. In both cases the configurer takes its
 * converter and authentication manager resolver from beans declared here; the latter
 * also keeps Spring Boot from creating its in-memory user with a generated password.
 * Backs off in servlet and non-web applications.
 *
 * @author TryMellon
 * @since 0.2.0
 */
@AutoConfiguration(after = { TryMellonAutoConfiguration.class, TryMellonSecurityAutoConfiguration.class },
		beforeName = {
				"org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration",
				"org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration",
				"org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration",
				"org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration" })
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnClass({ SecurityWebFilterChain.class, ServerHttpSecurity.class, EnableWebFluxSecurity.class })
@EnableConfigurationProperties(TryMellonProperties.class)
@Import({ ReactiveAuthenticationConfiguration.class, DefaultSecurityWebFilterChainConfiguration.class })
public final class TryMellonReactiveWebSecurityAutoConfiguration {

}
