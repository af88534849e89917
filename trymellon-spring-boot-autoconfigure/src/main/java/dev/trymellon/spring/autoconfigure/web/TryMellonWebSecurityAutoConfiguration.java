package dev.trymellon.spring.autoconfigure.web;

import dev.trymellon.spring.autoconfigure.TryMellonAutoConfiguration;
import dev.trymellon.spring.autoconfigure.TryMellonProperties;
import dev.trymellon.spring.autoconfigure.security.TryMellonSecurityAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.web.servlet.ConditionalOnDefaultWebSecurity;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * of TryMellon web security in a servlet application: when the application declares no
 * {@link SecurityFilterChain} of its own, a default chain in which every request needs a
 * valid TryMellon session except {@code /actuator/health} and
 * {@code trymellon.security.permit-paths}. Applications that declare their own chains
 * opt in with {@code http.with(TryMellonConfigurer.tryMellon(), withDefaults())}. In both
 * cases the configurer takes its token resolver and authentication manager resolver from
 * beans declared here; the latter also keeps Spring Boot from creating its in-memory user
 * with a generated password. Backs off in reactive and non-web applications.
 *
 * @author TryMellon
 * @since 0.1.0
 */
@AutoConfiguration(after = { TryMellonAutoConfiguration.class, TryMellonSecurityAutoConfiguration.class },
		beforeName = {
				// Spring Boot 4.0 and 4.1 names of the resource server's default chain
				"org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration",
				"org.springframework.boot.security.oauth2.server.resource.autoconfigure.web.OAuth2ResourceServerWebSecurityAutoConfiguration",
				"org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
				"org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
				"org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
				"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration" })
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ SecurityFilterChain.class, HttpSecurity.class, ConditionalOnDefaultWebSecurity.class })
@EnableConfigurationProperties(TryMellonProperties.class)
@Import({ TryMellonAuthenticationConfiguration.class, DefaultSecurityFilterChainConfiguration.class })
public final class TryMellonWebSecurityAutoConfiguration {

}
