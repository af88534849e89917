package dev.trymellon.spring.session.offline;

import java.security.Provider;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import com.nimbusds.jose.JWSAlgorithm;
import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.session.TryMellonSession;

import org.springframework.util.Assert;

/**
 * The body of {@link OfflineSessionTokenVerifier.Builder}, its only subclass: each
 * setting with its default and its rule (a bad value is an
 * {@link IllegalArgumentException} naming it). The verifier's constructor composes its
 * pipeline from these settings.
 */
abstract sealed class VerifierSettings permits OfflineSessionTokenVerifier.Builder {

	final JwksKeySource keys;

	Set<JWSAlgorithm> algorithms = OfflineSessionTokenVerifier.DEFAULT_ALGORITHMS;

	@Nullable String issuer;

	boolean issuerCheckDisabled;

	Set<String> audiences = Set.of();

	boolean audienceCheckDisabled;

	Set<String> authorizedParties = Set.of();

	@Nullable String appId;

	@Nullable String tenantId;

	Duration clockSkew = OfflineSessionTokenVerifier.DEFAULT_CLOCK_SKEW;

	Duration maxLifetime = OfflineSessionTokenVerifier.DEFAULT_MAX_LIFETIME;

	@Nullable String expectedType;

	List<String> requiredClaims = List.of();

	List<String> sessionIdClaims = OfflineSessionTokenVerifier.DEFAULT_SESSION_ID_CLAIMS;

	int maxLength = OfflineSessionTokenVerifier.DEFAULT_MAX_LENGTH;

	@Nullable VerifiedTokenCache cache;

	Clock clock = Clock.systemUTC();

	VerificationListener listener = VerificationListener.NONE;

	@Nullable Predicate<TryMellonSession> revoked;

	@Nullable Predicate<String> tokenRevoked;

	String sandboxToken = OfflineSessionTokenVerifier.DEFAULT_SANDBOX_TOKEN;

	boolean sandboxEnabled;

	@Nullable Provider signatureProvider;

	VerifierSettings(JwksKeySource keys) {
		this.keys = keys;
	}

	/**
	 * Sets the allowed algorithms (RSA or ECDSA). Defaults to RS256.
	 * @param algorithms the algorithms
	 * @return this builder
	 */
	public OfflineSessionTokenVerifier.Builder algorithms(Set<JWSAlgorithm> algorithms) {
		Assert.notEmpty(algorithms, "algorithms cannot be empty");
		for (JWSAlgorithm algorithm : algorithms) {
			Assert.isTrue(OfflineSessionTokenVerifier.isSupported(algorithm),
					() -> "Algorithm " + algorithm + " is not a supported RSA or ECDSA signature algorithm");
		}
		this.algorithms = Set.copyOf(algorithms);
		return self();
	}

	/**
	 * Sets the required {@code iss} value.
	 * @param issuer the issuer
	 * @return this builder
	 */
	public OfflineSessionTokenVerifier.Builder issuer(String issuer) {
		Assert.hasText(issuer, "issuer cannot be empty");
		this.issuer = issuer;
		return self();
	}

	/**
	 * Accepts any {@code iss}.
	 * @return this builder
	 */
	public OfflineSessionTokenVerifier.Builder withoutIssuerCheck() {
		this.issuerCheckDisabled = true;
		this.issuer = null;
		return self();
	}

	/**
	 * Sets the accepted audiences: {@code aud} must contain one of them.
	 * @param audiences the audiences
	 * @return this builder
	 */
	public OfflineSessionTokenVerifier.Builder audiences(Collection<String> audiences) {
		Assert.notEmpty(audiences, "audiences cannot be empty");
		this.audiences = Set.copyOf(audiences);
		return self();
	}

	/**
	 * Accepts any {@code aud}: every TryMellon application shares the same keys and
	 * issuer, so this accepts other applications' tokens.
	 * @return this builder
	 */
	public OfflineSessionTokenVerifier.Builder withoutAudienceCheck() {
		this.audienceCheckDisabled = true;
		this.audiences = Set.of();
		return self();
	}

	/**
	 * Sets the accepted {@code azp} values, checked when the claim is present.
	 * @param authorizedParties the authorized parties; empty for no check
	 * @return this builder
	 */
	public OfflineSessionTokenVerifier.Builder authorizedParties(Collection<String> authorizedParties) {
		this.authorizedParties = Set.copyOf(authorizedParties);
		return self();
	}

	/**
	 * Sets the required {@code app_id}.
	 * @param appId the application id, or {@code null} for no check
	 * @return this builder
	 */
	public OfflineSessionTokenVerifier.Builder appId(@Nullable String appId) {
		this.appId = appId;
		return self();
	}

	/**
	 * Sets the required {@code tenant_id}.
	 * @param tenantId the tenant id, or {@code null} for no check
	 * @return this builder
	 */
	public OfflineSessionTokenVerifier.Builder tenantId(@Nullable String tenantId) {
		this.tenantId = tenantId;
		return self();
	}

	/**
	 * Sets the clock skew allowed on {@code exp}, {@code nbf} and {@code iat}.
	 * Defaults to 30 seconds.
	 * @param clockSkew the skew
	 * @return this builder
	 */
	public OfflineSessionTokenVerifier.Builder clockSkew(Duration clockSkew) {
		Assert.isTrue(clockSkew != null && !clockSkew.isNegative(), "clockSkew cannot be negative");
		this.clockSkew = clockSkew;
		return self();
	}

	/**
	 * Sets the longest accepted lifetime ({@code exp - iat}); a longer one is
	 * {@link TryMellonErrorCode#TOKEN_LIFETIME_TOO_LONG}, so a revoked token cannot
	 * come back once its revocation is forgotten. Defaults to
	 * {@link OfflineSessionTokenVerifier#DEFAULT_MAX_LIFETIME 24 hours}.
	 * @param maxLifetime the longest lifetime
	 * @return this builder
	 * @since 0.2.0
	 */
	public OfflineSessionTokenVerifier.Builder maxLifetime(Duration maxLifetime) {
		Assert.isTrue(maxLifetime != null && maxLifetime.toMillis() > 0, "maxLifetime must be positive");
		this.maxLifetime = maxLifetime;
		return self();
	}

	/**
	 * Sets the expected {@code typ} header, compared as media types are (ignoring
	 * case and an {@code application/} prefix); a token without it or with another
	 * is {@link TryMellonErrorCode#TOKEN_TYPE_MISMATCH}. None by default.
	 * @param expectedType the expected type, or {@code null} for no check
	 * @return this builder
	 * @since 0.2.0
	 */
	public OfflineSessionTokenVerifier.Builder expectedType(@Nullable String expectedType) {
		Assert.isTrue(expectedType == null || !expectedType.isBlank(), "expectedType cannot be blank");
		this.expectedType = expectedType;
		return self();
	}

	/**
	 * Sets claims every token must have besides {@code sub}, {@code exp} and
	 * {@code iat}; one missing (or {@code null}) is
	 * {@link TryMellonErrorCode#TOKEN_MALFORMED}. None by default.
	 * @param requiredClaims the claim names
	 * @return this builder
	 * @since 0.2.0
	 */
	public OfflineSessionTokenVerifier.Builder requiredClaims(Collection<String> requiredClaims) {
		this.requiredClaims = names(requiredClaims, "requiredClaims");
		return self();
	}

	/**
	 * Sets the claims that may hold the {@link TryMellonSession#getSessionId()
	 * session id}: the first non-empty string among them, in order. Defaults to
	 * {@code sid}, {@code session_id}.
	 * @param sessionIdClaims the claim names; empty for no session id
	 * @return this builder
	 * @since 0.2.0
	 */
	public OfflineSessionTokenVerifier.Builder sessionIdClaims(Collection<String> sessionIdClaims) {
		this.sessionIdClaims = names(sessionIdClaims, "sessionIdClaims");
		return self();
	}

	private static List<String> names(Collection<String> names, String what) {
		Assert.notNull(names, () -> what + " cannot be null");
		for (String name : names) {
			Assert.isTrue(name != null && !name.isBlank(), () -> what + " cannot contain an empty name");
		}
		return List.copyOf(names);
	}

	/**
	 * Sets the longest accepted token. Defaults to {@value OfflineSessionTokenVerifier#DEFAULT_MAX_LENGTH}
	 * characters.
	 * @param maxLength the length limit
	 * @return this builder
	 */
	public OfflineSessionTokenVerifier.Builder maxLength(int maxLength) {
		Assert.isTrue(maxLength > 0, "maxLength must be positive");
		this.maxLength = maxLength;
		return self();
	}

	/**
	 * Sets the verified-token cache. None by default.
	 * @param cache the cache, or {@code null} for none
	 * @return this builder
	 */
	public OfflineSessionTokenVerifier.Builder cache(@Nullable VerifiedTokenCache cache) {
		this.cache = cache;
		return self();
	}

	/**
	 * Sets the clock. Defaults to the UTC system clock.
	 * @param clock the clock
	 * @return this builder
	 */
	public OfflineSessionTokenVerifier.Builder clock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
		return self();
	}

	/**
	 * Sets the listener told of every outcome. None by default.
	 * @param listener the listener
	 * @return this builder
	 */
	public OfflineSessionTokenVerifier.Builder listener(VerificationListener listener) {
		Assert.notNull(listener, "listener cannot be null");
		this.listener = listener;
		return self();
	}

	/**
	 * Sets the revocation check: a verified session it matches is
	 * {@link TryMellonErrorCode#SESSION_REVOKED}, after a fresh verification and on
	 * every cache hit. It runs on the request thread, so it must be an in-memory
	 * lookup that never blocks; when it throws, the token is refused. None by
	 * default.
	 * @param revoked whether a session is revoked, or {@code null} for no check
	 * @return this builder
	 */
	public OfflineSessionTokenVerifier.Builder revocationCheck(@Nullable Predicate<TryMellonSession> revoked) {
		this.revoked = revoked;
		return self();
	}

	/**
	 * Sets the check of single-token revocations (a browser session signed out),
	 * asked with the raw token where {@link #revocationCheck(Predicate)} is asked with
	 * the session: after a fresh verification and on every cache hit, never for the
	 * sandbox token. The same rules apply: in memory, non-blocking, and a check that
	 * throws refuses the token. None by default.
	 * @param tokenRevoked whether a token is revoked, or {@code null} for no check
	 * @return this builder
	 * @since 0.2.0
	 */
	public OfflineSessionTokenVerifier.Builder tokenRevocationCheck(@Nullable Predicate<String> tokenRevoked) {
		this.tokenRevoked = tokenRevoked;
		return self();
	}

	/**
	 * Sets the sandbox token. Defaults to {@link OfflineSessionTokenVerifier#DEFAULT_SANDBOX_TOKEN}.
	 * @param sandboxToken the sandbox token
	 * @return this builder
	 */
	public OfflineSessionTokenVerifier.Builder sandboxToken(String sandboxToken) {
		Assert.hasText(sandboxToken, "sandboxToken cannot be empty");
		this.sandboxToken = sandboxToken;
		return self();
	}

	/**
	 * Sets whether the sandbox token is the SDK's mock session (user
	 * {@code sandbox-user}, valid for one hour from now). When off, the default, it
	 * is {@link TryMellonErrorCode#SANDBOX_TOKEN_REJECTED}. Development only.
	 * @param sandboxEnabled whether sandbox mode is on
	 * @return this builder
	 */
	public OfflineSessionTokenVerifier.Builder sandboxEnabled(boolean sandboxEnabled) {
		this.sandboxEnabled = sandboxEnabled;
		return self();
	}

	/**
	 * Sets the JCA provider that checks token signatures, for this verifier only: it is
	 * given to each key's verifier, never registered with
	 * {@link java.security.Security}, so nothing else in the JVM uses it. A native
	 * provider (Amazon Corretto Crypto Provider, for example) verifies RSA about twice
	 * as fast as the JDK's, which matters only for tokens the verified-token cache has
	 * not seen. {@link OfflineSessionTokenVerifier.Builder#build()} first checks that
	 * the provider verifies a known RS256 signature (when an RSA algorithm is allowed)
	 * and offers every allowed algorithm. None by default: the JDK's providers, in their
	 * configured order.
	 * @param signatureProvider the provider, or {@code null} for the JDK's
	 * @return this builder
	 * @since 0.2.0
	 */
	public OfflineSessionTokenVerifier.Builder signatureProvider(@Nullable Provider signatureProvider) {
		this.signatureProvider = signatureProvider;
		return self();
	}

	private OfflineSessionTokenVerifier.Builder self() {
		return (OfflineSessionTokenVerifier.Builder) this;
	}

}
