package dev.trymellon.spring.session.offline;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.SessionTokenVerifier;
import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.session.offline.SigningKeys.SigningKey;

import org.springframework.util.Assert;

/**
 * Verifies TryMellon session tokens locally, with no network call per request.
 * <p>
 * First, the {@link Builder#sandboxToken(String) sandbox token}: when
 * {@link Builder#sandboxEnabled(boolean) sandbox mode} is on, that exact string (compared
 * in constant time) is the SDK's mock session with no JWT parsing; when it is off, it is
 * refused with {@link TryMellonErrorCode#SANDBOX_TOKEN_REJECTED}. Then, in order: cheap pre-checks (blank, too long, not three base64url parts); the
 * {@link VerifiedTokenCache verified-token cache}; the JWS header ({@code alg} in the
 * allow-list, RS256 by default; no {@code crit}; {@code kid} required and matched as a
 * string; {@code jku}, {@code x5u}, {@code jwk} and {@code x5c} are ignored, keys only
 * ever come from the {@link JwksKeySource}); the signature; then the claims: {@code sub},
 * {@code exp} and {@code iat} required, {@code exp}, {@code nbf} and {@code iat} with
 * the clock skew, {@code iss}, {@code aud}, {@code azp}, {@code app_id},
 * {@code tenant_id}, and the custom claims (at most 10 keys and 2 KiB of JSON; only
 * scalar values are kept); last, the optional
 * {@link Builder#revocationCheck(java.util.function.Predicate) revocation check}, which is
 * also asked on every cache hit.
 * <p>
 * Every rejection is a {@link SessionTokenException} with one precise
 * {@link TryMellonErrorCode}; no message contains the token.
 *
 * @author TryMellon
 * @since 0.1.0
 */
public final class OfflineSessionTokenVerifier implements SessionTokenVerifier {

	private static final Log logger = LogFactory.getLog(OfflineSessionTokenVerifier.class);

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

	private static final long SANDBOX_WARNING_INTERVAL_MILLIS = 60_000;

	private final JwksKeySource keys;

	private final Set<JWSAlgorithm> algorithms;

	private final @Nullable String issuer;

	private final Set<String> audiences;

	private final Set<String> authorizedParties;

	private final @Nullable String appId;

	private final @Nullable String tenantId;

	private final long skewMillis;

	private final int maxLength;

	private final @Nullable VerifiedTokenCache cache;

	private final Clock clock;

	private final VerificationListener listener;

	private final @Nullable Predicate<TryMellonSession> revoked;

	private final byte[] sandboxToken;

	private final int sandboxTokenLength;

	private final boolean sandboxEnabled;

	private final AtomicLong lastSandboxWarning = new AtomicLong(Long.MIN_VALUE);

	private OfflineSessionTokenVerifier(Builder builder) {
		this.keys = builder.keys;
		this.algorithms = builder.algorithms;
		this.issuer = builder.issuer;
		this.audiences = builder.audiences;
		this.authorizedParties = builder.authorizedParties;
		this.appId = builder.appId;
		this.tenantId = builder.tenantId;
		this.skewMillis = builder.clockSkew.toMillis();
		this.maxLength = builder.maxLength;
		this.cache = builder.cache;
		this.clock = builder.clock;
		this.listener = builder.listener;
		this.revoked = builder.revoked;
		this.sandboxToken = builder.sandboxToken.getBytes(StandardCharsets.UTF_8);
		this.sandboxTokenLength = builder.sandboxToken.length();
		this.sandboxEnabled = builder.sandboxEnabled;
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

	/**
	 * Returns the verified-token cache, if enabled.
	 * @return the cache, or {@code null}
	 */
	public @Nullable VerifiedTokenCache getCache() {
		return this.cache;
	}

	/**
	 * Returns the key source.
	 * @return the keys
	 */
	public JwksKeySource getKeySource() {
		return this.keys;
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
		if (token != null && token.length() == this.sandboxTokenLength && isSandboxToken(token)) {
			return sandboxSession();
		}
		checkLength(token);
		long now = this.clock.millis();
		VerifiedTokenCache verified = this.cache;
		if (verified != null) {
			// A hit is this exact string, which passed every check before: no need to
			// scan its characters again.
			TryMellonSession hit = verified.get(token, now);
			if (hit != null) {
				checkNotRevoked(hit);
				this.listener.verified(hit, true);
				return hit;
			}
		}
		checkShape(token);
		SignedJWT jwt = parse(token);
		JWSHeader header = jwt.getHeader();
		SigningKey key = this.keys.key(checkHeader(header, jwt));
		if (!key.canVerify(header.getAlgorithm())) {
			throw reject(TryMellonErrorCode.ALGORITHM_NOT_ALLOWED, "Token alg does not match the signing key");
		}
		checkSignature(jwt, key);
		now = this.clock.millis();
		JWTClaimsSet claims = claims(jwt);
		TryMellonSession session = toSession(claims, key.kid(), now);
		checkNotRevoked(session);
		if (verified != null) {
			verified.put(token, session, session.getExpiresAt().toEpochMilli() + this.skewMillis, now);
		}
		this.listener.verified(session, false);
		return session;
	}

	/**
	 * Asks the revocation check, an in-memory lookup. A check that throws refuses the
	 * token (fail closed).
	 */
	private void checkNotRevoked(TryMellonSession session) {
		Predicate<TryMellonSession> check = this.revoked;
		if (check == null) {
			return;
		}
		boolean refused;
		try {
			refused = check.test(session);
		}
		catch (RuntimeException ex) {
			logger.warn("Revocation check failed; refusing the token: " + ex);
			refused = true;
		}
		if (refused) {
			throw reject(TryMellonErrorCode.SESSION_REVOKED, "Session, user or credential was revoked");
		}
	}

	private boolean isSandboxToken(String token) {
		return MessageDigest.isEqual(this.sandboxToken, token.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The SDK's mock session when sandbox mode is on; otherwise a refusal, with a
	 * warning at most once a minute.
	 */
	private TryMellonSession sandboxSession() {
		long now = this.clock.millis();
		if (!this.sandboxEnabled) {
			long last = this.lastSandboxWarning.get();
			if ((last == Long.MIN_VALUE || now - last >= SANDBOX_WARNING_INTERVAL_MILLIS)
					&& this.lastSandboxWarning.compareAndSet(last, now)) {
				logger.warn("Refused TryMellon's sandbox session token: sandbox mode is off "
						+ "('trymellon.sandbox.enabled=false'). A client was left in sandbox mode");
			}
			throw reject(TryMellonErrorCode.SANDBOX_TOKEN_REJECTED, "Sandbox token while sandbox mode is off");
		}
		Instant issuedAt = Instant.ofEpochMilli(now);
		TryMellonSession session = TryMellonSession.builder("sandbox-user")
			.externalUserId("sandbox")
			.tenantId("sandbox-tenant")
			.appId("sandbox-app")
			.issuedAt(issuedAt)
			.expiresAt(issuedAt.plus(Duration.ofHours(1)))
			.build();
		this.listener.verified(session, false);
		return session;
	}

	private void checkLength(@Nullable String token) {
		if (token == null || token.isEmpty()) {
			throw reject(TryMellonErrorCode.TOKEN_MALFORMED, "Token is empty");
		}
		if (token.length() > this.maxLength) {
			throw reject(TryMellonErrorCode.TOKEN_MALFORMED, "Token is longer than " + this.maxLength + " characters");
		}
	}

	private static void checkShape(String token) {
		int length = token.length();
		int dots = 0;
		int firstDot = -1;
		int secondDot = -1;
		for (int i = 0; i < length; i++) {
			char c = token.charAt(i);
			if (c == '.') {
				if (++dots == 1) {
					firstDot = i;
				}
				else if (dots == 2) {
					secondDot = i;
				}
			}
			else if (!isBase64Url(c)) {
				throw reject(TryMellonErrorCode.TOKEN_MALFORMED, "Token contains a character outside base64url");
			}
		}
		if (dots != 2 || firstDot == 0 || secondDot == firstDot + 1) {
			throw reject(TryMellonErrorCode.TOKEN_MALFORMED, "Token is not a compact JWS of three parts");
		}
	}

	private static boolean isBase64Url(char c) {
		return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
	}

	private SignedJWT parse(String token) {
		try {
			return SignedJWT.parse(token);
		}
		catch (ParseException | RuntimeException ex) {
			throw classifyUnparsable(token);
		}
	}

	/**
	 * Tells an unsigned or encrypted token (a header Nimbus refuses as JWS) apart from
	 * garbage.
	 */
	private SessionTokenException classifyUnparsable(String token) {
		try {
			Header header = Header.parse(new Base64URL(token.substring(0, token.indexOf('.'))));
			if (header instanceof PlainHeader) {
				return reject(TryMellonErrorCode.ALGORITHM_NOT_ALLOWED, "Unsigned token (alg 'none')");
			}
			if (header instanceof JWEHeader) {
				return reject(TryMellonErrorCode.ALGORITHM_NOT_ALLOWED, "Encrypted tokens are not accepted");
			}
		}
		catch (ParseException | RuntimeException ex) {
			// fall through
		}
		return reject(TryMellonErrorCode.TOKEN_MALFORMED, "Token header or payload is not valid JSON");
	}

	private String checkHeader(JWSHeader header, SignedJWT jwt) {
		if (!this.algorithms.contains(header.getAlgorithm())) {
			throw reject(TryMellonErrorCode.ALGORITHM_NOT_ALLOWED,
					"Token alg '" + printable(header.getAlgorithm().getName()) + "' is not allowed");
		}
		if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
			throw reject(TryMellonErrorCode.TOKEN_MALFORMED, "Token has critical header parameters");
		}
		if (jwt.getSignature() == null || jwt.getSignature().toString().isEmpty()) {
			throw reject(TryMellonErrorCode.TOKEN_MALFORMED, "Token has no signature");
		}
		String kid = header.getKeyID();
		if (kid == null || kid.isEmpty()) {
			throw reject(TryMellonErrorCode.JWT_KID_MISMATCH, "Token header has no kid");
		}
		return kid;
	}

	private void checkSignature(SignedJWT jwt, SigningKey key) {
		boolean valid;
		try {
			valid = jwt.verify(key.verifier());
		}
		catch (JOSEException | RuntimeException ex) {
			valid = false;
		}
		if (!valid) {
			throw reject(TryMellonErrorCode.SIGNATURE_INVALID, "Signature does not verify with key '" + key.kid() + "'");
		}
	}

	private static JWTClaimsSet claims(SignedJWT jwt) {
		try {
			return jwt.getJWTClaimsSet();
		}
		catch (ParseException | RuntimeException ex) {
			throw reject(TryMellonErrorCode.TOKEN_MALFORMED, "Token payload is not a JSON claims set");
		}
	}

	private TryMellonSession toSession(JWTClaimsSet claims, String kid, long now) {
		try {
			String subject = claims.getSubject();
			Date expiresAt = claims.getExpirationTime();
			Date issuedAt = claims.getIssueTime();
			if (subject == null || subject.isEmpty() || expiresAt == null || issuedAt == null) {
				throw reject(TryMellonErrorCode.TOKEN_MALFORMED, "Token lacks one of the required claims sub, exp, iat");
			}
			if (now > expiresAt.getTime() + this.skewMillis) {
				throw reject(TryMellonErrorCode.SESSION_EXPIRED, "Token expired at " + expiresAt.toInstant());
			}
			Date notBefore = claims.getNotBeforeTime();
			if (notBefore != null && notBefore.getTime() > now + this.skewMillis) {
				throw reject(TryMellonErrorCode.TOKEN_NOT_YET_VALID, "Token is not valid before " + notBefore.toInstant());
			}
			if (issuedAt.getTime() > now + this.skewMillis) {
				throw reject(TryMellonErrorCode.TOKEN_NOT_YET_VALID, "Token is issued in the future");
			}
			if (this.issuer != null && !this.issuer.equals(claims.getIssuer())) {
				throw reject(TryMellonErrorCode.ISSUER_MISMATCH, "Token iss is not the configured issuer");
			}
			List<String> audience = claims.getAudience();
			if (!this.audiences.isEmpty() && !containsAny(audience, this.audiences)) {
				throw reject(TryMellonErrorCode.AUDIENCE_MISMATCH, "Token aud does not name this application");
			}
			String azp = claims.getStringClaim("azp");
			if (azp != null && !this.authorizedParties.isEmpty() && !this.authorizedParties.contains(azp)) {
				throw reject(TryMellonErrorCode.AUTHORIZED_PARTY_MISMATCH, "Token azp is not an authorized party");
			}
			String tokenAppId = claims.getStringClaim("app_id");
			if (this.appId != null && !this.appId.equals(tokenAppId)) {
				throw reject(TryMellonErrorCode.APP_ID_MISMATCH, "Token app_id is not the configured application");
			}
			String tokenTenantId = claims.getStringClaim("tenant_id");
			if (this.tenantId != null && !this.tenantId.equals(tokenTenantId)) {
				throw reject(TryMellonErrorCode.TENANT_ID_MISMATCH, "Token tenant_id is not the configured tenant");
			}
			return TryMellonSession.builder(subject)
				.userId(nonEmpty(claims.getStringClaim("user_id")))
				.externalUserId(claims.getStringClaim("external_user_id"))
				.tenantId(tokenTenantId)
				.appId(tokenAppId)
				.sessionId(sessionId(claims))
				.tokenId(claims.getJWTID())
				.issuer(claims.getIssuer())
				.audience(audience)
				.authorizedParty(azp)
				.issuedAt(issuedAt.toInstant())
				.expiresAt(expiresAt.toInstant())
				.notBefore((notBefore != null) ? notBefore.toInstant() : null)
				.keyId(kid)
				.customClaims(customClaims(claims))
				.claims(claims.toJSONObject())
				.build();
		}
		catch (ParseException ex) {
			throw reject(TryMellonErrorCode.TOKEN_MALFORMED, "Token claim has the wrong type: " + ex.getMessage());
		}
	}

	private static @Nullable String nonEmpty(@Nullable String value) {
		return (value != null && !value.isEmpty()) ? value : null;
	}

	private static @Nullable String sessionId(JWTClaimsSet claims) {
		for (String name : new String[] { "sid", "session_id" }) {
			if (claims.getClaim(name) instanceof String value && !value.isEmpty()) {
				return value;
			}
		}
		return null;
	}

	private static boolean containsAny(List<String> values, Set<String> accepted) {
		for (String value : values) {
			if (accepted.contains(value)) {
				return true;
			}
		}
		return false;
	}

	private static Map<String, Object> customClaims(JWTClaimsSet claims) {
		Object namespace = claims.getClaim(TryMellonSession.CUSTOM_CLAIMS_NAMESPACE);
		if (namespace == null) {
			return Map.of();
		}
		if (!(namespace instanceof Map<?, ?> object)) {
			throw reject(TryMellonErrorCode.TOKEN_MALFORMED, "Custom claims are not a JSON object");
		}
		if (object.size() > MAX_CUSTOM_CLAIMS) {
			throw reject(TryMellonErrorCode.CUSTOM_CLAIMS_TOO_LARGE,
					"Custom claims have " + object.size() + " keys (at most " + MAX_CUSTOM_CLAIMS + ")");
		}
		Map<String, Object> scalars = new LinkedHashMap<>();
		for (Map.Entry<?, ?> entry : object.entrySet()) {
			Object value = entry.getValue();
			if (value instanceof String || value instanceof Number || value instanceof Boolean) {
				scalars.put(String.valueOf(entry.getKey()), value);
			}
		}
		@SuppressWarnings("unchecked")
		int bytes = JSONObjectUtils.toJSONString((Map<String, ?>) object).getBytes(StandardCharsets.UTF_8).length;
		if (bytes > MAX_CUSTOM_CLAIMS_BYTES) {
			throw reject(TryMellonErrorCode.CUSTOM_CLAIMS_TOO_LARGE,
					"Custom claims are " + bytes + " bytes of JSON (at most " + MAX_CUSTOM_CLAIMS_BYTES + ")");
		}
		return scalars;
	}

	/**
	 * Whether the algorithm is one this verifier can be configured with: an RSA
	 * (RS256/384/512, PS256/384/512) or ECDSA (ES256/384/512) signature algorithm.
	 * {@code none} and HMAC algorithms never are.
	 * @param algorithm the algorithm
	 * @return {@code true} when supported
	 */
	public static boolean isSupported(JWSAlgorithm algorithm) {
		return JWSAlgorithm.Family.RSA.contains(algorithm)
				|| (JWSAlgorithm.Family.EC.contains(algorithm) && !JWSAlgorithm.ES256K.equals(algorithm));
	}

	/**
	 * Makes a value taken from a token safe to log: short, and only characters that
	 * cannot forge log lines.
	 */
	private static String printable(String value) {
		StringBuilder out = new StringBuilder(Math.min(value.length(), 32));
		for (int i = 0; i < value.length() && i < 32; i++) {
			char c = value.charAt(i);
			out.append((c >= 0x20 && c < 0x7f) ? c : '?');
		}
		return (value.length() > 32) ? out.append("...").toString() : out.toString();
	}

	private static SessionTokenException reject(TryMellonErrorCode code, String reason) {
		if (logger.isDebugEnabled()) {
			logger.debug("Session token rejected: " + code + ": " + reason);
		}
		return new SessionTokenException(code, reason);
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

		private int maxLength = 8192;

		private @Nullable VerifiedTokenCache cache;

		private Clock clock = Clock.systemUTC();

		private VerificationListener listener = VerificationListener.NONE;

		private @Nullable Predicate<TryMellonSession> revoked;

		private String sandboxToken = DEFAULT_SANDBOX_TOKEN;

		private boolean sandboxEnabled;

		private Builder(JwksKeySource keys) {
			this.keys = keys;
		}

		/**
		 * Sets the allowed algorithms. Defaults to RS256.
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
		 * Accepts any {@code aud}. Every TryMellon application shares the same keys and
		 * issuer, so this accepts other applications' tokens.
		 * @return this builder
		 */
		public Builder withoutAudienceCheck() {
			this.audienceCheckDisabled = true;
			this.audiences = Set.of();
			return this;
		}

		/**
		 * Sets the accepted {@code azp} values (checked when the claim is present).
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
		 * Sets the allowed clock skew on {@code exp}, {@code nbf} and {@code iat}.
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
		 * Sets the revocation check: a verified session it matches is refused with
		 * {@link TryMellonErrorCode#SESSION_REVOKED}, after a fresh verification and on
		 * every verified-token cache hit. Called on the request thread, so it must be an
		 * in-memory lookup that never blocks; when it throws, the token is refused. None
		 * by default.
		 * @param revoked whether a session is revoked, or {@code null} for no check
		 * @return this builder
		 */
		public Builder revocationCheck(@Nullable Predicate<TryMellonSession> revoked) {
			this.revoked = revoked;
			return this;
		}

		/**
		 * Sets the sandbox session token value. Defaults to
		 * {@link #DEFAULT_SANDBOX_TOKEN}, the SDK's constant.
		 * @param sandboxToken the sandbox token
		 * @return this builder
		 */
		public Builder sandboxToken(String sandboxToken) {
			Assert.hasText(sandboxToken, "sandboxToken cannot be empty");
			this.sandboxToken = sandboxToken;
			return this;
		}

		/**
		 * Sets whether the sandbox token is accepted as the SDK's mock session (user
		 * {@code sandbox-user}, valid for one hour from now). When off, the default, it
		 * is refused with {@link TryMellonErrorCode#SANDBOX_TOKEN_REJECTED}. Development
		 * only.
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
