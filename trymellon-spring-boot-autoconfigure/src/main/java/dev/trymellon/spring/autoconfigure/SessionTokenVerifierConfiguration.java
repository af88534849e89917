package dev.trymellon.spring.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.Provider;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.revocation.RevocationStore;
import dev.trymellon.spring.session.SessionTokenVerifier;
import dev.trymellon.spring.session.offline.JwksFetchObserver;
import dev.trymellon.spring.session.offline.JwksKeySource;
import dev.trymellon.spring.session.offline.OfflineSessionTokenVerifier;
import dev.trymellon.spring.session.offline.VerificationListener;
import dev.trymellon.spring.session.offline.VerifiedTokenCache;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.context.properties.source.MutuallyExclusiveConfigurationPropertiesException;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.util.ClassUtils;
import org.springframework.util.StreamUtils;
import org.springframework.util.unit.DataSize;

import static dev.trymellon.spring.autoconfigure.PropertyChecks.checked;
import static dev.trymellon.spring.autoconfigure.PropertyChecks.creating;

/**
 * Builds the offline {@link SessionTokenVerifier}: the JWKS key source, the
 * verified-token cache and the verifier, each replaceable by a bean of the user's. The
 * whole offline stack backs off when the application declares its own
 * {@link SessionTokenVerifier}, so no keys are fetched for a verifier nobody uses.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnMissingBean(SessionTokenVerifier.class)
class SessionTokenVerifierConfiguration {

	private static final Log logger = LogFactory.getLog(SessionTokenVerifierConfiguration.class);

	private static final String ALGORITHMS = "trymellon.token.algorithms";

	private static final String ALGORITHMS_REASON = "List one or more RSA (RS256, RS384, RS512, PS256, PS384, "
			+ "PS512) or ECDSA (ES256, ES384, ES512) signature algorithms; never 'none' or HMAC";

	@Bean
	@ConditionalOnMissingBean
	JwksKeySource tryMellonJwksKeySource(TryMellonProperties properties, ObjectProvider<Clock> clock,
			Environment environment, ObjectProvider<JwksFetchObserver> fetchObserver) {
		TryMellonProperties.Jwks jwks = properties.getJwks();
		MutuallyExclusiveConfigurationPropertiesException.throwIfMultipleNonNullValuesIn((entries) -> {
			entries.put("trymellon.jwks.uri", jwks.getUri());
			entries.put("trymellon.jwks.location", jwks.getLocation());
		});
		Set<JWSAlgorithm> algorithms = algorithms(properties);
		Resource location = jwks.getLocation();
		if (location != null) {
			JWKSet jwkSet = load(location);
			return creating(ALGORITHMS, ALGORITHMS_REASON,
					(Set<JWSAlgorithm> allowed) -> JwksKeySource.fromJwkSet(jwkSet, allowed))
				.apply(Objects.requireNonNullElse(algorithms, OfflineSessionTokenVerifier.DEFAULT_ALGORITHMS));
		}
		URI uri = JwksUris.jwksUri(properties);
		JwksUris.warnIfPlainHttp(uri);
		JwksKeySource.Builder builder = JwksKeySource.fromUri(uri)
			.clock(clock.getIfUnique(Clock::systemUTC))
			.virtualThreads(Threading.VIRTUAL.isActive(environment));
		fetchObserver.ifUnique(builder::fetchObserver);
		PropertyMapper map = PropertyMapper.get();
		map.from(algorithms).to(checked(ALGORITHMS, ALGORITHMS_REASON, builder::algorithms));
		map.from(jwks::getTtl).to(checked("trymellon.jwks.ttl", "Must be positive", builder::ttl));
		map.from(jwks::getRefreshAhead)
			.to(checked("trymellon.jwks.refresh-ahead", "Must not be negative", builder::refreshAhead));
		map.from(jwks::getRefreshCooldown)
			.to(checked("trymellon.jwks.refresh-cooldown", "Must not be negative", builder::refreshCooldown));
		map.from(jwks::getMaxStale).to(checked("trymellon.jwks.max-stale", "Must not be negative", builder::maxStale));
		map.from(jwks::getConnectTimeout)
			.to(checked("trymellon.jwks.connect-timeout", "Must be positive",
					(timeout) -> builder.connectTimeout(timeout)));
		map.from(jwks::getReadTimeout)
			.to(checked("trymellon.jwks.read-timeout", "Must be positive", (timeout) -> builder.readTimeout(timeout)));
		map.from(jwks::getMaxSize)
			.to(checked("trymellon.jwks.max-size", "Must be positive and below 2 GB",
					(size) -> builder.maxSize(toIntBytes(size))));
		JwksKeySource keys = builder.build();
		// The background refresh is started and stopped by the context (SmartLifecycle).
		if (jwks.isRequireOnStartup() && !keys.refreshNow()) {
			throw new JwksUnavailableException(uri, keys.status().lastFailure());
		}
		return keys;
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "trymellon.token.cache.enabled", matchIfMissing = true)
	VerifiedTokenCache tryMellonVerifiedTokenCache(TryMellonProperties properties) {
		Long maxSize = properties.getToken().getCache().getMaxSize();
		if (maxSize == null) {
			return new VerifiedTokenCache();
		}
		return creating("trymellon.token.cache.max-size",
				"Must be positive; set 'trymellon.token.cache.enabled=false' to turn the cache off",
				(Long size) -> new VerifiedTokenCache(size))
			.apply(maxSize);
	}

	@Bean
	OfflineSessionTokenVerifier sessionTokenVerifier(TryMellonProperties properties, JwksKeySource keys,
			ObjectProvider<VerifiedTokenCache> cache, ObjectProvider<Clock> clock,
			ObjectProvider<VerificationListener> listeners, ObjectProvider<RevocationStore> revocation,
			Environment environment) {
		TryMellonProperties.Token token = properties.getToken();
		OfflineSessionTokenVerifier.Builder builder = OfflineSessionTokenVerifier.withKeys(keys)
			.clockSkew(PropertyChecks.clockSkew(properties))
			.maxLifetime(PropertyChecks.maxLifetime(properties))
			.maxLength(PropertyChecks.maxLength(properties))
			.authorizedParties(properties.getAuthorizedParties())
			.appId(emptyToNull(properties.getAppId()))
			.tenantId(emptyToNull(properties.getTenantId()))
			.cache(cache.getIfAvailable())
			.clock(clock.getIfUnique(Clock::systemUTC))
			.listener(VerificationListener.of(listeners.orderedStream().toList()));
		PropertyMapper map = PropertyMapper.get();
		map.from(algorithms(properties)).to(checked(ALGORITHMS, ALGORITHMS_REASON, builder::algorithms));
		map.from(token::getExpectedType)
			.as(String::trim)
			.to(checked("trymellon.token.expected-type", "Must not be blank; leave it unset for no type check",
					builder::expectedType));
		map.from(token::getRequiredClaims)
			.as(SessionTokenVerifierConfiguration::trimmed)
			.to(checked("trymellon.token.required-claims", "Must not contain an empty claim name",
					builder::requiredClaims));
		map.from(properties.getRevocation()::getSessionIdClaims)
			.as(SessionTokenVerifierConfiguration::trimmed)
			.to(checked("trymellon.revocation.session-id-claims", "Must not contain an empty claim name",
					builder::sessionIdClaims));
		sandbox(properties.getSandbox(), environment, builder);
		RevocationStore revocationStore = revocation.getIfAvailable();
		if (revocationStore != null && properties.getRevocation().isEnabled()) {
			// hybrid mode: the tokens refused only by the fail-safe rule are left to the
			// hybrid verifier, which re-checks them with TryMellon's API
			builder.revocationCheck((properties.getValidation().getMode() != TryMellonProperties.Validation.Mode.HYBRID)
					? revocationStore::isRevoked
					: (session) -> revocationStore.isRevoked(session) && !revocationStore.isRevokedOnlyByFailSafe(session));
			builder.tokenRevocationCheck(revocationStore::isTokenRevoked);
		}
		if (properties.isIssuerCheck()) {
			checked("trymellon.issuer", "An issuer is required while 'trymellon.issuer-check' is true",
					builder::issuer)
				.accept(properties.getIssuer());
		}
		else {
			builder.withoutIssuerCheck();
			logger.warn("TryMellon issuer check is off ('trymellon.issuer-check=false'): tokens of any issuer "
					+ "signed with the configured keys are accepted");
		}
		Provider signatureProvider = signatureProvider(token);
		builder.signatureProvider(signatureProvider);
		List<String> audiences = audiences(properties);
		if (properties.isAudienceCheck()) {
			if (audiences.isEmpty()) {
				throw new InvalidConfigurationPropertyValueException("trymellon.client-id", null,
						"TryMellon's keys and issuer are shared by every TryMellon application, so session tokens "
								+ "are checked for this application's client id in 'aud'. Set 'trymellon.client-id' "
								+ "(or 'trymellon.audiences'), or set 'trymellon.audience-check=false' to accept "
								+ "any application's tokens");
			}
			builder.audiences(audiences);
		}
		else {
			builder.withoutAudienceCheck();
			logger.warn("TryMellon audience check is off ('trymellon.audience-check=false'): session tokens "
					+ "issued to any TryMellon application are accepted");
		}
		if (signatureProvider == null) {
			return builder.build();
		}
		try {
			OfflineSessionTokenVerifier verifier = builder.build();
			logger.info("TryMellon verifies token signatures with JCA provider '" + signatureProvider.getName()
					+ "' " + signatureProvider.getVersionStr() + " ('" + SignatureProviderResolver.PROPERTY
					+ "'), used by the verifier only");
			return verifier;
		}
		catch (IllegalArgumentException ex) {
			// the provider is the only setting build() checks against the others
			throw new InvalidConfigurationPropertyValueException(SignatureProviderResolver.PROPERTY,
					signatureProvider.getName(), ex.getMessage());
		}
	}

	/**
	 * The provider {@code trymellon.token.signature-provider} names, or {@code null} when
	 * it is unset (the JDK's providers).
	 */
	private static @Nullable Provider signatureProvider(TryMellonProperties.Token token) {
		String name = token.getSignatureProvider();
		return (name != null) ? SignatureProviderResolver.resolve(name.trim(), ClassUtils.getDefaultClassLoader())
				: null;
	}

	private static void sandbox(TryMellonProperties.Sandbox sandbox, Environment environment,
			OfflineSessionTokenVerifier.Builder builder) {
		PropertyMapper.get()
			.from(sandbox::getToken)
			.to(checked("trymellon.sandbox.token", "Must not be empty; leave it unset for the SDK's sandbox token",
					builder::sandboxToken));
		builder.sandboxEnabled(sandbox.isEnabled());
		if (!sandbox.isEnabled()) {
			return;
		}
		List<String> forbidden = sandbox.getForbiddenProfiles();
		for (String profile : environment.getActiveProfiles()) {
			for (String name : (forbidden != null) ? forbidden : List.<String>of()) {
				if (name != null && profile.trim().equalsIgnoreCase(name.trim())) {
					throw new InvalidConfigurationPropertyValueException("trymellon.sandbox.enabled", true,
							"Sandbox mode accepts a public mock token and must never run in production, but profile '"
									+ profile + "' is active (see 'trymellon.sandbox.forbidden-profiles')");
				}
			}
		}
		logger.warn("TryMellon sandbox mode is on ('trymellon.sandbox.enabled=true'): the sandbox session token is "
				+ "accepted as user 'sandbox-user'. Development only, never in production");
	}

	/**
	 * The algorithms {@code trymellon.token.algorithms} names, or {@code null} when it is
	 * unset (the library's default). The verifier's builder refuses what it cannot
	 * verify with.
	 */
	private static @Nullable Set<JWSAlgorithm> algorithms(TryMellonProperties properties) {
		List<String> names = properties.getToken().getAlgorithms();
		if (names == null) {
			return null;
		}
		Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
		for (String name : names) {
			algorithms.add(JWSAlgorithm.parse((name != null) ? name.trim() : ""));
		}
		return algorithms;
	}

	private static @Nullable List<String> trimmed(@Nullable List<String> names) {
		return (names != null) ? names.stream().map((name) -> (name != null) ? name.trim() : null).toList() : null;
	}

	private static int toIntBytes(DataSize size) {
		long bytes = size.toBytes();
		if (bytes <= 0 || bytes > Integer.MAX_VALUE) {
			throw new IllegalArgumentException("size must be positive and below 2 GB");
		}
		return (int) bytes;
	}

	private static List<String> audiences(TryMellonProperties properties) {
		List<String> audiences = new ArrayList<>();
		String clientId = emptyToNull(properties.getClientId());
		if (clientId != null) {
			audiences.add(clientId);
		}
		for (String audience : properties.getAudiences()) {
			if (audience != null && !audience.isBlank()) {
				audiences.add(audience.trim());
			}
		}
		return audiences;
	}

	private static JWKSet load(Resource location) {
		try (InputStream in = location.getInputStream()) {
			return JWKSet.parse(StreamUtils.copyToString(in, java.nio.charset.StandardCharsets.UTF_8));
		}
		catch (IOException | ParseException ex) {
			throw new InvalidConfigurationPropertyValueException("trymellon.jwks.location", location,
					"Cannot read a JWKS document from it: " + ex.getMessage());
		}
	}

	private static @Nullable String emptyToNull(@Nullable String value) {
		return (value != null && !value.isBlank()) ? value.trim() : null;
	}

}
