package dev.trymellon.spring.session;

/**
 * The precise reasons a TryMellon session token, or a request carrying one, is refused.
 * <p>
 * Names reuse TryMellon's own codes where they fit ({@code SESSION_EXPIRED},
 * {@code JWT_KID_MISMATCH}, {@code INTROSPECTION_FAILED}, {@code RATE_LIMIT_EXCEEDED},
 * {@code FORBIDDEN}) and add precise ones where TryMellon's SDK blurs causes together.
 * The table in {@code docs/errors.md} lists each with what to do.
 * <p>
 * A code is either a <em>bad token</em> (the client must sign in again or send another
 * token), a <em>bad request</em>, a <em>missing permission</em>, or a <em>could not
 * check</em> failure (see {@link #isServiceUnavailable()}). How a web application
 * answers each is the web layer's concern.
 *
 * @author TryMellon
 * @since 0.1.0
 */
public enum TryMellonErrorCode {

	/**
	 * No session token in the request.
	 */
	TOKEN_MISSING,

	/**
	 * The token is not a well-formed signed JWT: blank, too long, wrong shape, bad or
	 * non-canonical base64url, a header or payload that is not one strict JSON object
	 * (a duplicate member anywhere, including in the custom claims), a {@code crit}
	 * header (even an empty one), a NumericDate ({@code exp}, {@code nbf},
	 * {@code iat}) that is not a JSON number in {@code [0, 253402300799]}, or a required
	 * claim ({@code sub}, {@code exp}, {@code iat}, or one of
	 * {@code trymellon.token.required-claims}) missing or of the wrong type.
	 */
	TOKEN_MALFORMED,

	/**
	 * The header's {@code alg} is not in the allow-list (RS256 by default).
	 */
	ALGORITHM_NOT_ALLOWED,

	/**
	 * No published key matches the token's {@code kid}, even after the allowed JWKS
	 * refresh; or the {@code kid} is missing. Also a token verified before, while the
	 * key that verified it has since left the JWKS.
	 */
	JWT_KID_MISMATCH,

	/**
	 * The signature does not verify with the key named by {@code kid}.
	 */
	SIGNATURE_INVALID,

	/**
	 * The token's {@code exp} has passed (beyond the allowed clock skew).
	 */
	SESSION_EXPIRED,

	/**
	 * The token's {@code nbf}, or its {@code iat}, is in the future beyond the allowed
	 * clock skew.
	 */
	TOKEN_NOT_YET_VALID,

	/**
	 * The token's lifetime ({@code exp - iat}) is longer than the configured maximum
	 * ({@code trymellon.token.max-lifetime}, 24 hours by default, TryMellon's longest).
	 * @since 0.2.0
	 */
	TOKEN_LIFETIME_TOO_LONG,

	/**
	 * The token is not a TryMellon session token: its {@code typ} header is missing or
	 * not the expected one (when an expected type is configured).
	 * @since 0.2.0
	 */
	TOKEN_TYPE_MISMATCH,

	/**
	 * The {@code iss} claim is not the configured issuer.
	 */
	ISSUER_MISMATCH,

	/**
	 * The {@code aud} claim does not contain this application's client id (or any
	 * configured audience).
	 */
	AUDIENCE_MISMATCH,

	/**
	 * The {@code azp} claim is present and not one of the configured authorized parties.
	 */
	AUTHORIZED_PARTY_MISMATCH,

	/**
	 * The {@code app_id} claim is not the configured application id.
	 */
	APP_ID_MISMATCH,

	/**
	 * The {@code tenant_id} claim is not the configured tenant id.
	 */
	TENANT_ID_MISMATCH,

	/**
	 * The custom claims object has more than 10 keys, more than 2 KiB of JSON, or a
	 * value that is not a scalar.
	 */
	CUSTOM_CLAIMS_TOO_LARGE,

	/**
	 * The session, its user, or its credential was revoked (webhook or remote check).
	 */
	SESSION_REVOKED,

	/**
	 * The sandbox token was presented while sandbox mode is off.
	 */
	SANDBOX_TOKEN_REJECTED,

	/**
	 * The request is malformed: for example two {@code Authorization} headers, or a
	 * header and a cookie carrying different tokens.
	 */
	INVALID_REQUEST,

	/**
	 * The session is valid but lacks the authority the resource requires.
	 */
	FORBIDDEN,

	/**
	 * A browser session exchange was sent from an origin that is not allowed: a foreign
	 * {@code Origin} header, {@code Origin: null}, or {@code Sec-Fetch-Site: cross-site},
	 * none of them in {@code trymellon.session-cookie.allowed-origins}. TryMellon's own
	 * API answers the same case with {@code origin_not_allowed}.
	 * @since 0.2.0
	 */
	ORIGIN_NOT_ALLOWED,

	/**
	 * No usable signing key: the JWKS is unreachable and no cached key can be used.
	 */
	KEYS_UNAVAILABLE,

	/**
	 * The remote validation or introspection call failed (network, 5xx, or refused
	 * credentials).
	 */
	INTROSPECTION_FAILED,

	/**
	 * TryMellon's API rate-limited the remote validation call.
	 */
	RATE_LIMIT_EXCEEDED,

	/**
	 * TryMellon's API answered that the session is not valid
	 * ({@code invalid_session_token}, {@code valid: false}, or introspection
	 * {@code active: false}) without saying why: a bad signature, an expired, revoked or
	 * malformed token are not told apart.
	 * @since 0.2.0
	 */
	SESSION_INVALID,

	/**
	 * TryMellon's API attributes the token to another user than the verified session's
	 * claims do (hybrid mode and online checks compare the two).
	 * @since 0.2.0
	 */
	USER_ID_MISMATCH;

	/**
	 * Whether this code means the token could not be checked (its keys or TryMellon's API
	 * were unavailable), rather than that it is bad.
	 * @return {@code true} for the "could not check" codes
	 */
	public boolean isServiceUnavailable() {
		return this == KEYS_UNAVAILABLE || this == INTROSPECTION_FAILED || this == RATE_LIMIT_EXCEEDED;
	}

}
