package dev.trymellon.spring.autoconfigure.security;

import dev.trymellon.spring.authority.ClaimsSessionAuthoritiesMapper;
import dev.trymellon.spring.authority.ClaimsSessionAuthoritiesMapper.ClaimMapping;
import dev.trymellon.spring.authority.SessionAuthoritiesMapper;
import dev.trymellon.spring.autoconfigure.TryMellonAutoConfiguration;
import dev.trymellon.spring.autoconfigure.TryMellonProperties;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.GrantedAuthority;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * of the {@link SessionAuthoritiesMapper}: a {@link ClaimsSessionAuthoritiesMapper}
 * driven by {@code trymellon.authorities.*}, unless the application declares its own
 * mapper. Needs Spring Security's core classes but no web application, so the mapper is
 * available in servlet, reactive and non-web applications alike.
 *
 * @author TryMellon
 * @since 0.1.0
 */
@AutoConfiguration(after = TryMellonAutoConfiguration.class)
@ConditionalOnClass(GrantedAuthority.class)
@EnableConfigurationProperties(TryMellonProperties.class)
public final class TryMellonSecurityAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(SessionAuthoritiesMapper.class)
	ClaimsSessionAuthoritiesMapper tryMellonSessionAuthoritiesMapper(TryMellonProperties properties) {
		TryMellonProperties.Authorities authorities = properties.getAuthorities();
		ClaimsSessionAuthoritiesMapper mapper = new ClaimsSessionAuthoritiesMapper();
		mapper.setRoleClaims(authorities.getRoleClaims());
		mapper.setDefaultAuthorities(authorities.getDefaultAuthorities());
		authorities.getClaims().forEach((claim, mapping) -> {
			if (claim.isBlank()) {
				throw new InvalidConfigurationPropertyValueException("trymellon.authorities.claims", claim,
						"Claim names must not be blank");
			}
			if (mapping.getDelimiter() == null) {
				throw new InvalidConfigurationPropertyValueException(
						"trymellon.authorities.claims." + claim + ".delimiter", null,
						"Must not be null; use an empty value for no splitting");
			}
			mapper.addClaimMapping(claim,
					new ClaimMapping(mapping.getPrefix(), mapping.getDelimiter(), mapping.isUpperCase()));
		});
		return mapper;
	}

}
