package dev.trymellon.spring.session;

import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;
import java.util.Collections;
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
 * {@link #getUserId()} is the {@code user_id} claim when present, else {@code sub}.
 * Custom claims are the scalar values of the {@code https://trymellon.dev/claims}
 * object. Every other top-level claim is kept in {@link #getClaims()}.
 * <p>
 * Build one with {@link #builder(String)}; test support builds sessions the same way.
 *
 * @author TryMellon
 * @since 0.1.0
 */
public final class TryMellonSession implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	/**
	 * The claim name of TryMellon's custom-claims object.
	 */
	public static final String CUSTOM_CLAIMS_NAMESPACE = "https://trymellon.dev/claims";

	private final String userId;

	private final String subject;

	private final @Nullable String externalUserId;

	private final @Nullable String tenantId;

	private final @Nullable String appId;

	private final @Nullable String sessionId;

	private final @Nullable String tokenId;

	private final @Nullable String issuer;

	private final List<String> audience;

	private final @Nullable String authorizedParty;

	private final Instant issuedAt;

	private final Instant expiresAt;

	private final @Nullable Instant notBefore;

	private final @Nullable String keyId;

	private final Map<String, Object> customClaims;

	private final Map<String, Object> claims;

	private TryMellonSession(Builder builder) {
		this.subject = builder.subject;
		this.userId = (builder.userId != null) ? builder.userId : builder.subject;
		this.externalUserId = builder.externalUserId;
		this.tenantId = builder.tenantId;
		this.appId = builder.appId;
		this.sessionId = builder.sessionId;
		this.tokenId = builder.tokenId;
		this.issuer = builder.issuer;
		this.audience = List.copyOf(builder.audience);
		this.authorizedParty = builder.authorizedParty;
		this.issuedAt = builder.issuedAt;
		this.expiresAt = builder.expiresAt;
		this.notBefore = builder.notBefore;
		this.keyId = builder.keyId;
		this.customClaims = Collections.unmodifiableMap(new LinkedHashMap<>(builder.customClaims));
		this.claims = Collections.unmodifiableMap(new LinkedHashMap<>(builder.claims));
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
		return this.externalUserId;
	}

	/**
	 * Returns the {@code tenant_id} claim.
	 * @return the tenant id, or {@code null} when the token has none
	 */
	public @Nullable String getTenantId() {
		return this.tenantId;
	}

	/**
	 * Returns the {@code app_id} claim.
	 * @return the application id, or {@code null} when the token has none
	 */
	public @Nullable String getAppId() {
		return this.appId;
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
		return this.tokenId;
	}

	/**
	 * Returns the {@code iss} claim.
	 * @return the issuer, or {@code null}
	 */
	public @Nullable String getIssuer() {
		return this.issuer;
	}

	/**
	 * Returns the {@code aud} claim as a list.
	 * @return the audiences, possibly empty
	 */
	public List<String> getAudience() {
		return this.audience;
	}

	/**
	 * Returns the {@code azp} claim.
	 * @return the authorized party, or {@code null}
	 */
	public @Nullable String getAuthorizedParty() {
		return this.authorizedParty;
	}

	/**
	 * Returns when the token was issued ({@code iat}).
	 * @return the issue time
	 */
	public Instant getIssuedAt() {
		return this.issuedAt;
	}

	/**
	 * Returns when the token expires ({@code exp}).
	 * @return the expiry time
	 */
	public Instant getExpiresAt() {
		return this.expiresAt;
	}

	/**
	 * Returns the {@code nbf} claim.
	 * @return the not-before time, or {@code null}
	 */
	public @Nullable Instant getNotBefore() {
		return this.notBefore;
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

	/**
	 * Whether the session has expired at the given instant (no skew applied).
	 * @param now the instant to compare with
	 * @return {@code true} when {@code now} is after {@link #getExpiresAt()}
	 */
	public boolean isExpiredAt(Instant now) {
		return now.isAfter(this.expiresAt);
	}

	@Override
	public boolean equals(@Nullable Object obj) {
		if (this == obj) {
			return true;
		}
		if (!(obj instanceof TryMellonSession other)) {
			return false;
		}
		return this.userId.equals(other.userId) && this.subject.equals(other.subject)
				&& Objects.equals(this.externalUserId, other.externalUserId)
				&& Objects.equals(this.tenantId, other.tenantId) && Objects.equals(this.appId, other.appId)
				&& Objects.equals(this.sessionId, other.sessionId) && Objects.equals(this.tokenId, other.tokenId)
				&& Objects.equals(this.issuer, other.issuer) && this.audience.equals(other.audience)
				&& Objects.equals(this.authorizedParty, other.authorizedParty)
				&& this.issuedAt.equals(other.issuedAt) && this.expiresAt.equals(other.expiresAt)
				&& Objects.equals(this.notBefore, other.notBefore) && Objects.equals(this.keyId, other.keyId)
				&& this.customClaims.equals(other.customClaims) && this.claims.equals(other.claims);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.userId, this.subject, this.tenantId, this.appId, this.sessionId, this.issuedAt,
				this.expiresAt);
	}

	/**
	 * Names the user and the session's validity, never the token or its claims' values.
	 */
	@Override
	public String toString() {
		return "TryMellonSession[userId=" + this.userId + ", tenantId=" + this.tenantId + ", appId=" + this.appId
				+ ", issuedAt=" + this.issuedAt + ", expiresAt=" + this.expiresAt + "]";
	}

	/**
	 * Builds {@link TryMellonSession} instances.
	 *
	 * @since 0.1.0
	 */
	public static final class Builder {

		private final String subject;

		private @Nullable String userId;

		private @Nullable String externalUserId;

		private @Nullable String tenantId;

		private @Nullable String appId;

		private @Nullable String sessionId;

		private @Nullable String tokenId;

		private @Nullable String issuer;

		private List<String> audience = List.of();

		private @Nullable String authorizedParty;

		private Instant issuedAt;

		private Instant expiresAt;

		private @Nullable Instant notBefore;

		private @Nullable String keyId;

		private Map<String, Object> customClaims = Map.of();

		private Map<String, Object> claims = Map.of();

		private Builder(String subject) {
			Assert.hasText(subject, "subject cannot be empty");
			this.subject = subject;
			this.issuedAt = Instant.now();
			this.expiresAt = this.issuedAt.plusSeconds(3600);
		}

		/**
		 * Sets the {@code user_id}; defaults to the subject.
		 * @param userId the user id
		 * @return this builder
		 */
		public Builder userId(@Nullable String userId) {
			this.userId = userId;
			return this;
		}

		/**
		 * Sets the external user id.
		 * @param externalUserId the external user id
		 * @return this builder
		 */
		public Builder externalUserId(@Nullable String externalUserId) {
			this.externalUserId = externalUserId;
			return this;
		}

		/**
		 * Sets the tenant id.
		 * @param tenantId the tenant id
		 * @return this builder
		 */
		public Builder tenantId(@Nullable String tenantId) {
			this.tenantId = tenantId;
			return this;
		}

		/**
		 * Sets the application id.
		 * @param appId the application id
		 * @return this builder
		 */
		public Builder appId(@Nullable String appId) {
			this.appId = appId;
			return this;
		}

		/**
		 * Sets the session id.
		 * @param sessionId the session id
		 * @return this builder
		 */
		public Builder sessionId(@Nullable String sessionId) {
			this.sessionId = sessionId;
			return this;
		}

		/**
		 * Sets the token id ({@code jti}).
		 * @param tokenId the token id
		 * @return this builder
		 */
		public Builder tokenId(@Nullable String tokenId) {
			this.tokenId = tokenId;
			return this;
		}

		/**
		 * Sets the issuer.
		 * @param issuer the issuer
		 * @return this builder
		 */
		public Builder issuer(@Nullable String issuer) {
			this.issuer = issuer;
			return this;
		}

		/**
		 * Sets the audiences.
		 * @param audience the audiences
		 * @return this builder
		 */
		public Builder audience(List<String> audience) {
			Assert.notNull(audience, "audience cannot be null");
			this.audience = audience;
			return this;
		}

		/**
		 * Sets the authorized party ({@code azp}).
		 * @param authorizedParty the authorized party
		 * @return this builder
		 */
		public Builder authorizedParty(@Nullable String authorizedParty) {
			this.authorizedParty = authorizedParty;
			return this;
		}

		/**
		 * Sets the issue time.
		 * @param issuedAt the issue time
		 * @return this builder
		 */
		public Builder issuedAt(Instant issuedAt) {
			Assert.notNull(issuedAt, "issuedAt cannot be null");
			this.issuedAt = issuedAt;
			return this;
		}

		/**
		 * Sets the expiry time.
		 * @param expiresAt the expiry time
		 * @return this builder
		 */
		public Builder expiresAt(Instant expiresAt) {
			Assert.notNull(expiresAt, "expiresAt cannot be null");
			this.expiresAt = expiresAt;
			return this;
		}

		/**
		 * Sets the not-before time.
		 * @param notBefore the not-before time
		 * @return this builder
		 */
		public Builder notBefore(@Nullable Instant notBefore) {
			this.notBefore = notBefore;
			return this;
		}

		/**
		 * Sets the signing key's id.
		 * @param keyId the key id
		 * @return this builder
		 */
		public Builder keyId(@Nullable String keyId) {
			this.keyId = keyId;
			return this;
		}

		/**
		 * Sets the custom claims (scalar values only).
		 * @param customClaims the custom claims
		 * @return this builder
		 */
		public Builder customClaims(Map<String, Object> customClaims) {
			Assert.notNull(customClaims, "customClaims cannot be null");
			this.customClaims = customClaims;
			return this;
		}

		/**
		 * Sets all top-level claims.
		 * @param claims the claims
		 * @return this builder
		 */
		public Builder claims(Map<String, Object> claims) {
			Assert.notNull(claims, "claims cannot be null");
			this.claims = claims;
			return this;
		}

		/**
		 * Builds the session.
		 * @return the immutable session
		 */
		public TryMellonSession build() {
			return new TryMellonSession(this);
		}

	}

}
