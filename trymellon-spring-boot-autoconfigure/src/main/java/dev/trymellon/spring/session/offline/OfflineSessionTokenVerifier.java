package dev.trymellon.spring.session.offline;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
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
 * refused with {@link TryMellonErrorCode#SANDBOX_TOKEN_REJECTED}. Then, in order:
 * <ol>
 * <li>the length (not blank, at most {@link Builder#maxLength(int) max-length});</li>
 * <li>the {@link VerifiedTokenCache verified-token cache}: a hit counts only while the
 * key that verified the token is in the JWKS (else the token is verified afresh);</li>
 * <li>the shape: three parts of base64url, each in its one canonical spelling;</li>
 * <li>the JWS header, parsed once, strictly (no duplicate member): {@code alg} in the
 * allow-list, RS256 by default; no {@code crit}, not even an empty one; the
 * {@link Builder#expectedType(String) expected} {@code typ}, when set; {@code kid}
 * required and matched as a string; {@code jku}, {@code x5u}, {@code jwk} and
 * {@code x5c} are ignored, keys only ever come from the {@link JwksKeySource};</li>
 * <li>the signature, over the signing input, with Nimbus's verifier for the key;</li>
 * <li>the payload, parsed once, strictly (no duplicate member at any depth, including
 * in the custom claims), then the claims: {@code sub}, {@code exp} and {@code iat}
 * required, with any {@link Builder#requiredClaims(Collection) required claims};
 * {@code exp}, {@code nbf} and {@code iat} NumericDates in {@code [0, 253402300799]},
 * checked with the clock skew; {@code exp - iat} at most the
 * {@link Builder#maxLifetime(Duration) max lifetime}; {@code iss}, {@code aud},
 * {@code azp}, {@code app_id}, {@code tenant_id}, and the custom claims (at most 10 keys
 * and 2 KiB of JSON; only scalar values are kept);</li>
 * <li>the optional {@link Builder#revocationCheck(java.util.function.Predicate)
 * revocation check}, which is also asked on every cache hit.</li>
 * </ol>
 * The session id of the {@link TryMellonSession} is the first non-empty string among the
 * {@link Builder#sessionIdClaims(Collection) session-id claims}.
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

	/**
	 * The session-id claims unless others are set: {@code sid}, then {@code session_id}.
	 * @since 0.2.0
	 */
	public static final List<String> DEFAULT_SESSION_ID_CLAIMS = List.of("sid", "session_id");

	/**
	 * The longest token lifetime ({@code exp - iat}) unless another is set: 24 hours,
	 * TryMellon's longest.
	 * @since 0.2.0
	 */
	public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofHours(24);

	private static final long SANDBOX_WARNING_INTERVAL_MILLIS = 60_000;

	/** What the claim readers answer for a NumericDate claim the token does not have. */
	private static final long ABSENT = Long.MIN_VALUE;

	private final JwksKeySource keys;

	private final Map<String, AllowedAlgorithm> algorithms;

	private final @Nullable String issuer;

	private final Set<String> audiences;

	private final Set<String> authorizedParties;

	private final @Nullable String appId;

	private final @Nullable String tenantId;

	private final long skewMillis;

	private final long maxLifetimeMillis;

	private final @Nullable String expectedType;

	private final String[] requiredClaims;

	private final String[] sessionIdClaims;

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
		Map<String, AllowedAlgorithm> algorithms = new HashMap<>();
		for (JWSAlgorithm algorithm : builder.algorithms) {
			algorithms.put(algorithm.getName(), new AllowedAlgorithm(algorithm, new JWSHeader(algorithm)));
		}
		this.algorithms = Map.copyOf(algorithms);
		this.issuer = builder.issuer;
		this.audiences = builder.audiences;
		this.authorizedParties = builder.authorizedParties;
		this.appId = builder.appId;
		this.tenantId = builder.tenantId;
		this.skewMillis = builder.clockSkew.toMillis();
		this.maxLifetimeMillis = builder.maxLifetime.toMillis();
		this.expectedType = builder.expectedType;
		this.requiredClaims = builder.requiredClaims.toArray(new String[0]);
		this.sessionIdClaims = builder.sessionIdClaims.toArray(new String[0]);
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
			// scan its characters again. It counts only while the key that verified it
			// is in the JWKS; otherwise the token is verified afresh, so the answer is a
			// fresh verification's.
			VerifiedTokenCache.Entry hit = verified.get(token, now);
			if (hit != null) {
				if (this.keys.isCurrent(hit.signingKey(), now)) {
					TryMellonSession session = hit.session();
					checkNotRevoked(session);
					this.listener.verified(session, true);
					return session;
				}
				verified.evict(token);
			}
		}
		CompactJws jws = CompactJws.split(token);
		if (jws == null) {
			throw reject(TryMellonErrorCode.TOKEN_MALFORMED,
					"Token is not a compact JWS of three canonical base64url parts");
		}
		Map<String, Object> header = parseJson(jws.header(), null, "header").members();
		AllowedAlgorithm algorithm = checkHeader(header, jws);
		SigningKey key = this.keys.key(kid(header));
		if (!key.canVerify(algorithm.algorithm())) {
			throw reject(TryMellonErrorCode.ALGORITHM_NOT_ALLOWED, "Token alg does not match the signing key");
		}
		checkSignature(jws, key, algorithm);
		StrictJson.Parsed payload = parseJson(jws.payload(), TryMellonSession.CUSTOM_CLAIMS_NAMESPACE, "payload");
		now = this.clock.millis();
		TryMellonSession session = toSession(payload, key.kid(), now);
		checkNotRevoked(session);
		if (verified != null) {
			verified.put(token, session, key, session.getExpiresAt().toEpochMilli() + this.skewMillis, now);
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

	private static StrictJson.Parsed parseJson(byte[] json, @Nullable String measured, String part) {
		try {
			return StrictJson.parseObject(json, measured);
		}
		catch (StrictJson.MalformedJsonException ex) {
			throw reject(TryMellonErrorCode.TOKEN_MALFORMED, "Token " + part + " is not a strict JSON object ("
					+ ex.getMessage() + ")");
		}
	}

	/**
	 * Checks the JWS header, in Nimbus's order of classification: {@code alg} present;
	 * not an unsigned ({@code none}) or encrypted ({@code enc}) token; {@code alg} in
	 * the allow-list; no {@code crit} at all (not even an empty one); a signature; the
	 * expected {@code typ}, when one is set.
	 */
	private AllowedAlgorithm checkHeader(Map<String, Object> header, CompactJws jws) {
		if (!(header.get("alg") instanceof String alg)) {
			throw reject(TryMellonErrorCode.TOKEN_MALFORMED, "Token header has no alg string");
		}
		if ("none".equals(alg)) {
			throw reject(TryMellonErrorCode.ALGORITHM_NOT_ALLOWED, "Unsigned token (alg 'none')");
		}
		if (header.containsKey("enc")) {
			throw reject(TryMellonErrorCode.ALGORITHM_NOT_ALLOWED, "Encrypted tokens are not accepted");
		}
		AllowedAlgorithm algorithm = this.algorithms.get(alg);
		if (algorithm == null) {
			throw reject(TryMellonErrorCode.ALGORITHM_NOT_ALLOWED, "Token alg '" + printable(alg) + "' is not allowed");
		}
		if (header.containsKey("crit")) {
			throw reject(TryMellonErrorCode.TOKEN_MALFORMED, "Token has critical header parameters");
		}
		if (!jws.hasSignature()) {
			throw reject(TryMellonErrorCode.TOKEN_MALFORMED, "Token has no signature");
		}
		Object type = header.get("typ");
		if (type != null && !(type instanceof String)) {
			throw reject(TryMellonErrorCode.TOKEN_MALFORMED, "Token header typ is not a string");
		}
		String expected = this.expectedType;
		if (expected != null && !TokenTypes.matches(expected, (String) type)) {
			throw reject(TryMellonErrorCode.TOKEN_TYPE_MISMATCH, (type != null)
					? "Token typ '" + printable((String) type) + "' is not the expected '" + expected + "'"
					: "Token has no typ; expected '" + expected + "'");
		}
		return algorithm;
	}

	private static String kid(Map<String, Object> header) {
		Object kid = header.get("kid");
		if (kid != null && !(kid instanceof String)) {
			throw reject(TryMellonErrorCode.TOKEN_MALFORMED, "Token header kid is not a string");
		}
		if (kid == null || ((String) kid).isEmpty()) {
			throw reject(TryMellonErrorCode.JWT_KID_MISMATCH, "Token header has no kid");
		}
		return (String) kid;
	}

	/**
	 * Verifies the signature over the signing input with the key's Nimbus verifier,
	 * under a header holding only the (allowed) algorithm: Nimbus parses nothing of the
	 * token.
	 */
	private static void checkSignature(CompactJws jws, SigningKey key, AllowedAlgorithm algorithm) {
		boolean valid;
		try {
			valid = key.verifier().verify(algorithm.header(), jws.signingInput(), jws.signature());
		}
		catch (JOSEException | RuntimeException ex) {
			valid = false;
		}
		if (!valid) {
			throw reject(TryMellonErrorCode.SIGNATURE_INVALID, "Signature does not verify with key '" + key.kid() + "'");
		}
	}

	private TryMellonSession toSession(StrictJson.Parsed payload, String kid, long now) {
		Map<String, Object> claims = payload.members();
		// Types first: a registered or TryMellon claim of the wrong type is malformed.
		String subject = string(claims, "sub");
		long expiresAt = numericDate(claims, "exp");
		long issuedAt = numericDate(claims, "iat");
		long notBefore = numericDate(claims, "nbf");
		String tokenIssuer = string(claims, "iss");
		List<String> audience = audience(claims);
		String tokenId = string(claims, "jti");
		String azp = string(claims, "azp");
		String tokenAppId = string(claims, "app_id");
		String tokenTenantId = string(claims, "tenant_id");
		String userId = nonEmpty(string(claims, "user_id"));
		String externalUserId = string(claims, "external_user_id");
		if (subject == null || subject.isEmpty() || expiresAt == ABSENT || issuedAt == ABSENT) {
			throw reject(TryMellonErrorCode.TOKEN_MALFORMED, "Token lacks one of the required claims sub, exp, iat");
		}
		for (String name : this.requiredClaims) {
			if (claims.get(name) == null) {
				throw reject(TryMellonErrorCode.TOKEN_MALFORMED, "Token lacks the required claim '" + name + "'");
			}
		}
		// Seconds within [0, 253402300799]: no overflow in milliseconds, with the skew.
		if (now > expiresAt * 1000 + this.skewMillis) {
			throw reject(TryMellonErrorCode.SESSION_EXPIRED, "Token expired at " + Instant.ofEpochSecond(expiresAt));
		}
		if (notBefore != ABSENT && notBefore * 1000 > now + this.skewMillis) {
			throw reject(TryMellonErrorCode.TOKEN_NOT_YET_VALID,
					"Token is not valid before " + Instant.ofEpochSecond(notBefore));
		}
		if (issuedAt * 1000 > now + this.skewMillis) {
			throw reject(TryMellonErrorCode.TOKEN_NOT_YET_VALID, "Token is issued in the future");
		}
		if ((expiresAt - issuedAt) * 1000 > this.maxLifetimeMillis) {
			throw reject(TryMellonErrorCode.TOKEN_LIFETIME_TOO_LONG, "Token lifetime (exp - iat) is "
					+ (expiresAt - issuedAt) + " s, longer than " + this.maxLifetimeMillis / 1000 + " s");
		}
		if (this.issuer != null && !this.issuer.equals(tokenIssuer)) {
			throw reject(TryMellonErrorCode.ISSUER_MISMATCH, "Token iss is not the configured issuer");
		}
		if (!this.audiences.isEmpty() && !containsAny(audience, this.audiences)) {
			throw reject(TryMellonErrorCode.AUDIENCE_MISMATCH, "Token aud does not name this application");
		}
		if (azp != null && !this.authorizedParties.isEmpty() && !this.authorizedParties.contains(azp)) {
			throw reject(TryMellonErrorCode.AUTHORIZED_PARTY_MISMATCH, "Token azp is not an authorized party");
		}
		if (this.appId != null && !this.appId.equals(tokenAppId)) {
			throw reject(TryMellonErrorCode.APP_ID_MISMATCH, "Token app_id is not the configured application");
		}
		if (this.tenantId != null && !this.tenantId.equals(tokenTenantId)) {
			throw reject(TryMellonErrorCode.TENANT_ID_MISMATCH, "Token tenant_id is not the configured tenant");
		}
		Map<String, Object> custom = customClaims(claims.get(TryMellonSession.CUSTOM_CLAIMS_NAMESPACE),
				payload.measuredBytes());
		// The claims as read: the dates as whole seconds.
		claims.put("exp", expiresAt);
		claims.put("iat", issuedAt);
		if (notBefore != ABSENT) {
			claims.put("nbf", notBefore);
		}
		return TryMellonSession.builder(subject)
			.userId(userId)
			.externalUserId(externalUserId)
			.tenantId(tokenTenantId)
			.appId(tokenAppId)
			.sessionId(sessionId(claims))
			.tokenId(tokenId)
			.issuer(tokenIssuer)
			.audience(audience)
			.authorizedParty(azp)
			.issuedAt(Instant.ofEpochSecond(issuedAt))
			.expiresAt(Instant.ofEpochSecond(expiresAt))
			.notBefore((notBefore != ABSENT) ? Instant.ofEpochSecond(notBefore) : null)
			.keyId(kid)
			.customClaims(custom)
			.claims(claims)
			.build();
	}

	private static @Nullable String string(Map<String, Object> claims, String name) {
		Object value = claims.get(name);
		if (value == null || value instanceof String) {
			return (String) value;
		}
		throw reject(TryMellonErrorCode.TOKEN_MALFORMED, "Token claim '" + name + "' is not a string");
	}

	/**
	 * Reads a NumericDate claim.
	 * @return the seconds, or {@link #ABSENT}
	 */
	private static long numericDate(Map<String, Object> claims, String name) {
		if (!claims.containsKey(name)) {
			return ABSENT;
		}
		long seconds = NumericDate.seconds(claims.get(name));
		if (seconds == NumericDate.INVALID) {
			throw reject(TryMellonErrorCode.TOKEN_MALFORMED,
					"Token claim '" + name + "' is not a NumericDate (a JSON number from 0 to 253402300799)");
		}
		return seconds;
	}

	@SuppressWarnings("unchecked")
	private static List<String> audience(Map<String, Object> claims) {
		Object audience = claims.get("aud");
		if (audience == null) {
			return List.of();
		}
		if (audience instanceof String value) {
			return List.of(value);
		}
		if (audience instanceof List<?> values) {
			for (Object value : values) {
				if (!(value instanceof String)) {
					throw reject(TryMellonErrorCode.TOKEN_MALFORMED, "Token aud holds a value that is not a string");
				}
			}
			return (List<String>) values;
		}
		throw reject(TryMellonErrorCode.TOKEN_MALFORMED, "Token aud is neither a string nor an array of strings");
	}

	private static @Nullable String nonEmpty(@Nullable String value) {
		return (value != null && !value.isEmpty()) ? value : null;
	}

	/**
	 * The session id: the first non-empty string among the session-id claims.
	 */
	private @Nullable String sessionId(Map<String, Object> claims) {
		for (String name : this.sessionIdClaims) {
			if (claims.get(name) instanceof String value && !value.isEmpty()) {
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

	/**
	 * The scalar values of the custom-claims object, after its limits: at most
	 * {@value #MAX_CUSTOM_CLAIMS} keys and {@value #MAX_CUSTOM_CLAIMS_BYTES} bytes of
	 * JSON, as signed.
	 */
	private static Map<String, Object> customClaims(@Nullable Object namespace, int bytes) {
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
		if (bytes > MAX_CUSTOM_CLAIMS_BYTES) {
			throw reject(TryMellonErrorCode.CUSTOM_CLAIMS_TOO_LARGE,
					"Custom claims are " + bytes + " bytes of JSON (at most " + MAX_CUSTOM_CLAIMS_BYTES + ")");
		}
		Map<String, Object> scalars = new LinkedHashMap<>();
		for (Map.Entry<?, ?> entry : object.entrySet()) {
			Object value = entry.getValue();
			if (value instanceof String || value instanceof Number || value instanceof Boolean) {
				scalars.put(String.valueOf(entry.getKey()), value);
			}
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

		private Duration maxLifetime = DEFAULT_MAX_LIFETIME;

		private @Nullable String expectedType;

		private List<String> requiredClaims = List.of();

		private List<String> sessionIdClaims = DEFAULT_SESSION_ID_CLAIMS;

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
		 * Sets the longest accepted token lifetime: a token whose {@code exp - iat} is
		 * longer is refused with {@link TryMellonErrorCode#TOKEN_LIFETIME_TOO_LONG}, so a
		 * revoked token cannot come back once its revocation has been forgotten. Defaults
		 * to {@link #DEFAULT_MAX_LIFETIME 24 hours}, TryMellon's longest.
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
		 * Sets the expected {@code typ} header: a token without it, or with another, is
		 * refused with {@link TryMellonErrorCode#TOKEN_TYPE_MISMATCH}. Compared as media
		 * types are: ignoring case and an {@code application/} prefix. None by default
		 * (TryMellon's session tokens say {@code JWT}); set it to tell session tokens from
		 * TryMellon's other token kinds once their types differ.
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
		 * Sets claims every accepted token must have (besides {@code sub}, {@code exp}
		 * and {@code iat}); a token without one (or with {@code null}) is refused with
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
		 * Sets the claims that may hold the session id: the session's
		 * {@link TryMellonSession#getSessionId() session id} is the first non-empty
		 * string among them, in order. Defaults to {@code sid}, {@code session_id}.
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


	/**
	 * An allowed algorithm, with the header its signatures are verified under.
	 */
	private record AllowedAlgorithm(JWSAlgorithm algorithm, JWSHeader header) {
	}

}
