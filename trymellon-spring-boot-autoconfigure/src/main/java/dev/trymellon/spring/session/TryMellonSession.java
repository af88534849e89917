package dev.trymellon.spring.session;

import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A verified TryMellon session: what a valid session token proves. Immutable and
 * serializable, so it can be the principal of an authentication stored in an HTTP
 * session.
 * <p>
 * Backed by its claims, as Spring Security's {@code Jwt} is: the
 * {@link #getClaims() claims}, the {@link #getKeyId() key id} and the names of the
 * claims that may hold the session id are the one source of truth; every typed getter
 * is derived from them (once, when the session is made: the getters cost nothing). The
 * claims are held compactly and immutably, nested objects included; the custom claims
 * are the very object the claims hold.
 * {@link #getUserId()} is the {@code user_id} claim when present, else {@code sub}.
 * Custom claims are the members of the {@code https://trymellon.dev/claims} object (a
 * verified token's scalar values: nested ones are dropped, as TryMellon's SDK does).
 * NumericDates ({@code iat}, {@code exp}, {@code nbf}) are whole seconds.
 * <p>
 * Build one with {@link #builder(String)}; test support builds sessions the same way.
 *
 * @author TryMellon
 * @since 0.1.0
 */
public final class TryMellonSession implements Serializable {

	@Serial
	private static final long serialVersionUID = 2L;

	/**
	 * The claim name of TryMellon's custom-claims object.
	 */
	public static final String CUSTOM_CLAIMS_NAMESPACE = "https://trymellon.dev/claims";

	/**
	 * The claims that hold the session id unless others are set: {@code sid}, then
	 * {@code session_id}.
	 * @since 0.2.0
	 */
	public static final List<String> DEFAULT_SESSION_ID_CLAIMS = List.of("sid", "session_id");

	/** What {@link #notBefore} holds when the token has no {@code nbf}. */
	private static final long NO_NOT_BEFORE = Long.MIN_VALUE;

	private final Map<String, Object> claims;

	private final @Nullable String keyId;

	private final List<String> sessionIdClaims;

	// Derived from the claims above, once: references into them, and the NumericDates
	// unboxed. A session sits in the verified-token cache, so it holds nothing twice.

	private final transient String subject;

	private final transient String userId;

	private final transient @Nullable String sessionId;

	private final transient long issuedAt;

	private final transient long expiresAt;

	private final transient long notBefore;

	private final transient Map<String, Object> customClaims;

	/** Made on first use: a getter nothing on the request path calls. */
	private transient volatile @Nullable List<String> audience;

	TryMellonSession(Map<String, Object> claims, @Nullable String keyId, List<String> sessionIdClaims) {
		this.claims = SessionClaims.compact(claims);
		this.keyId = keyId;
		this.sessionIdClaims = List.copyOf(sessionIdClaims);
		String subject = string("sub");
		Assert.hasText(subject, "claims must hold a non-empty 'sub'");
		this.subject = subject;
		String userId = string("user_id");
		this.userId = (userId != null && !userId.isEmpty()) ? userId : subject;
		this.sessionId = SessionClaims.firstNonEmpty(this.claims, this.sessionIdClaims);
		this.issuedAt = SessionClaims.requiredInstant(this.claims, "iat").getEpochSecond();
		this.expiresAt = SessionClaims.requiredInstant(this.claims, "exp").getEpochSecond();
		Instant notBefore = SessionClaims.instant(this.claims.get("nbf"));
		this.notBefore = (notBefore != null) ? notBefore.getEpochSecond() : NO_NOT_BEFORE;
		this.customClaims = SessionClaims.members(this.claims.get(CUSTOM_CLAIMS_NAMESPACE));
	}

	/**
	 * Starts a builder for a session of the given subject ({@code sub}).
	 * @param subject the token's subject
	 * @return a builder; {@code issuedAt} defaults to now and {@code expiresAt} to one
	 * hour later
	 */
	public static Builder builder(String subject) {
		return new Builder(subject);
	}

	/**
	 * Returns the TryMellon user id: the {@code user_id} claim when present, else
	 * {@code sub}.
	 * @return the user id
	 */
	public String getUserId() {
		return this.userId;
	}

	/**
	 * Returns the token's {@code sub} claim.
	 * @return the subject
	 */
	public String getSubject() {
		return this.subject;
	}

	/**
	 * Returns your application's id for this user ({@code external_user_id}); may be
	 * {@code null}, for example for anonymous users.
	 * @return the external user id, or {@code null}
	 */
	public @Nullable String getExternalUserId() {
		return string("external_user_id");
	}

	/**
	 * Returns the {@code tenant_id} claim.
	 * @return the tenant id, or {@code null} when the token has none
	 */
	public @Nullable String getTenantId() {
		return string("tenant_id");
	}

	/**
	 * Returns the {@code app_id} claim.
	 * @return the application id, or {@code null} when the token has none
	 */
	public @Nullable String getAppId() {
		return string("app_id");
	}

	/**
	 * Returns the session id: the first non-empty string among the verifier's
	 * session-id claims ({@code trymellon.revocation.session-id-claims}; {@code sid},
	 * then {@code session_id}, unless configured otherwise). This is the one definition
	 * of a token's session id: revocation of a session matches on it. Never the
	 * {@code jti}, which names a token, not a session. TryMellon does not document a
	 * session-id claim, so this is often {@code null}.
	 * @return the session id, or {@code null}
	 */
	public @Nullable String getSessionId() {
		return this.sessionId;
	}

	/**
	 * Returns the {@code jti} claim.
	 * @return the token id, or {@code null}
	 */
	public @Nullable String getTokenId() {
		return string("jti");
	}

	/**
	 * Returns the {@code iss} claim.
	 * @return the issuer, or {@code null}
	 */
	public @Nullable String getIssuer() {
		return string("iss");
	}

	/**
	 * Returns the {@code aud} claim as a list.
	 * @return the audiences, possibly empty
	 */
	public List<String> getAudience() {
		List<String> audience = this.audience;
		if (audience == null) {
			audience = SessionClaims.audience(this.claims.get("aud"));
			this.audience = audience;
		}
		return audience;
	}

	/**
	 * Returns the {@code azp} claim.
	 * @return the authorized party, or {@code null}
	 */
	public @Nullable String getAuthorizedParty() {
		return string("azp");
	}

	/**
	 * Returns when the token was issued ({@code iat}).
	 * @return the issue time
	 */
	public Instant getIssuedAt() {
		return Instant.ofEpochSecond(this.issuedAt);
	}

	/**
	 * Returns when the token expires ({@code exp}).
	 * @return the expiry time
	 */
	public Instant getExpiresAt() {
		return Instant.ofEpochSecond(this.expiresAt);
	}

	/**
	 * Returns the {@code nbf} claim.
	 * @return the not-before time, or {@code null}
	 */
	public @Nullable Instant getNotBefore() {
		return (this.notBefore != NO_NOT_BEFORE) ? Instant.ofEpochSecond(this.notBefore) : null;
	}

	/**
	 * Returns the {@code kid} of the key that signed the token.
	 * @return the key id, or {@code null} for sessions not proven by a signed token
	 */
	public @Nullable String getKeyId() {
		return this.keyId;
	}

	/**
	 * Returns the custom claims: the scalar values (string, number, boolean) of the
	 * {@value #CUSTOM_CLAIMS_NAMESPACE} object.
	 * @return an unmodifiable map, possibly empty
	 */
	public Map<String, Object> getCustomClaims() {
		return this.customClaims;
	}

	/**
	 * Returns one custom claim.
	 * @param name the claim name
	 * @return the value, or {@code null}
	 */
	public @Nullable Object getCustomClaim(String name) {
		return this.customClaims.get(name);
	}

	/**
	 * Returns every top-level claim of the token, as parsed.
	 * @return an unmodifiable map
	 */
	public Map<String, Object> getClaims() {
		return this.claims;
	}

	/**
	 * Returns one top-level claim.
	 * @param name the claim name
	 * @return the value, or {@code null}
	 */
	public @Nullable Object getClaim(String name) {
		return this.claims.get(name);
	}

	private @Nullable String string(String name) {
		return SessionClaims.string(this.claims, name);
	}

	@Override
	public boolean equals(@Nullable Object obj) {
		if (this == obj) {
			return true;
		}
		return (obj instanceof TryMellonSession other) && this.claims.equals(other.claims)
				&& Objects.equals(this.keyId, other.keyId) && Objects.equals(this.sessionId, other.sessionId);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.userId, this.subject, this.sessionId, getIssuedAt(), getExpiresAt());
	}

	/**
	 * Names the user and the session's validity, never the token or its claims' values.
	 */
	@Override
	public String toString() {
		return "TryMellonSession[userId=" + this.userId + ", tenantId=" + getTenantId() + ", appId=" + getAppId()
				+ ", issuedAt=" + getIssuedAt() + ", expiresAt=" + getExpiresAt() + "]";
	}

	/**
	 * Serialized as its source of truth; the derived values are derived again.
	 */
	@Serial
	private Object writeReplace() {
		return new SerializedForm(SessionClaims.expanded(this.claims), this.keyId, this.sessionIdClaims);
	}

	@Serial
	private void readObject(ObjectInputStream in) throws InvalidObjectException {
		throw new InvalidObjectException("A TryMellonSession is read through its serialized form");
	}

	private record SerializedForm(Map<String, Object> claims, @Nullable String keyId,
			List<String> sessionIdClaims) implements Serializable {

		@Serial
		private Object readResolve() {
			return new TryMellonSession(new LinkedHashMap<>(this.claims), this.keyId, this.sessionIdClaims);
		}

	}

	/**
	 * Builds {@link TryMellonSession} instances: the claims map, with the typed values
	 * set on it. A typed value set here wins over the same claim in
	 * {@link #claims(Map)}, whatever the order of the calls.
	 *
	 * @since 0.1.0
	 */
	public static final class Builder extends SessionClaimsBuilder {

		private Builder(String subject) {
			super(subject);
		}

	}

}
