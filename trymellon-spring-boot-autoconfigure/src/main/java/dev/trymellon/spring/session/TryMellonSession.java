package dev.trymellon.spring.session;

import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
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
 * Backed by its claims, as Spring Security's {@code Jwt} is: the
 * {@link #getClaims() claims}, the {@link #getKeyId() key id} and the names of the
 * claims that may hold the session id are the one source of truth; every typed getter
 * is derived from them (once, when the session is made: the getters cost nothing).
 * {@link #getUserId()} is the {@code user_id} claim when present, else {@code sub}.
 * Custom claims are the members of the {@code https://trymellon.dev/claims} object
 * (a verified token's scalar values: nested ones are dropped, as TryMellon's SDK does). NumericDates ({@code iat}, {@code exp}, {@code nbf}) are whole seconds.
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

	private final Map<String, Object> claims;

	private final @Nullable String keyId;

	private final List<String> sessionIdClaims;

	// Derived from the claims above, once.

	private final transient String subject;

	private final transient String userId;

	private final transient @Nullable String sessionId;

	private final transient List<String> audience;

	private final transient Instant issuedAt;

	private final transient Instant expiresAt;

	private final transient @Nullable Instant notBefore;

	private final transient Map<String, Object> customClaims;

	private TryMellonSession(Map<String, Object> claims, @Nullable String keyId, List<String> sessionIdClaims) {
		this.claims = Collections.unmodifiableMap(claims);
		this.keyId = keyId;
		this.sessionIdClaims = List.copyOf(sessionIdClaims);
		String subject = string("sub");
		Assert.hasText(subject, "claims must hold a non-empty 'sub'");
		this.subject = subject;
		String userId = string("user_id");
		this.userId = (userId != null && !userId.isEmpty()) ? userId : subject;
		this.sessionId = firstNonEmpty(this.sessionIdClaims);
		this.audience = audience(claims.get("aud"));
		this.issuedAt = required(instant(claims.get("iat")), "iat");
		this.expiresAt = required(instant(claims.get("exp")), "exp");
		this.notBefore = instant(claims.get("nbf"));
		this.customClaims = members(claims.get(CUSTOM_CLAIMS_NAMESPACE));
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
		return this.audience;
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

	private @Nullable String string(String name) {
		return (this.claims.get(name) instanceof String value) ? value : null;
	}

	private @Nullable String firstNonEmpty(List<String> names) {
		for (String name : names) {
			String value = string(name);
			if (value != null && !value.isEmpty()) {
				return value;
			}
		}
		return null;
	}

	private static List<String> audience(@Nullable Object aud) {
		if (aud instanceof String value) {
			return List.of(value);
		}
		if (!(aud instanceof Collection<?> values)) {
			return List.of();
		}
		List<String> audience = new ArrayList<>(values.size());
		for (Object value : values) {
			if (value instanceof String text) {
				audience.add(text);
			}
		}
		return List.copyOf(audience);
	}

	private static @Nullable Instant instant(@Nullable Object value) {
		if (value instanceof Instant instant) {
			return Instant.ofEpochSecond(instant.getEpochSecond());
		}
		return (value instanceof Number seconds) ? Instant.ofEpochSecond(seconds.longValue()) : null;
	}

	private static Instant required(@Nullable Instant value, String name) {
		Assert.notNull(value, () -> "claims must hold the NumericDate '" + name + "'");
		return value;
	}

	private static Map<String, Object> members(@Nullable Object namespace) {
		if (!(namespace instanceof Map<?, ?> object) || object.isEmpty()) {
			return Map.of();
		}
		Map<String, Object> members = new LinkedHashMap<>();
		object.forEach((name, value) -> members.put(String.valueOf(name), value));
		return Collections.unmodifiableMap(members);
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
		return Objects.hash(this.userId, this.subject, this.sessionId, this.issuedAt, this.expiresAt);
	}

	/**
	 * Names the user and the session's validity, never the token or its claims' values.
	 */
	@Override
	public String toString() {
		return "TryMellonSession[userId=" + this.userId + ", tenantId=" + getTenantId() + ", appId=" + getAppId()
				+ ", issuedAt=" + this.issuedAt + ", expiresAt=" + this.expiresAt + "]";
	}

	/**
	 * Serialized as its source of truth; the derived values are derived again.
	 */
	@Serial
	private Object writeReplace() {
		return new SerializedForm(new LinkedHashMap<>(this.claims), this.keyId, this.sessionIdClaims);
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
	public static final class Builder {

		private final String subject;

		private Map<String, Object> claims = Map.of();

		private final Map<String, @Nullable Object> values = new LinkedHashMap<>();

		private @Nullable String keyId;

		private List<String> sessionIdClaims = DEFAULT_SESSION_ID_CLAIMS;

		private @Nullable String sessionId;

		private boolean sessionIdSet;

		private Builder(String subject) {
			Assert.hasText(subject, "subject cannot be empty");
			this.subject = subject;
		}

		private Builder set(String claim, @Nullable Object value) {
			this.values.put(claim, value);
			return this;
		}

		/**
		 * Sets the {@code user_id} claim; the user id defaults to the subject.
		 * @param userId the user id
		 * @return this builder
		 */
		public Builder userId(@Nullable String userId) {
			return set("user_id", userId);
		}

		/**
		 * Sets the {@code external_user_id} claim.
		 * @param externalUserId the external user id
		 * @return this builder
		 */
		public Builder externalUserId(@Nullable String externalUserId) {
			return set("external_user_id", externalUserId);
		}

		/**
		 * Sets the {@code tenant_id} claim.
		 * @param tenantId the tenant id
		 * @return this builder
		 */
		public Builder tenantId(@Nullable String tenantId) {
			return set("tenant_id", tenantId);
		}

		/**
		 * Sets the {@code app_id} claim.
		 * @param appId the application id
		 * @return this builder
		 */
		public Builder appId(@Nullable String appId) {
			return set("app_id", appId);
		}

		/**
		 * Sets the session id, in the first of the {@link #sessionIdClaims(Collection)
		 * session-id claims} ({@code sid} by default); {@code null} for a session
		 * without one, whatever its claims hold.
		 * @param sessionId the session id
		 * @return this builder
		 */
		public Builder sessionId(@Nullable String sessionId) {
			this.sessionId = sessionId;
			this.sessionIdSet = true;
			return this;
		}

		/**
		 * Sets the claims that may hold the session id: the session id is the first
		 * non-empty string among them. Defaults to {@link #DEFAULT_SESSION_ID_CLAIMS}.
		 * @param sessionIdClaims the claim names
		 * @return this builder
		 * @since 0.2.0
		 */
		public Builder sessionIdClaims(Collection<String> sessionIdClaims) {
			Assert.noNullElements(sessionIdClaims, "sessionIdClaims cannot contain null");
			this.sessionIdClaims = List.copyOf(sessionIdClaims);
			return this;
		}

		/**
		 * Sets the {@code jti} claim.
		 * @param tokenId the token id
		 * @return this builder
		 */
		public Builder tokenId(@Nullable String tokenId) {
			return set("jti", tokenId);
		}

		/**
		 * Sets the {@code iss} claim.
		 * @param issuer the issuer
		 * @return this builder
		 */
		public Builder issuer(@Nullable String issuer) {
			return set("iss", issuer);
		}

		/**
		 * Sets the {@code aud} claim.
		 * @param audience the audiences
		 * @return this builder
		 */
		public Builder audience(List<String> audience) {
			Assert.notNull(audience, "audience cannot be null");
			return set("aud", List.copyOf(audience));
		}

		/**
		 * Sets the {@code azp} claim.
		 * @param authorizedParty the authorized party
		 * @return this builder
		 */
		public Builder authorizedParty(@Nullable String authorizedParty) {
			return set("azp", authorizedParty);
		}

		/**
		 * Sets the {@code iat} claim, in whole seconds.
		 * @param issuedAt the issue time
		 * @return this builder
		 */
		public Builder issuedAt(Instant issuedAt) {
			Assert.notNull(issuedAt, "issuedAt cannot be null");
			return set("iat", issuedAt.getEpochSecond());
		}

		/**
		 * Sets the {@code exp} claim, in whole seconds.
		 * @param expiresAt the expiry time
		 * @return this builder
		 */
		public Builder expiresAt(Instant expiresAt) {
			Assert.notNull(expiresAt, "expiresAt cannot be null");
			return set("exp", expiresAt.getEpochSecond());
		}

		/**
		 * Sets the {@code nbf} claim, in whole seconds.
		 * @param notBefore the not-before time
		 * @return this builder
		 */
		public Builder notBefore(@Nullable Instant notBefore) {
			return set("nbf", (notBefore != null) ? notBefore.getEpochSecond() : null);
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
		 * Sets the custom claims: the {@value #CUSTOM_CLAIMS_NAMESPACE} object (only its
		 * scalar values are custom claims).
		 * @param customClaims the custom claims
		 * @return this builder
		 */
		public Builder customClaims(Map<String, Object> customClaims) {
			Assert.notNull(customClaims, "customClaims cannot be null");
			return set(CUSTOM_CLAIMS_NAMESPACE, customClaims.isEmpty() ? null : new LinkedHashMap<>(customClaims));
		}

		/**
		 * Sets the top-level claims; the typed values set on this builder win over them.
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
			Map<String, Object> merged = new LinkedHashMap<>(this.claims);
			merged.put("sub", this.subject);
			this.values.forEach((name, value) -> {
				if (value != null) {
					merged.put(name, value);
				}
				else {
					merged.remove(name);
				}
			});
			List<String> idClaims = this.sessionIdClaims;
			if (this.sessionIdSet) {
				if (this.sessionId == null) {
					idClaims = List.of();
				}
				else {
					idClaims = idClaims.isEmpty() ? List.of("sid") : idClaims;
					merged.put(idClaims.get(0), this.sessionId);
				}
			}
			long now = Instant.now().getEpochSecond();
			merged.putIfAbsent("iat", now);
			merged.putIfAbsent("exp", ((Number) merged.get("iat")).longValue() + 3600);
			return new TryMellonSession(merged, this.keyId, idClaims);
		}

	}

}
