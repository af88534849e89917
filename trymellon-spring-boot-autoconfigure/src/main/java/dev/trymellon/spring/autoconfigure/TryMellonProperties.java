package dev.trymellon.spring.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DataSizeUnit;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.core.io.Resource;
import org.springframework.util.unit.DataSize;
import org.springframework.util.unit.DataUnit;

/**
 * Configuration properties for TryMellon ({@code trymellon.*}).
 *
 * @author TryMellon
 * @since 0.1.0
 */
@ConfigurationProperties("trymellon")
public class TryMellonProperties {

	/**
	 * Default TryMellon API base URL.
	 */
	public static final String DEFAULT_API_BASE_URL = "https://api.trymellonauth.com";

	/**
	 * Application's TryMellon client id. Session tokens must carry it in their 'aud'
	 * claim; required unless 'trymellon.audiences' is set or
	 * 'trymellon.audience-check' is false.
	 */
	private @Nullable String clientId;

	/**
	 * Comma-separated list of the application's TryMellon client secrets, used only to
	 * authenticate token introspection ('trymellon.remote.endpoint=introspect'). During a
	 * client-secret rotation list the new secret first and the previous one after it:
	 * when TryMellon refuses one, the next is tried.
	 */
	private List<String> clientSecret = new ArrayList<>();

	/**
	 * Comma-separated list of further accepted audiences. A token is accepted when its
	 * 'aud' contains the client id or any of these.
	 */
	private List<String> audiences = new ArrayList<>();

	/**
	 * Whether to require the 'aud' claim to contain the client id or one of the
	 * audiences. Every TryMellon application shares the same keys and issuer, so turning
	 * this off accepts other applications' tokens.
	 */
	private boolean audienceCheck = true;

	/**
	 * Expected value of the 'iss' claim.
	 */
	private String issuer = DEFAULT_API_BASE_URL;

	/**
	 * Whether to require the 'iss' claim to equal the issuer.
	 */
	private boolean issuerCheck = true;

	/**
	 * Base URL of the TryMellon API, from which the JWKS URL is derived.
	 */
	private URI apiBaseUrl = URI.create(DEFAULT_API_BASE_URL);

	/**
	 * Expected value of the 'app_id' claim. When set, tokens without it or with another
	 * value are refused.
	 */
	private @Nullable String appId;

	/**
	 * Expected value of the 'tenant_id' claim. When set, tokens without it or with
	 * another value are refused.
	 */
	private @Nullable String tenantId;

	/**
	 * Comma-separated list of accepted 'azp' values. When set, a token whose 'azp' claim
	 * is present and not listed is refused; tokens without 'azp' are not affected.
	 */
	private List<String> authorizedParties = new ArrayList<>();

	private final Jwks jwks = new Jwks();

	private final Token token = new Token();

	private final Authorities authorities = new Authorities();

	private final Security security = new Security();

	private final Webhook webhook = new Webhook();

	private final Revocation revocation = new Revocation();

	private final Redis redis = new Redis();

	private final Sandbox sandbox = new Sandbox();

	private final Validation validation = new Validation();

	public @Nullable String getClientId() {
		return this.clientId;
	}

	public void setClientId(@Nullable String clientId) {
		this.clientId = clientId;
	}

	public List<String> getClientSecret() {
		return this.clientSecret;
	}

	public void setClientSecret(List<String> clientSecret) {
		this.clientSecret = clientSecret;
	}

	public Validation getValidation() {
		return this.validation;
	}

	public List<String> getAudiences() {
		return this.audiences;
	}

	public void setAudiences(List<String> audiences) {
		this.audiences = audiences;
	}

	public boolean isAudienceCheck() {
		return this.audienceCheck;
	}

	public void setAudienceCheck(boolean audienceCheck) {
		this.audienceCheck = audienceCheck;
	}

	public String getIssuer() {
		return this.issuer;
	}

	public void setIssuer(String issuer) {
		this.issuer = issuer;
	}

	public boolean isIssuerCheck() {
		return this.issuerCheck;
	}

	public void setIssuerCheck(boolean issuerCheck) {
		this.issuerCheck = issuerCheck;
	}

	public URI getApiBaseUrl() {
		return this.apiBaseUrl;
	}

	public void setApiBaseUrl(URI apiBaseUrl) {
		this.apiBaseUrl = apiBaseUrl;
	}

	public @Nullable String getAppId() {
		return this.appId;
	}

	public void setAppId(@Nullable String appId) {
		this.appId = appId;
	}

	public @Nullable String getTenantId() {
		return this.tenantId;
	}

	public void setTenantId(@Nullable String tenantId) {
		this.tenantId = tenantId;
	}

	public List<String> getAuthorizedParties() {
		return this.authorizedParties;
	}

	public void setAuthorizedParties(List<String> authorizedParties) {
		this.authorizedParties = authorizedParties;
	}

	public Jwks getJwks() {
		return this.jwks;
	}

	public Token getToken() {
		return this.token;
	}

	public Authorities getAuthorities() {
		return this.authorities;
	}

	public Security getSecurity() {
		return this.security;
	}

	public Webhook getWebhook() {
		return this.webhook;
	}

	public Revocation getRevocation() {
		return this.revocation;
	}

	public Redis getRedis() {
		return this.redis;
	}

	public Sandbox getSandbox() {
		return this.sandbox;
	}

	/**
	 * Where the signing keys come from and how they are cached.
	 */
	public static class Jwks {

		/**
		 * JWKS URL. Defaults to '{api-base-url}/.well-known/jwks.json'. A plain 'http'
		 * URL outside loopback logs a warning at startup: whoever can change the
		 * response can sign tokens.
		 */
		private @Nullable URI uri;

		/**
		 * Static JWKS document (file or classpath resource) for air-gapped deployments.
		 * When set, no JWKS is fetched over the network.
		 */
		private @Nullable Resource location;

		/**
		 * How long fetched keys are used before they are fetched again.
		 */
		private @Nullable Duration ttl;

		/**
		 * How long before the TTL runs out the keys are refreshed in the background (at
		 * most half the TTL).
		 */
		private @Nullable Duration refreshAhead;

		/**
		 * Shortest time between two fetches caused by an unknown 'kid', also for a
		 * caller that waited for another's fetch. Stops forged 'kid' values from
		 * causing a fetch storm.
		 */
		private @Nullable Duration refreshCooldown;

		/**
		 * How long the last good keys keep being used while the JWKS endpoint is
		 * unreachable (never less than the TTL).
		 */
		private @Nullable Duration maxStale;

		/**
		 * Connect timeout of the JWKS request.
		 */
		private @Nullable Duration connectTimeout;

		/**
		 * Read timeout of the JWKS request.
		 */
		private @Nullable Duration readTimeout;

		/**
		 * Largest accepted JWKS document.
		 */
		@DataSizeUnit(DataUnit.KILOBYTES)
		private @Nullable DataSize maxSize;

		/**
		 * Whether startup waits for the keys and fails when they cannot be fetched. By
		 * default keys are fetched in the background and the application starts even
		 * while the JWKS endpoint is unreachable.
		 */
		private boolean requireOnStartup = false;

		public @Nullable URI getUri() {
			return this.uri;
		}

		public void setUri(@Nullable URI uri) {
			this.uri = uri;
		}

		public @Nullable Resource getLocation() {
			return this.location;
		}

		public void setLocation(@Nullable Resource location) {
			this.location = location;
		}

		public @Nullable Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(@Nullable Duration ttl) {
			this.ttl = ttl;
		}

		public @Nullable Duration getRefreshAhead() {
			return this.refreshAhead;
		}

		public void setRefreshAhead(@Nullable Duration refreshAhead) {
			this.refreshAhead = refreshAhead;
		}

		public @Nullable Duration getRefreshCooldown() {
			return this.refreshCooldown;
		}

		public void setRefreshCooldown(@Nullable Duration refreshCooldown) {
			this.refreshCooldown = refreshCooldown;
		}

		public @Nullable Duration getMaxStale() {
			return this.maxStale;
		}

		public void setMaxStale(@Nullable Duration maxStale) {
			this.maxStale = maxStale;
		}

		public @Nullable Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(@Nullable Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public @Nullable Duration getReadTimeout() {
			return this.readTimeout;
		}

		public void setReadTimeout(@Nullable Duration readTimeout) {
			this.readTimeout = readTimeout;
		}

		public @Nullable DataSize getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(@Nullable DataSize maxSize) {
			this.maxSize = maxSize;
		}

		public boolean isRequireOnStartup() {
			return this.requireOnStartup;
		}

		public void setRequireOnStartup(boolean requireOnStartup) {
			this.requireOnStartup = requireOnStartup;
		}

	}

	/**
	 * How session tokens are read and checked.
	 */
	public static class Token {

		/**
		 * Allowed clock difference with TryMellon, applied to 'exp', 'nbf' and 'iat'.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private @Nullable Duration clockSkew;

		/**
		 * Longest accepted token, checked before any parsing.
		 */
		private @Nullable Integer maxLength;

		/**
		 * Longest accepted token lifetime ('exp' minus 'iat'). TryMellon issues tokens
		 * for at most 24 hours; a longer-lived token is refused, so that no token
		 * outlives the retention of its revocation.
		 */
		private @Nullable Duration maxLifetime;

		/**
		 * Expected 'typ' header of session tokens, compared ignoring case and an
		 * 'application/' prefix. A token without it or with another is refused. Not set
		 * by default (no check): TryMellon's session tokens say 'JWT'. Set it to keep
		 * TryMellon's other token kinds (onboarding tokens, for example) out once their
		 * types differ.
		 */
		private @Nullable String expectedType;

		/**
		 * Comma-separated list of claims every accepted token must have, besides 'sub',
		 * 'exp' and 'iat'. A token lacking one is refused as malformed. Empty by
		 * default. Lists the claims only session tokens carry, to keep TryMellon's other
		 * token kinds out.
		 */
		private List<String> requiredClaims = new ArrayList<>();

		/**
		 * Comma-separated list of accepted JWS algorithms. Only RSA and ECDSA signature
		 * algorithms are allowed; 'none' and HMAC algorithms are refused at startup.
		 */
		private @Nullable List<String> algorithms;

		/**
		 * Name of a cookie that may carry the session token, besides the Authorization
		 * header. Not set by default: only the header is read.
		 */
		private @Nullable String cookieName;

		/**
		 * Name of the JCA provider that checks token signatures, as its
		 * Provider.getName() says (for example 'AmazonCorrettoCryptoProvider'): one
		 * already registered with the JVM, else one on the classpath (found through
		 * ServiceLoader, never registered). Only the verifier uses it. Not set by
		 * default: the JDK's providers. Startup fails when the provider is absent or does
		 * not verify a known signature.
		 */
		private @Nullable String signatureProvider;

		private final Cache cache = new Cache();

		public @Nullable Duration getClockSkew() {
			return this.clockSkew;
		}

		public void setClockSkew(@Nullable Duration clockSkew) {
			this.clockSkew = clockSkew;
		}

		public @Nullable Duration getMaxLifetime() {
			return this.maxLifetime;
		}

		public void setMaxLifetime(@Nullable Duration maxLifetime) {
			this.maxLifetime = maxLifetime;
		}

		public @Nullable String getSignatureProvider() {
			return this.signatureProvider;
		}

		public void setSignatureProvider(@Nullable String signatureProvider) {
			this.signatureProvider = signatureProvider;
		}

		public @Nullable String getExpectedType() {
			return this.expectedType;
		}

		public void setExpectedType(@Nullable String expectedType) {
			this.expectedType = expectedType;
		}

		public List<String> getRequiredClaims() {
			return this.requiredClaims;
		}

		public void setRequiredClaims(List<String> requiredClaims) {
			this.requiredClaims = requiredClaims;
		}

		public @Nullable Integer getMaxLength() {
			return this.maxLength;
		}

		public void setMaxLength(@Nullable Integer maxLength) {
			this.maxLength = maxLength;
		}

		public @Nullable List<String> getAlgorithms() {
			return this.algorithms;
		}

		public void setAlgorithms(@Nullable List<String> algorithms) {
			this.algorithms = algorithms;
		}

		public @Nullable String getCookieName() {
			return this.cookieName;
		}

		public void setCookieName(@Nullable String cookieName) {
			this.cookieName = cookieName;
		}

		public Cache getCache() {
			return this.cache;
		}

		/**
		 * The verified-token cache.
		 */
		public static class Cache {

			/**
			 * Whether successfully verified tokens are cached until they expire.
			 */
			private boolean enabled = true;

			/**
			 * Largest number of cached verified tokens.
			 */
			private @Nullable Long maxSize;

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

			public @Nullable Long getMaxSize() {
				return this.maxSize;
			}

			public void setMaxSize(@Nullable Long maxSize) {
				this.maxSize = maxSize;
			}

		}

	}

	/**
	 * How a session becomes Spring Security authorities.
	 */
	public static class Authorities {

		/**
		 * Comma-separated list of custom claims holding roles. Empty by default: custom
		 * claims are chosen by the end user's browser (the claims schema limits their
		 * keys, not their values), so list a claim only when any value a user could
		 * send is acceptable, and take roles that matter from your own data with a
		 * UserAuthoritiesLookup bean. Each value is split on commas and spaces; each part
		 * must be 1 to 64 ASCII letters, digits, '_', '.', ':' or '-' (others are
		 * ignored), and is upper-cased and prefixed with 'ROLE_'.
		 */
		private List<String> roleClaims = new ArrayList<>();

		/**
		 * Further custom claims mapped to authorities, by claim name. Like role claims,
		 * their values are chosen by the end user's browser.
		 */
		private Map<String, ClaimMapping> claims = new LinkedHashMap<>();

		/**
		 * Comma-separated list of authorities granted to every valid session.
		 */
		private List<String> defaultAuthorities = new ArrayList<>();

		private final Cache cache = new Cache();

		private final WebauthnFactor webauthnFactor = new WebauthnFactor();

		public List<String> getRoleClaims() {
			return this.roleClaims;
		}

		public void setRoleClaims(List<String> roleClaims) {
			this.roleClaims = roleClaims;
		}

		public Map<String, ClaimMapping> getClaims() {
			return this.claims;
		}

		public void setClaims(Map<String, ClaimMapping> claims) {
			this.claims = claims;
		}

		public List<String> getDefaultAuthorities() {
			return this.defaultAuthorities;
		}

		public void setDefaultAuthorities(List<String> defaultAuthorities) {
			this.defaultAuthorities = defaultAuthorities;
		}

		public Cache getCache() {
			return this.cache;
		}

		public WebauthnFactor getWebauthnFactor() {
			return this.webauthnFactor;
		}

		/**
		 * When a session also gets Spring Security's FACTOR_WEBAUTHN authority (every
		 * session gets FACTOR_BEARER).
		 */
		public static class WebauthnFactor {

			/**
			 * Name of a token claim set by TryMellon that tells how the user signed in,
			 * for example 'amr'. Not set by default: TryMellon also creates sessions after
			 * an email one-time code, so no session gets FACTOR_WEBAUTHN unless this claim
			 * proves a passkey ceremony. A custom claim never can.
			 */
			private @Nullable String claim;

			/**
			 * Value of the claim (or, for a list claim, one of its values) that proves a
			 * passkey (WebAuthn) ceremony, for example 'webauthn'.
			 */
			private @Nullable String value;

			public @Nullable String getClaim() {
				return this.claim;
			}

			public void setClaim(@Nullable String claim) {
				this.claim = claim;
			}

			public @Nullable String getValue() {
				return this.value;
			}

			public void setValue(@Nullable String value) {
				this.value = value;
			}

		}

		/**
		 * The cache of the authorities a UserAuthoritiesLookup bean returns.
		 */
		public static class Cache {

			/**
			 * How long the authorities a UserAuthoritiesLookup returned for a user are
			 * kept. Zero asks the lookup on every request.
			 */
			private @Nullable Duration ttl;

			/**
			 * Largest number of users whose looked-up authorities are kept.
			 */
			private @Nullable Long maxSize;

			public @Nullable Duration getTtl() {
				return this.ttl;
			}

			public void setTtl(@Nullable Duration ttl) {
				this.ttl = ttl;
			}

			public @Nullable Long getMaxSize() {
				return this.maxSize;
			}

			public void setMaxSize(@Nullable Long maxSize) {
				this.maxSize = maxSize;
			}

		}

		/**
		 * How one custom claim maps to authorities.
		 */
		public static class ClaimMapping {

			/**
			 * Prefix of each authority: ASCII letters, digits, '_', '.', ':' or '-'.
			 * Defaults to the claim name upper-cased followed by an underscore.
			 */
			private @Nullable String prefix;

			/**
			 * Characters that separate several values in one string claim.
			 */
			private @Nullable String delimiter;

			/**
			 * Whether values are upper-cased (ASCII 'a' to 'z' only).
			 */
			private @Nullable Boolean upperCase;

			public @Nullable String getPrefix() {
				return this.prefix;
			}

			public void setPrefix(@Nullable String prefix) {
				this.prefix = prefix;
			}

			public @Nullable String getDelimiter() {
				return this.delimiter;
			}

			public void setDelimiter(@Nullable String delimiter) {
				this.delimiter = delimiter;
			}

			public @Nullable Boolean getUpperCase() {
				return this.upperCase;
			}

			public void setUpperCase(@Nullable Boolean upperCase) {
				this.upperCase = upperCase;
			}

		}

	}

	/**
	 * The default security filter chain (used only when the application declares no
	 * SecurityFilterChain of its own).
	 */
	public static class Security {

		/**
		 * Comma-separated list of path patterns open without a session token.
		 */
		private List<String> permitPaths = new ArrayList<>();

		public List<String> getPermitPaths() {
			return this.permitPaths;
		}

		public void setPermitPaths(List<String> permitPaths) {
			this.permitPaths = permitPaths;
		}

	}

	/**
	 * The webhook receiver.
	 */
	public static class Webhook {

		/**
		 * Path the webhook receiver answers on.
		 */
		private @Nullable String path;

		/**
		 * Comma-separated list of active signing secrets; a delivery signed with any of
		 * them is accepted, so a rotated secret can stay listed until it is retired. The
		 * receiver exists only when this is set. An empty or blank entry (such as an
		 * unset variable in the list), or a secret with fewer than 16 characters after
		 * an optional 'whsec_' prefix, fails the startup.
		 */
		private List<String> signingSecrets = new ArrayList<>();

		/**
		 * Whether signing secrets with fewer than 16 characters after an optional
		 * 'whsec_' prefix are accepted (with a warning) instead of failing the startup.
		 * For tests with made-up secrets only: a short secret can be guessed, and
		 * whoever guesses it can forge every event, revocations included.
		 */
		private boolean allowShortSecrets;

		/**
		 * Comma-separated list of header names that may carry the signature, tried in
		 * order.
		 */
		private @Nullable List<String> signatureHeaders;

		/**
		 * Largest difference between 'tm-timestamp' and now, in either direction, and
		 * how far in the future a signed 'created_at' (or 'timestamp') may lie. Zero
		 * turns both checks off.
		 */
		private @Nullable Duration tolerance;

		/**
		 * Largest accepted request body.
		 */
		@DataSizeUnit(DataUnit.KILOBYTES)
		private @Nullable DataSize maxBodySize;

		/**
		 * How long processed event keys are remembered to refuse duplicates; signed
		 * events older than this are refused.
		 */
		private @Nullable Duration replayTtl;

		/**
		 * How long an event being processed blocks a duplicate delivery, so that a crash
		 * cannot block retries for longer.
		 */
		private @Nullable Duration processingLease;

		public @Nullable String getPath() {
			return this.path;
		}

		public void setPath(@Nullable String path) {
			this.path = path;
		}

		public List<String> getSigningSecrets() {
			return this.signingSecrets;
		}

		public void setSigningSecrets(List<String> signingSecrets) {
			this.signingSecrets = signingSecrets;
		}

		public boolean isAllowShortSecrets() {
			return this.allowShortSecrets;
		}

		public void setAllowShortSecrets(boolean allowShortSecrets) {
			this.allowShortSecrets = allowShortSecrets;
		}

		public @Nullable List<String> getSignatureHeaders() {
			return this.signatureHeaders;
		}

		public void setSignatureHeaders(@Nullable List<String> signatureHeaders) {
			this.signatureHeaders = signatureHeaders;
		}

		public @Nullable Duration getTolerance() {
			return this.tolerance;
		}

		public void setTolerance(@Nullable Duration tolerance) {
			this.tolerance = tolerance;
		}

		public @Nullable DataSize getMaxBodySize() {
			return this.maxBodySize;
		}

		public void setMaxBodySize(@Nullable DataSize maxBodySize) {
			this.maxBodySize = maxBodySize;
		}

		public @Nullable Duration getReplayTtl() {
			return this.replayTtl;
		}

		public void setReplayTtl(@Nullable Duration replayTtl) {
			this.replayTtl = replayTtl;
		}

		public @Nullable Duration getProcessingLease() {
			return this.processingLease;
		}

		public void setProcessingLease(@Nullable Duration processingLease) {
			this.processingLease = processingLease;
		}

	}

	/**
	 * Revocation of sessions, users and credentials, fed by webhooks.
	 */
	public static class Revocation {

		/**
		 * Whether verified tokens are checked against revoked sessions, users and
		 * credentials.
		 */
		private boolean enabled = true;

		/**
		 * How long a revocation is kept after it happened. Must be at least
		 * 'trymellon.token.max-lifetime' plus twice 'trymellon.token.clock-skew' (startup
		 * fails otherwise), so that no token a revocation refuses is accepted again once
		 * the revocation is forgotten.
		 */
		private @Nullable Duration retention;

		/**
		 * Comma-separated list of token claims that may hold the session id a
		 * 'session.revoked' or 'session.logout' event names, read in order. A token
		 * carrying none of them falls under the per-user fail-safe rule. Do not list
		 * 'jti': it identifies a token, not a session.
		 */
		private @Nullable List<String> sessionIdClaims;

		/**
		 * Comma-separated list of token claims that may hold the credential id a
		 * 'credential.revoked' event names. Empty: a revoked credential refuses all of
		 * its user's earlier tokens.
		 */
		private List<String> credentialIdClaims = new ArrayList<>();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable Duration getRetention() {
			return this.retention;
		}

		public void setRetention(@Nullable Duration retention) {
			this.retention = retention;
		}

		public @Nullable List<String> getSessionIdClaims() {
			return this.sessionIdClaims;
		}

		public void setSessionIdClaims(@Nullable List<String> sessionIdClaims) {
			this.sessionIdClaims = sessionIdClaims;
		}

		public List<String> getCredentialIdClaims() {
			return this.credentialIdClaims;
		}

		public void setCredentialIdClaims(List<String> credentialIdClaims) {
			this.credentialIdClaims = credentialIdClaims;
		}

	}

	/**
	 * Revocations and processed webhook events shared through Redis.
	 */
	public static class Redis {

		/**
		 * Whether revocations and processed webhook events are kept in Redis when Spring
		 * Data Redis and a RedisConnectionFactory are present.
		 */
		private boolean enabled = true;

		/**
		 * Prefix of every Redis key and channel name used.
		 */
		private @Nullable String keyPrefix;

		/**
		 * How often every replica re-reads all revocations from Redis, in bulk, catching
		 * up with messages missed while its pub/sub connection was down; on the
		 * application's TaskScheduler when there is one. Zero turns it off (the first
		 * load at startup always happens).
		 */
		private @Nullable Duration resyncInterval;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable String getKeyPrefix() {
			return this.keyPrefix;
		}

		public void setKeyPrefix(@Nullable String keyPrefix) {
			this.keyPrefix = keyPrefix;
		}

		public @Nullable Duration getResyncInterval() {
			return this.resyncInterval;
		}

		public void setResyncInterval(@Nullable Duration resyncInterval) {
			this.resyncInterval = resyncInterval;
		}

	}

	/**
	 * Sandbox mode: the SDK's sandbox session token accepted as a mock session, for
	 * development only.
	 */
	public static class Sandbox {

		/**
		 * Whether the sandbox session token is accepted as the SDK's mock session. Never
		 * in production: startup fails when a forbidden profile is active.
		 */
		private boolean enabled;

		/**
		 * Sandbox session token value, the SDK's constant unless its 'sandboxToken'
		 * setting changes it.
		 */
		private @Nullable String token;

		/**
		 * Profiles under which enabling sandbox mode fails startup.
		 */
		private List<String> forbiddenProfiles = new ArrayList<>(List.of("prod", "production", "live"));

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable String getToken() {
			return this.token;
		}

		public void setToken(@Nullable String token) {
			this.token = token;
		}

		public List<String> getForbiddenProfiles() {
			return this.forbiddenProfiles;
		}

		public void setForbiddenProfiles(List<String> forbiddenProfiles) {
			this.forbiddenProfiles = forbiddenProfiles;
		}

	}

	/**
	 * How session tokens are validated: offline, by TryMellon's API, or both.
	 */
	public static class Validation {

		/**
		 * Validation mode: 'offline' checks signatures and claims locally, 'remote' asks
		 * TryMellon's API for every token (results cached for
		 * 'trymellon.remote.cache-ttl'), 'hybrid' checks offline and re-checks with the API
		 * only the tokens the revocation fail-safe rule would refuse.
		 */
		private Mode mode = Mode.OFFLINE;

		public Mode getMode() {
			return this.mode;
		}

		public void setMode(Mode mode) {
			this.mode = mode;
		}

		/**
		 * The validation modes.
		 */
		public enum Mode {

			/**
			 * Signature and claims checked locally; revocations from webhooks.
			 */
			OFFLINE,

			/**
			 * Every token validated by TryMellon's API, the answer cached.
			 */
			REMOTE,

			/**
			 * Offline first; tokens refused only by the revocation fail-safe rule are
			 * re-checked with TryMellon's API.
			 */
			HYBRID

		}

	}

}
