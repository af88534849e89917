package dev.trymellon.spring.session.offline;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.SessionTokenVerifier;
import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.session.TryMellonSession;

import org.springframework.util.Assert;

/**
 * Verifies TryMellon session tokens locally, with no network call per request. The
 * request path is {@link #verify(String)}, one step per concern, in this order:
 * <ol>
 * <li>{@link SandboxSessions sandbox}: the {@link Builder#sandboxToken(String) sandbox
 * token} (compared in constant time) is the SDK's mock session when
 * {@link Builder#sandboxEnabled(boolean) sandbox mode} is on, else refused with
 * {@link TryMellonErrorCode#SANDBOX_TOKEN_REJECTED};</li>
 * <li>the length: not empty, at most {@link Builder#maxLength(int) max-length};</li>
 * <li>the {@link VerifiedTokenCache verified-token cache}: a hit counts only while the
 * key that verified the token is in the JWKS (else the token is verified afresh);</li>
 * <li>the {@link JwsCore JWS core}: three canonical base64url parts; the header parsed
 * once, strictly, and its {@link JwsHeaderRules rules} ({@code alg} in the allow-list,
 * RS256 by default; no {@code crit}; the {@link Builder#expectedType(String) expected}
 * {@code typ}; {@code kid} required); the key from the {@link JwksKeySource} only; the
 * signature, with the JDK's providers or the {@link Builder#signatureProvider(java.security.Provider)
 * signature provider}; the payload parsed once, strictly;</li>
 * <li>the {@link ClaimValidators claim validators}, in order: required claims
 * ({@code sub}, {@code exp}, {@code iat} and any {@link Builder#requiredClaims(Collection)
 * configured}), time (with the clock skew), {@link Builder#maxLifetime(Duration)
 * lifetime}, {@code iss}, {@code aud}, {@code azp}, {@code app_id}, {@code tenant_id}, the
 * custom-claim limits (at most {@value #MAX_CUSTOM_CLAIMS} keys and
 * {@value #MAX_CUSTOM_CLAIMS_BYTES} bytes of JSON);</li>
 * <li>the {@link SessionConverter session converter}: the session id is the first
 * non-empty string among the {@link Builder#sessionIdClaims(Collection) session-id
 * claims};</li>
 * <li>the {@link RevocationGate revocation check}, on every verified session: a cache
 * hit or a fresh verification, never before the signature verified.</li>
 * </ol>
 * Every rejection is a {@link SessionTokenException} with one precise
 * {@link TryMellonErrorCode}; no message contains the token.
 *
 * @author TryMellon
 * @since 0.1.0
 */
public final class OfflineSessionTokenVerifier implements SessionTokenVerifier {

	/**
	 * Most keys the custom claims object may have.
	 */
	public static final int MAX_CUSTOM_CLAIMS = 10;

	/**
	 * Largest JSON size of the custom claims object, in bytes.
	 */
	public static final int MAX_CUSTOM_CLAIMS_BYTES = 2048;

	/**
	 * The SDK's sandbox session token ({@code SANDBOX_SESSION_TOKEN}).
	 */
	public static final String DEFAULT_SANDBOX_TOKEN = "trymellon_sandbox_session_token_v1";

	/**
	 * The session-id claims unless others are set: {@code sid}, then {@code session_id}.
	 * @since 0.2.0
	 */
	public static final List<String> DEFAULT_SESSION_ID_CLAIMS = TryMellonSession.DEFAULT_SESSION_ID_CLAIMS;

	/**
	 * The longest token lifetime ({@code exp - iat}) unless another is set: 24 hours,
	 * TryMellon's longest.
	 * @since 0.2.0
	 */
	public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofHours(24);

	/**
	 * The allowed clock difference unless another is set: 30 seconds.
	 * @since 0.2.0
	 */
	public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);

	/**
	 * The longest accepted token unless another is set: 8192 characters.
	 * @since 0.2.0
	 */
	public static final int DEFAULT_MAX_LENGTH = 8192;

	/**
	 * The accepted algorithms unless others are set: RS256, TryMellon's.
	 * @since 0.2.0
	 */
	public static final Set<JWSAlgorithm> DEFAULT_ALGORITHMS = Set.of(JWSAlgorithm.RS256);

	private final SandboxSessions sandbox;

	private final @Nullable VerifiedTokenCache cache;

	private final JwksKeySource keys;

	private final JwsCore jws;

	private final ClaimValidator[] validators;

	private final SessionConverter converter;

	private final RevocationGate revocation;

	private final long skewMillis;

	private final Clock clock;

	private final VerificationListener listener;

	private OfflineSessionTokenVerifier(Builder builder) {
		this.sandbox = new SandboxSessions(builder.sandboxToken, builder.sandboxEnabled);
		this.cache = builder.cache;
		this.keys = builder.keys;
		this.jws = new JwsCore(builder.keys, builder.algorithms, builder.expectedType, builder.maxLength,
				builder.signatureProvider);
		this.validators = ClaimValidators.ordered(builder.requiredClaims, builder.clockSkew, builder.maxLifetime,
				builder.issuer, builder.audiences, builder.authorizedParties, builder.appId, builder.tenantId)
			.toArray(new ClaimValidator[0]);
		this.converter = new SessionConverter(builder.sessionIdClaims);
		this.revocation = new RevocationGate(builder.revoked, builder.tokenRevoked);
		this.skewMillis = builder.clockSkew.toMillis();
		this.clock = builder.clock;
		this.listener = builder.listener;
	}

	/**
	 * Starts a builder verifying with the given keys.
	 * @param keys the signing keys
	 * @return a builder
	 */
	public static Builder withKeys(JwksKeySource keys) {
		Assert.notNull(keys, "keys cannot be null");
		return new Builder(keys);
	}

	@Override
	public TryMellonSession verify(@Nullable String token) {
		try {
			return check(token);
		}
		catch (SessionTokenException ex) {
			this.listener.rejected(ex.getErrorCode());
			throw ex;
		}
	}

	private TryMellonSession check(@Nullable String token) {
		TryMellonSession sandboxSession = this.sandbox.session(token, this.clock.millis());
		if (sandboxSession != null) {
			this.listener.verified(sandboxSession, false);
			return sandboxSession;
		}
		this.jws.checkLength(token);
		long now = this.clock.millis();
		VerifiedTokenCache verified = this.cache;
		if (verified != null) {
			// A hit is this exact string, which passed every check before, under a key
			// still in the JWKS; otherwise it is verified afresh.
			VerifiedTokenCache.Entry hit = verified.get(token, now);
			if (hit != null) {
				if (this.keys.isCurrent(hit.signingKey(), now)) {
					this.revocation.check(hit.session(), token);
					this.listener.verified(hit.session(), true);
					return hit.session();
				}
				verified.evict(token);
			}
		}
		JwsCore.Verified jws = this.jws.verify(token);
		TokenClaims claims = TokenClaims.read(jws.payload());
		now = this.clock.millis();
		for (ClaimValidator validator : this.validators) {
			ClaimValidator.Failure failure = validator.validate(claims, now);
			if (failure != null) {
				throw Rejections.reject(failure.code(), failure.reason());
			}
		}
		TryMellonSession session = this.converter.convert(claims, jws.key().kid());
		this.revocation.check(session, token);
		if (verified != null) {
			verified.put(token, session, jws.key(), claims.expiresAt() * 1000 + this.skewMillis, now);
		}
		this.listener.verified(session, false);
		return session;
	}

	/**
	 * Returns the key source tokens are verified with, which tells whether verifying a
	 * token may fetch keys ({@link JwksKeySource#mayFetch(String)}).
	 * @return the key source
	 * @since 0.2.0
	 */
	public JwksKeySource getKeySource() {
		return this.keys;
	}

	/**
	 * Returns the verified-token cache, if enabled.
	 */
	@Nullable VerifiedTokenCache getCache() {
		return this.cache;
	}

	/**
	 * Returns the JCA provider signatures are checked with, {@code null} for the JDK's.
	 */
	java.security.@Nullable Provider getSignatureProvider() {
		return this.jws.signatureProvider();
	}

	/**
	 * Whether the algorithm is one this verifier can be configured with: an RSA
	 * (RS256/384/512, PS256/384/512) or ECDSA (ES256/384/512) signature algorithm;
	 * never {@code none} or HMAC.
	 */
	static boolean isSupported(JWSAlgorithm algorithm) {
		return JWSAlgorithm.Family.RSA.contains(algorithm)
				|| (JWSAlgorithm.Family.EC.contains(algorithm) && !JWSAlgorithm.ES256K.equals(algorithm));
	}

	/**
	 * Builds an {@link OfflineSessionTokenVerifier}. The issuer and audience checks are
	 * required unless explicitly turned off.
	 *
	 * @since 0.1.0
	 */
	public static final class Builder extends VerifierSettings {

		private Builder(JwksKeySource keys) {
			super(keys);
		}

		/**
		 * Builds the verifier. With a
		 * {@link #signatureProvider(java.security.Provider) signature provider}, checks
		 * first that it verifies the allowed algorithms.
		 * @return the verifier
		 * @throws IllegalArgumentException when the signature provider cannot verify an
		 * allowed algorithm
		 */
		public OfflineSessionTokenVerifier build() {
			Assert.state(this.issuer != null || this.issuerCheckDisabled,
					"An issuer is required unless the issuer check is turned off");
			Assert.state(!this.audiences.isEmpty() || this.audienceCheckDisabled,
					"An audience is required unless the audience check is turned off");
			java.security.Provider provider = this.signatureProvider;
			if (provider != null) {
				SignatureProviders.check(provider, this.algorithms);
			}
			return new OfflineSessionTokenVerifier(this);
		}

	}

}
