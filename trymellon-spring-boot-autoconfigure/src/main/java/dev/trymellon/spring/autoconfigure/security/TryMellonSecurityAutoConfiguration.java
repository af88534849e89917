package dev.trymellon.spring.autoconfigure.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.authority.ClaimsSessionAuthoritiesMapper;
import dev.trymellon.spring.authority.ClaimsSessionAuthoritiesMapper.ClaimMapping;
import dev.trymellon.spring.authority.LookupSessionAuthoritiesMapper;
import dev.trymellon.spring.authority.SessionAuthoritiesMapper;
import dev.trymellon.spring.authority.UserAuthoritiesLookup;
import dev.trymellon.spring.autoconfigure.TryMellonAutoConfiguration;
import dev.trymellon.spring.autoconfigure.TryMellonProperties;
import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.web.SessionFactors;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.util.StringUtils;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * of the {@link SessionAuthoritiesMapper}: a {@link ClaimsSessionAuthoritiesMapper}
 * driven by {@code trymellon.authorities.*}, composed with the application's
 * {@link UserAuthoritiesLookup} bean behind a cache ({@link LookupSessionAuthoritiesMapper})
 * when there is one, unless the application declares its own mapper; and the
 * {@link SessionFactors} of {@code trymellon.authorities.webauthn-factor.*}. Needs Spring Security's core classes
 * but no web application, so the mapper is available in servlet, reactive and non-web
 * applications alike.
 *
 * @author TryMellon
 * @since 0.1.0
 */
@AutoConfiguration(after = TryMellonAutoConfiguration.class)
@ConditionalOnClass(GrantedAuthority.class)
@EnableConfigurationProperties(TryMellonProperties.class)
public final class TryMellonSecurityAutoConfiguration {

	private static final Log logger = LogFactory.getLog(TryMellonSecurityAutoConfiguration.class);

	static final String PROPERTY_PREFIX = "trymellon.authorities.";

	static final String WEBAUTHN_FACTOR = PROPERTY_PREFIX + "webauthn-factor.";

	static final String DOCUMENTATION = "'Custom claims are chosen by the end user' in docs/configuration.md";

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(UserAuthoritiesLookup.class)
	static class ClaimsMapperConfiguration {

		@Bean
		@ConditionalOnMissingBean(SessionAuthoritiesMapper.class)
		ClaimsSessionAuthoritiesMapper tryMellonSessionAuthoritiesMapper(TryMellonProperties properties) {
			return claimsMapper(properties.getAuthorities());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(UserAuthoritiesLookup.class)
	static class LookupMapperConfiguration {

		@Bean
		@ConditionalOnMissingBean(SessionAuthoritiesMapper.class)
		LookupSessionAuthoritiesMapper tryMellonSessionAuthoritiesMapper(TryMellonProperties properties,
				UserAuthoritiesLookup lookup) {
			TryMellonProperties.Authorities authorities = properties.getAuthorities();
			TryMellonProperties.Authorities.Cache cache = authorities.getCache();
			Duration ttl = Objects.requireNonNullElse(cache.getTtl(),
					LookupSessionAuthoritiesMapper.DEFAULT_TIME_TO_LIVE);
			if (ttl.isNegative()) {
				throw new InvalidConfigurationPropertyValueException(PROPERTY_PREFIX + "cache.ttl", ttl,
						"Must not be negative; zero asks the UserAuthoritiesLookup on every request");
			}
			long maxSize = Objects.requireNonNullElse(cache.getMaxSize(),
					LookupSessionAuthoritiesMapper.DEFAULT_MAXIMUM_SIZE);
			if (maxSize < 1) {
				throw new InvalidConfigurationPropertyValueException(PROPERTY_PREFIX + "cache.max-size", maxSize,
						"Must be at least 1");
			}
			return new LookupSessionAuthoritiesMapper(claimsMapper(authorities), lookup, ttl, maxSize);
		}

		@Bean
		UserAuthoritiesEvictionListener tryMellonUserAuthoritiesEvictionListener(
				ObjectProvider<LookupSessionAuthoritiesMapper> mappers) {
			return new UserAuthoritiesEvictionListener(mappers);
		}

	}

	@Bean
	@ConditionalOnMissingBean(SessionFactors.class)
	SessionFactors tryMellonSessionFactors(TryMellonProperties properties) {
		return sessionFactors(properties.getAuthorities().getWebauthnFactor());
	}

	static SessionFactors sessionFactors(TryMellonProperties.Authorities.WebauthnFactor factor) {
		String claim = trimmedOrNull(factor.getClaim());
		String value = trimmedOrNull(factor.getValue());
		if (claim == null && value == null) {
			return SessionFactors.bearer();
		}
		if (claim == null) {
			throw new InvalidConfigurationPropertyValueException(WEBAUTHN_FACTOR + "claim", factor.getClaim(),
					"Set the claim that carries '" + value + "' too, or remove " + WEBAUTHN_FACTOR + "value");
		}
		if (value == null) {
			throw new InvalidConfigurationPropertyValueException(WEBAUTHN_FACTOR + "value", factor.getValue(),
					"Set the value of '" + claim + "' that proves a passkey ceremony too, or remove "
							+ WEBAUTHN_FACTOR + "claim");
		}
		if (claim.equals(TryMellonSession.CUSTOM_CLAIMS_NAMESPACE)) {
			throw new InvalidConfigurationPropertyValueException(WEBAUTHN_FACTOR + "claim", claim,
					"Custom claims are chosen by the end user's browser and cannot prove a passkey ceremony: name a "
							+ "claim TryMellon sets");
		}
		return SessionFactors.bearer().withWebAuthnClaim(claim, value);
	}

	private static @Nullable String trimmedOrNull(@Nullable String value) {
		return (value != null && StringUtils.hasText(value)) ? value.trim() : null;
	}

	static ClaimsSessionAuthoritiesMapper claimsMapper(TryMellonProperties.Authorities authorities) {
		ClaimsSessionAuthoritiesMapper mapper = new ClaimsSessionAuthoritiesMapper();
		List<String> roleClaims = authorities.getRoleClaims().stream()
			.filter(StringUtils::hasText)
			.map(String::trim)
			.toList();
		try {
			mapper.setRoleClaims(roleClaims);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException(PROPERTY_PREFIX + "role-claims",
					String.join(",", roleClaims), ex.getMessage());
		}
		mapper.setDefaultAuthorities(authorities.getDefaultAuthorities());
		List<String> mappedClaims = new ArrayList<>();
		for (Map.Entry<String, TryMellonProperties.Authorities.ClaimMapping> entry : authorities.getClaims()
			.entrySet()) {
			String claim = entry.getKey();
			TryMellonProperties.Authorities.ClaimMapping mapping = entry.getValue();
			String property = PROPERTY_PREFIX + "claims." + claim;
			if (claim.isBlank()) {
				throw new InvalidConfigurationPropertyValueException(PROPERTY_PREFIX + "claims", claim,
						"Claim names must not be blank");
			}
			ClaimMapping claimMapping;
			try {
				claimMapping = new ClaimMapping(mapping.getPrefix(),
						Objects.requireNonNullElse(mapping.getDelimiter(), ClaimMapping.DEFAULT.delimiter()),
						Objects.requireNonNullElse(mapping.getUpperCase(), ClaimMapping.DEFAULT.upperCase()));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidConfigurationPropertyValueException(property + ".prefix", mapping.getPrefix(),
						ex.getMessage());
			}
			try {
				mapper.addClaimMapping(claim, claimMapping);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidConfigurationPropertyValueException(PROPERTY_PREFIX + "claims", claim,
						ex.getMessage());
			}
			mappedClaims.add(claim);
		}
		warnIfCustomClaimsGrantAuthorities(roleClaims, mappedClaims);
		return mapper;
	}

	private static void warnIfCustomClaimsGrantAuthorities(List<String> roleClaims, List<String> mappedClaims) {
		if (roleClaims.isEmpty() && mappedClaims.isEmpty()) {
			return;
		}
		List<String> configured = new ArrayList<>(2);
		if (!roleClaims.isEmpty()) {
			configured.add(PROPERTY_PREFIX + "role-claims=" + String.join(",", roleClaims));
		}
		if (!mappedClaims.isEmpty()) {
			configured.add(PROPERTY_PREFIX + "claims." + String.join(", " + PROPERTY_PREFIX + "claims.", mappedClaims));
		}
		logger.warn(String.join(" and ", configured) + " grant authorities from custom claims. Custom claims are "
				+ "chosen by the end user's browser (the claims schema limits their keys, not their values), so any "
				+ "user can claim any of these authorities. Grant authorities that matter from your own data, keyed "
				+ "by the verified user id (a UserAuthoritiesLookup bean); see " + DOCUMENTATION + ".");
	}

}
