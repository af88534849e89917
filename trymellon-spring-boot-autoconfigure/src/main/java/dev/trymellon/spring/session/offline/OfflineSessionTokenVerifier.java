package dev.trymellon.spring.session.offline;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

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
 * signature; the payload parsed once, strictly;</li>
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
		this.jws = new JwsCore(builder.keys, builder.algorithms, builder.expectedType, builder.maxLength);
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
	 * Returns the verified-token cache, if enabled.
	 */
	@Nullable VerifiedTokenCache getCache() {
		return this.cache;
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
	public static final class Builder {

		private final JwksKeySource keys;

		private Set<JWSAlgorithm> algorithms = Set.of(JWSAlgorithm.RS256);

		private @Nullable String issuer;

		private boolean issuerCheckDisabled;

		private Set<String> audiences = Set.of();

		private boolean audienceCheckDisabled;

		private Set<String> authorizedParties = Set.of();

		private @Nullable String appId;

		private @Nullable String tenantId;

		private Duration clockSkew = Duration.ofSeconds(30);

		private Duration maxLifetime = DEFAULT_MAX_LIFETIME;

		private @Nullable String expectedType;

		private List<String> requiredClaims = List.of();

		private List<String> sessionIdClaims = DEFAULT_SESSION_ID_CLAIMS;

		private int maxLength = 8192;

		private @Nullable VerifiedTokenCache cache;

		private Clock clock = Clock.systemUTC();

		private VerificationListener listener = VerificationListener.NONE;

		private @Nullable Predicate<TryMellonSession> revoked;

		private @Nullable Predicate<String> tokenRevoked;

		private String sandboxToken = DEFAULT_SANDBOX_TOKEN;

		private boolean sandboxEnabled;

		private Builder(JwksKeySource keys) {
			this.keys = keys;
		}

		/**
		 * Sets the allowed algorithms (RSA or ECDSA). Defaults to RS256.
		 * @param algorithms the algorithms
		 * @return this builder
		 */
		public Builder algorithms(Set<JWSAlgorithm> algorithms) {
			Assert.notEmpty(algorithms, "algorithms cannot be empty");
			for (JWSAlgorithm algorithm : algorithms) {
				Assert.isTrue(isSupported(algorithm),
						() -> "Algorithm " + algorithm + " is not a supported RSA or ECDSA signature algorithm");
			}
			this.algorithms = Set.copyOf(algorithms);
			return this;
		}

		/**
		 * Sets the required {@code iss} value.
		 * @param issuer the issuer
		 * @return this builder
		 */
		public Builder issuer(String issuer) {
			Assert.hasText(issuer, "issuer cannot be empty");
			this.issuer = issuer;
			return this;
		}

		/**
		 * Accepts any {@code iss}.
		 * @return this builder
		 */
		public Builder withoutIssuerCheck() {
			this.issuerCheckDisabled = true;
			this.issuer = null;
			return this;
		}

		/**
		 * Sets the accepted audiences: {@code aud} must contain one of them.
		 * @param audiences the audiences
		 * @return this builder
		 */
		public Builder audiences(Collection<String> audiences) {
			Assert.notEmpty(audiences, "audiences cannot be empty");
			this.audiences = Set.copyOf(audiences);
			return this;
		}

		/**
		 * Accepts any {@code aud}: every TryMellon application shares the same keys and
		 * issuer, so this accepts other applications' tokens.
		 * @return this builder
		 */
		public Builder withoutAudienceCheck() {
			this.audienceCheckDisabled = true;
			this.audiences = Set.of();
			return this;
		}

		/**
		 * Sets the accepted {@code azp} values, checked when the claim is present.
		 * @param authorizedParties the authorized parties; empty for no check
		 * @return this builder
		 */
		public Builder authorizedParties(Collection<String> authorizedParties) {
			this.authorizedParties = Set.copyOf(authorizedParties);
			return this;
		}

		/**
		 * Sets the required {@code app_id}.
		 * @param appId the application id, or {@code null} for no check
		 * @return this builder
		 */
		public Builder appId(@Nullable String appId) {
			this.appId = appId;
			return this;
		}

		/**
		 * Sets the required {@code tenant_id}.
		 * @param tenantId the tenant id, or {@code null} for no check
		 * @return this builder
		 */
		public Builder tenantId(@Nullable String tenantId) {
			this.tenantId = tenantId;
			return this;
		}

		/**
		 * Sets the clock skew allowed on {@code exp}, {@code nbf} and {@code iat}.
		 * Defaults to 30 seconds.
		 * @param clockSkew the skew
		 * @return this builder
		 */
		public Builder clockSkew(Duration clockSkew) {
			Assert.isTrue(clockSkew != null && !clockSkew.isNegative(), "clockSkew cannot be negative");
			this.clockSkew = clockSkew;
			return this;
		}

		/**
		 * Sets the longest accepted lifetime ({@code exp - iat}); a longer one is
		 * {@link TryMellonErrorCode#TOKEN_LIFETIME_TOO_LONG}, so a revoked token cannot
		 * come back once its revocation is forgotten. Defaults to
		 * {@link #DEFAULT_MAX_LIFETIME 24 hours}.
		 * @param maxLifetime the longest lifetime
		 * @return this builder
		 * @since 0.2.0
		 */
		public Builder maxLifetime(Duration maxLifetime) {
			Assert.isTrue(maxLifetime != null && maxLifetime.toMillis() > 0, "maxLifetime must be positive");
			this.maxLifetime = maxLifetime;
			return this;
		}

		/**
		 * Sets the expected {@code typ} header, compared as media types are (ignoring
		 * case and an {@code application/} prefix); a token without it or with another
		 * is {@link TryMellonErrorCode#TOKEN_TYPE_MISMATCH}. None by default.
		 * @param expectedType the expected type, or {@code null} for no check
		 * @return this builder
		 * @since 0.2.0
		 */
		public Builder expectedType(@Nullable String expectedType) {
			Assert.isTrue(expectedType == null || !expectedType.isBlank(), "expectedType cannot be blank");
			this.expectedType = expectedType;
			return this;
		}

		/**
		 * Sets claims every token must have besides {@code sub}, {@code exp} and
		 * {@code iat}; one missing (or {@code null}) is
		 * {@link TryMellonErrorCode#TOKEN_MALFORMED}. None by default.
		 * @param requiredClaims the claim names
		 * @return this builder
		 * @since 0.2.0
		 */
		public Builder requiredClaims(Collection<String> requiredClaims) {
			this.requiredClaims = names(requiredClaims, "requiredClaims");
			return this;
		}

		/**
		 * Sets the claims that may hold the {@link TryMellonSession#getSessionId()
		 * session id}: the first non-empty string among them, in order. Defaults to
		 * {@code sid}, {@code session_id}.
		 * @param sessionIdClaims the claim names; empty for no session id
		 * @return this builder
		 * @since 0.2.0
		 */
		public Builder sessionIdClaims(Collection<String> sessionIdClaims) {
			this.sessionIdClaims = names(sessionIdClaims, "sessionIdClaims");
			return this;
		}

		private static List<String> names(Collection<String> names, String what) {
			Assert.notNull(names, () -> what + " cannot be null");
			for (String name : names) {
				Assert.isTrue(name != null && !name.isBlank(), () -> what + " cannot contain an empty name");
			}
			return List.copyOf(names);
		}

		/**
		 * Sets the longest accepted token. Defaults to 8192 characters.
		 * @param maxLength the length limit
		 * @return this builder
		 */
		public Builder maxLength(int maxLength) {
			Assert.isTrue(maxLength > 0, "maxLength must be positive");
			this.maxLength = maxLength;
			return this;
		}

		/**
		 * Sets the verified-token cache. None by default.
		 * @param cache the cache, or {@code null} for none
		 * @return this builder
		 */
		public Builder cache(@Nullable VerifiedTokenCache cache) {
			this.cache = cache;
			return this;
		}

		/**
		 * Sets the clock. Defaults to the UTC system clock.
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			Assert.notNull(clock, "clock cannot be null");
			this.clock = clock;
			return this;
		}

		/**
		 * Sets the listener told of every outcome. None by default.
		 * @param listener the listener
		 * @return this builder
		 */
		public Builder listener(VerificationListener listener) {
			Assert.notNull(listener, "listener cannot be null");
			this.listener = listener;
			return this;
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
		public Builder revocationCheck(@Nullable Predicate<TryMellonSession> revoked) {
			this.revoked = revoked;
			return this;
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
		public Builder tokenRevocationCheck(@Nullable Predicate<String> tokenRevoked) {
			this.tokenRevoked = tokenRevoked;
			return this;
		}

		/**
		 * Sets the sandbox token. Defaults to {@link #DEFAULT_SANDBOX_TOKEN}.
		 * @param sandboxToken the sandbox token
		 * @return this builder
		 */
		public Builder sandboxToken(String sandboxToken) {
			Assert.hasText(sandboxToken, "sandboxToken cannot be empty");
			this.sandboxToken = sandboxToken;
			return this;
		}

		/**
		 * Sets whether the sandbox token is the SDK's mock session (user
		 * {@code sandbox-user}, valid for one hour from now). When off, the default, it
		 * is {@link TryMellonErrorCode#SANDBOX_TOKEN_REJECTED}. Development only.
		 * @param sandboxEnabled whether sandbox mode is on
		 * @return this builder
		 */
		public Builder sandboxEnabled(boolean sandboxEnabled) {
			this.sandboxEnabled = sandboxEnabled;
			return this;
		}

		/**
		 * Builds the verifier.
		 * @return the verifier
		 */
		public OfflineSessionTokenVerifier build() {
			Assert.state(this.issuer != null || this.issuerCheckDisabled,
					"An issuer is required unless the issuer check is turned off");
			Assert.state(!this.audiences.isEmpty() || this.audienceCheckDisabled,
					"An audience is required unless the audience check is turned off");
			return new OfflineSessionTokenVerifier(this);
		}

	}

}
