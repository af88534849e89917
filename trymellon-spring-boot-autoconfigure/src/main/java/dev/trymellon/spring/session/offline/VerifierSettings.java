package dev.trymellon.spring.session.offline;

import java.security.Provider;
import java.time.Clock;
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
 * {@link IllegalArgumentException} naming it), the claim checks' in
 * {@link ClaimCheckSettings}. The verifier's constructor composes its pipeline from
 * these settings.
 */
abstract sealed class VerifierSettings extends ClaimCheckSettings permits OfflineSessionTokenVerifier.Builder {

	final JwksKeySource keys;

	Set<JWSAlgorithm> algorithms = OfflineSessionTokenVerifier.DEFAULT_ALGORITHMS;

	@Nullable String expectedType;

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

}
