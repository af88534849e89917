package dev.trymellon.spring.session;

/**
 * The precise reasons a TryMellon session token, or a request carrying one, is refused.
 * <p>
 * Names reuse TryMellon's own codes where they fit ({@code SESSION_EXPIRED},
 * {@code JWT_KID_MISMATCH}, {@code INTROSPECTION_FAILED}, {@code RATE_LIMIT_EXCEEDED},
 * {@code FORBIDDEN}) and add precise ones where TryMellon's SDK blurs causes together.
 * The table in {@code docs/errors.md} lists each with its HTTP status and what to do.
 * <p>
 * A code is either a <em>bad token</em> (the client must sign in again or send another
 * token: 401), a <em>bad request</em> (400), a <em>missing permission</em> (403), or a
 * <em>could not check</em> failure (503 with {@code Retry-After}; see
 * {@link #isServiceUnavailable()}).
 *
 * @author TryMellon
 * @since 0.1.0
 */
public enum TryMellonErrorCode {

	/**
	 * No session token in the request.
	 */
	TOKEN_MISSING(401),

	/**
	 * The token is not a well-formed signed JWT: blank, too long, wrong shape, bad or
	 * non-canonical base64url, a header or payload that is not one strict JSON object
	 * (a duplicate member anywhere, including in the custom claims), a {@code crit}
	 * header (even an empty one), a NumericDate ({@code exp}, {@code nbf},
	 * {@code iat}) that is not a JSON number in {@code [0, 253402300799]}, or a required
	 * claim ({@code sub}, {@code exp}, {@code iat}, or one of
	 * {@code trymellon.token.required-claims}) missing or of the wrong type.
	 */
	TOKEN_MALFORMED(401),

	/**
	 * The header's {@code alg} is not in the allow-list (RS256 by default).
	 */
	ALGORITHM_NOT_ALLOWED(401),

	/**
	 * No published key matches the token's {@code kid}, even after the allowed JWKS
	 * refresh; or the {@code kid} is missing. Also a token verified before, while the
	 * key that verified it has since left the JWKS.
	 */
	JWT_KID_MISMATCH(401),

	/**
	 * The signature does not verify with the key named by {@code kid}.
	 */
	SIGNATURE_INVALID(401),

	/**
	 * The token's {@code exp} has passed (beyond the allowed clock skew).
	 */
	SESSION_EXPIRED(401),

	/**
	 * The token's {@code nbf}, or its {@code iat}, is in the future beyond the allowed
	 * clock skew.
	 */
	TOKEN_NOT_YET_VALID(401),

	/**
	 * The token's lifetime ({@code exp - iat}) is longer than the configured maximum
	 * ({@code trymellon.token.max-lifetime}, 24 hours by default, TryMellon's longest).
	 * @since 0.2.0
	 */
	TOKEN_LIFETIME_TOO_LONG(401),

	/**
	 * The token is not a TryMellon session token: its {@code typ} header is missing or
	 * not the expected one (when an expected type is configured).
	 * @since 0.2.0
	 */
	TOKEN_TYPE_MISMATCH(401),

	/**
	 * The {@code iss} claim is not the configured issuer.
	 */
	ISSUER_MISMATCH(401),

	/**
	 * The {@code aud} claim does not contain this application's client id (or any
	 * configured audience).
	 */
	AUDIENCE_MISMATCH(401),

	/**
	 * The {@code azp} claim is present and not one of the configured authorized parties.
	 */
	AUTHORIZED_PARTY_MISMATCH(401),

	/**
	 * The {@code app_id} claim is not the configured application id.
	 */
	APP_ID_MISMATCH(401),

	/**
	 * The {@code tenant_id} claim is not the configured tenant id.
	 */
	TENANT_ID_MISMATCH(401),

	/**
	 * The custom claims object has more than 10 keys, more than 2 KiB of JSON, or a
	 * value that is not a scalar.
	 */
	CUSTOM_CLAIMS_TOO_LARGE(401),

	/**
	 * The session, its user, or its credential was revoked (webhook or remote check).
	 */
	SESSION_REVOKED(401),

	/**
	 * The sandbox token was presented while sandbox mode is off.
	 */
	SANDBOX_TOKEN_REJECTED(401),

	/**
	 * The request is malformed: for example two {@code Authorization} headers, or a
	 * header and a cookie carrying different tokens.
	 */
	INVALID_REQUEST(400),

	/**
	 * The session is valid but lacks the authority the resource requires.
	 */
	FORBIDDEN(403),

	/**
	 * No usable signing key: the JWKS is unreachable and no cached key can be used.
	 */
	KEYS_UNAVAILABLE(503),

	/**
	 * The remote validation or introspection call failed (network, 5xx, or refused
	 * credentials).
	 */
	INTROSPECTION_FAILED(503),

	/**
	 * TryMellon's API rate-limited the remote validation call.
	 */
	RATE_LIMIT_EXCEEDED(503);

	private final int httpStatus;

	TryMellonErrorCode(int httpStatus) {
		this.httpStatus = httpStatus;
	}

	/**
	 * Returns the HTTP status a request refused for this reason is answered with.
	 * @return the status code
	 */
	public int getHttpStatus() {
		return this.httpStatus;
	}

	/**
	 * Whether this code means the token could not be checked (503), rather than that it
	 * is bad.
	 * @return {@code true} for the "could not check" codes
	 */
	public boolean isServiceUnavailable() {
		return this.httpStatus == 503;
	}

}
