package dev.trymellon.spring.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

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
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.context.properties.source.MutuallyExclusiveConfigurationPropertiesException;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.util.StreamUtils;

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

	private static final String OCTET = "(25[0-5]|2[0-4]\\d|1?\\d?\\d)";

	private static final Pattern IPV4_LOOPBACK = Pattern.compile("127\\." + OCTET + "\\." + OCTET + "\\." + OCTET);

	@Bean
	@ConditionalOnMissingBean
	JwksKeySource tryMellonJwksKeySource(TryMellonProperties properties, ObjectProvider<Clock> clock,
			Environment environment, ObjectProvider<JwksFetchObserver> fetchObserver) {
		TryMellonProperties.Jwks jwks = properties.getJwks();
		Set<JWSAlgorithm> algorithms = algorithms(properties);
		MutuallyExclusiveConfigurationPropertiesException.throwIfMultipleNonNullValuesIn((entries) -> {
			entries.put("trymellon.jwks.uri", jwks.getUri());
			entries.put("trymellon.jwks.location", jwks.getLocation());
		});
		if (jwks.getLocation() != null) {
			return JwksKeySource.fromJwkSet(load(jwks.getLocation()), algorithms);
		}
		checkPositive("trymellon.jwks.ttl", jwks.getTtl());
		checkNotNegative("trymellon.jwks.refresh-ahead", jwks.getRefreshAhead());
		checkNotNegative("trymellon.jwks.refresh-cooldown", jwks.getRefreshCooldown());
		checkNotNegative("trymellon.jwks.max-stale", jwks.getMaxStale());
		checkPositive("trymellon.jwks.connect-timeout", jwks.getConnectTimeout());
		checkPositive("trymellon.jwks.read-timeout", jwks.getReadTimeout());
		if (jwks.getMaxSize().toBytes() <= 0 || jwks.getMaxSize().toBytes() > Integer.MAX_VALUE) {
			throw new InvalidConfigurationPropertyValueException("trymellon.jwks.max-size", jwks.getMaxSize(),
					"Must be positive and below 2 GB");
		}
		URI uri = jwksUri(properties);
		warnIfPlainHttp(uri);
		JwksKeySource keys = JwksKeySource.fromUri(uri)
			.algorithms(algorithms)
			.clock(clock.getIfUnique(Clock::systemUTC))
			.ttl(jwks.getTtl())
			.refreshAhead(jwks.getRefreshAhead())
			.refreshCooldown(jwks.getRefreshCooldown())
			.maxStale(jwks.getMaxStale())
			.timeouts(jwks.getConnectTimeout(), jwks.getReadTimeout())
			.maxSize((int) jwks.getMaxSize().toBytes())
			.virtualThreads(Threading.VIRTUAL.isActive(environment))
			.fetchObserver(fetchObserver.getIfUnique(() -> JwksFetchObserver.NONE))
			.build();
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
		long maxSize = properties.getToken().getCache().getMaxSize();
		if (maxSize <= 0) {
			throw new InvalidConfigurationPropertyValueException("trymellon.token.cache.max-size", maxSize,
					"Must be positive; set 'trymellon.token.cache.enabled=false' to turn the cache off");
		}
		return new VerifiedTokenCache(maxSize);
	}

	@Bean
	OfflineSessionTokenVerifier sessionTokenVerifier(TryMellonProperties properties, JwksKeySource keys,
			ObjectProvider<VerifiedTokenCache> cache, ObjectProvider<Clock> clock,
			ObjectProvider<VerificationListener> listeners, ObjectProvider<RevocationStore> revocation,
			Environment environment) {
		TryMellonProperties.Token token = properties.getToken();
		checkNotNegative("trymellon.token.clock-skew", token.getClockSkew());
		checkPositive("trymellon.token.max-lifetime", token.getMaxLifetime());
		if (token.getMaxLength() <= 0) {
			throw new InvalidConfigurationPropertyValueException("trymellon.token.max-length", token.getMaxLength(),
					"Must be positive");
		}
		String expectedType = token.getExpectedType();
		if (expectedType != null && expectedType.isBlank()) {
			throw new InvalidConfigurationPropertyValueException("trymellon.token.expected-type", expectedType,
					"Must not be blank; leave it unset for no type check");
		}
		OfflineSessionTokenVerifier.Builder builder = OfflineSessionTokenVerifier.withKeys(keys)
			.algorithms(algorithms(properties))
			.clockSkew(token.getClockSkew())
			.maxLifetime(token.getMaxLifetime())
			.expectedType((expectedType != null) ? expectedType.trim() : null)
			.requiredClaims(claimNames("trymellon.token.required-claims", token.getRequiredClaims()))
			.sessionIdClaims(claimNames("trymellon.revocation.session-id-claims",
					properties.getRevocation().getSessionIdClaims()))
			.maxLength(token.getMaxLength())
			.authorizedParties(properties.getAuthorizedParties())
			.appId(emptyToNull(properties.getAppId()))
			.tenantId(emptyToNull(properties.getTenantId()))
			.cache(cache.getIfAvailable())
			.clock(clock.getIfUnique(Clock::systemUTC))
			.listener(VerificationListener.of(listeners.orderedStream().toList()));
		sandbox(properties.getSandbox(), environment, builder);
		RevocationStore revocationStore = revocation.getIfAvailable();
		if (revocationStore != null && properties.getRevocation().isEnabled()) {
			builder.revocationCheck(revocationStore::isRevoked);
		}
		if (properties.isIssuerCheck()) {
			if (properties.getIssuer() == null || properties.getIssuer().isBlank()) {
				throw new InvalidConfigurationPropertyValueException("trymellon.issuer", properties.getIssuer(),
						"An issuer is required while 'trymellon.issuer-check' is true");
			}
			builder.issuer(properties.getIssuer());
		}
		else {
			builder.withoutIssuerCheck();
			logger.warn("TryMellon issuer check is off ('trymellon.issuer-check=false'): tokens of any issuer "
					+ "signed with the configured keys are accepted");
		}
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
		return builder.build();
	}

	private static void sandbox(TryMellonProperties.Sandbox sandbox, Environment environment,
			OfflineSessionTokenVerifier.Builder builder) {
		String token = sandbox.getToken();
		if (token == null || token.isBlank()) {
			throw new InvalidConfigurationPropertyValueException("trymellon.sandbox.token", token,
					"Must not be empty");
		}
		builder.sandboxToken(token).sandboxEnabled(sandbox.isEnabled());
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

	static Set<JWSAlgorithm> algorithms(TryMellonProperties properties) {
		List<String> names = properties.getToken().getAlgorithms();
		if (names == null || names.isEmpty()) {
			throw new InvalidConfigurationPropertyValueException("trymellon.token.algorithms", names,
					"At least one algorithm is required");
		}
		Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
		for (String name : names) {
			JWSAlgorithm algorithm = JWSAlgorithm.parse(name.trim());
			if (!isSupported(algorithm)) {
				throw new InvalidConfigurationPropertyValueException("trymellon.token.algorithms", name,
						"Only RSA (RS256, RS384, RS512, PS256, PS384, PS512) and ECDSA (ES256, ES384, ES512) "
								+ "signature algorithms are allowed; never 'none' or HMAC");
			}
			algorithms.add(algorithm);
		}
		return algorithms;
	}

	/**
	 * The algorithms the verifier's builder accepts (it asserts the same): RSA and
	 * ECDSA signatures, never {@code none} or HMAC.
	 */
	private static boolean isSupported(JWSAlgorithm algorithm) {
		return JWSAlgorithm.Family.RSA.contains(algorithm)
				|| (JWSAlgorithm.Family.EC.contains(algorithm) && !JWSAlgorithm.ES256K.equals(algorithm));
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

	static URI jwksUri(TryMellonProperties properties) {
		URI base = properties.getApiBaseUrl();
		checkHttpUri("trymellon.api-base-url", base);
		URI configured = properties.getJwks().getUri();
		if (configured != null) {
			checkHttpUri("trymellon.jwks.uri", configured);
			return configured;
		}
		String text = base.toString();
		return URI.create((text.endsWith("/") ? text.substring(0, text.length() - 1) : text) + "/.well-known/jwks.json");
	}

	/**
	 * Warns when the keys come over plain http from anywhere but this host: whoever can
	 * change that response can sign tokens the application accepts.
	 */
	static void warnIfPlainHttp(URI uri) {
		if ("http".equalsIgnoreCase(uri.getScheme()) && !isLoopback(uri.getHost())) {
			logger.warn("TryMellon signing keys are fetched over plain http from '" + uri.getHost()
					+ "' ('trymellon.jwks.uri' or 'trymellon.api-base-url'): anyone on the network path can "
					+ "replace them and sign tokens this application accepts. Use https");
		}
	}

	/**
	 * Whether the host names this machine's loopback interface: {@code localhost},
	 * {@code 127.0.0.0/8} or {@code ::1}, as literals (nothing is resolved).
	 */
	static boolean isLoopback(@Nullable String host) {
		if (host == null || host.isEmpty()) {
			return false;
		}
		if (host.equalsIgnoreCase("localhost")) {
			return true;
		}
		if (host.startsWith("[") && host.endsWith("]")) {
			String literal = host.substring(1, host.length() - 1);
			try {
				// An IPv6 literal: parsed, never looked up.
				return literal.indexOf(':') >= 0 && InetAddress.getByName(literal).isLoopbackAddress();
			}
			catch (UnknownHostException ex) {
				return false;
			}
		}
		return IPV4_LOOPBACK.matcher(host).matches();
	}

	private static List<String> claimNames(String property, @Nullable List<String> names) {
		List<String> result = new ArrayList<>();
		for (String name : (names != null) ? names : List.<String>of()) {
			if (name == null || name.isBlank()) {
				throw new InvalidConfigurationPropertyValueException(property, names,
						"Must not contain an empty claim name");
			}
			result.add(name.trim());
		}
		return result;
	}

	private static void checkHttpUri(String property, URI uri) {
		String scheme = uri.getScheme();
		if (!uri.isAbsolute() || uri.getHost() == null
				|| !("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme))) {
			throw new InvalidConfigurationPropertyValueException(property, uri,
					"Must be an absolute http or https URL with a host");
		}
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

	private static void checkPositive(String property, java.time.Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new InvalidConfigurationPropertyValueException(property, value, "Must be positive");
		}
	}

	private static void checkNotNegative(String property, java.time.Duration value) {
		if (value == null || value.isNegative()) {
			throw new InvalidConfigurationPropertyValueException(property, value, "Must not be negative");
		}
	}

	private static @Nullable String emptyToNull(@Nullable String value) {
		return (value != null && !value.isBlank()) ? value.trim() : null;
	}

}
