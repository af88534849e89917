package dev.trymellon.spring.session;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The body of {@link TryMellonSession.Builder}, its only subclass: collects the claims
 * and the typed values set on top of them, and builds the session from the merged claims
 * map. Kept apart from {@link TryMellonSession}, which only reads claims.
 */
abstract sealed class SessionClaimsBuilder permits TryMellonSession.Builder {


	private final String subject;

	private Map<String, Object> claims = Map.of();

	private final Map<String, @Nullable Object> values = new LinkedHashMap<>();

	private @Nullable String keyId;

	private List<String> sessionIdClaims = TryMellonSession.DEFAULT_SESSION_ID_CLAIMS;

	private @Nullable String sessionId;

	private boolean sessionIdSet;

	SessionClaimsBuilder(String subject) {
		Assert.hasText(subject, "subject cannot be empty");
		this.subject = subject;
	}

	private TryMellonSession.Builder set(String claim, @Nullable Object value) {
		this.values.put(claim, value);
		return self();
	}

	/**
	 * Sets the {@code user_id} claim; the user id defaults to the subject.
	 * @param userId the user id
	 * @return this builder
	 */
	public TryMellonSession.Builder userId(@Nullable String userId) {
		return set("user_id", userId);
	}

	/**
	 * Sets the {@code external_user_id} claim.
	 * @param externalUserId the external user id
	 * @return this builder
	 */
	public TryMellonSession.Builder externalUserId(@Nullable String externalUserId) {
		return set("external_user_id", externalUserId);
	}

	/**
	 * Sets the {@code tenant_id} claim.
	 * @param tenantId the tenant id
	 * @return this builder
	 */
	public TryMellonSession.Builder tenantId(@Nullable String tenantId) {
		return set("tenant_id", tenantId);
	}

	/**
	 * Sets the {@code app_id} claim.
	 * @param appId the application id
	 * @return this builder
	 */
	public TryMellonSession.Builder appId(@Nullable String appId) {
		return set("app_id", appId);
	}

	/**
	 * Sets the session id, in the first of the {@link #sessionIdClaims(Collection)
	 * session-id claims} ({@code sid} by default); {@code null} for a session
	 * without one, whatever its claims hold.
	 * @param sessionId the session id
	 * @return this builder
	 */
	public TryMellonSession.Builder sessionId(@Nullable String sessionId) {
		this.sessionId = sessionId;
		this.sessionIdSet = true;
		return self();
	}

	/**
	 * Sets the claims that may hold the session id: the session id is the first
	 * non-empty string among them. Defaults to
	 * {@link TryMellonSession#DEFAULT_SESSION_ID_CLAIMS}.
	 * @param sessionIdClaims the claim names
	 * @return this builder
	 * @since 0.2.0
	 */
	public TryMellonSession.Builder sessionIdClaims(Collection<String> sessionIdClaims) {
		Assert.noNullElements(sessionIdClaims, "sessionIdClaims cannot contain null");
		this.sessionIdClaims = List.copyOf(sessionIdClaims);
		return self();
	}

	/**
	 * Sets the {@code jti} claim.
	 * @param tokenId the token id
	 * @return this builder
	 */
	public TryMellonSession.Builder tokenId(@Nullable String tokenId) {
		return set("jti", tokenId);
	}

	/**
	 * Sets the {@code iss} claim.
	 * @param issuer the issuer
	 * @return this builder
	 */
	public TryMellonSession.Builder issuer(@Nullable String issuer) {
		return set("iss", issuer);
	}

	/**
	 * Sets the {@code aud} claim.
	 * @param audience the audiences
	 * @return this builder
	 */
	public TryMellonSession.Builder audience(List<String> audience) {
		Assert.notNull(audience, "audience cannot be null");
		return set("aud", List.copyOf(audience));
	}

	/**
	 * Sets the {@code azp} claim.
	 * @param authorizedParty the authorized party
	 * @return this builder
	 */
	public TryMellonSession.Builder authorizedParty(@Nullable String authorizedParty) {
		return set("azp", authorizedParty);
	}

	/**
	 * Sets the {@code iat} claim, in whole seconds.
	 * @param issuedAt the issue time
	 * @return this builder
	 */
	public TryMellonSession.Builder issuedAt(Instant issuedAt) {
		Assert.notNull(issuedAt, "issuedAt cannot be null");
		return set("iat", issuedAt.getEpochSecond());
	}

	/**
	 * Sets the {@code exp} claim, in whole seconds.
	 * @param expiresAt the expiry time
	 * @return this builder
	 */
	public TryMellonSession.Builder expiresAt(Instant expiresAt) {
		Assert.notNull(expiresAt, "expiresAt cannot be null");
		return set("exp", expiresAt.getEpochSecond());
	}

	/**
	 * Sets the {@code nbf} claim, in whole seconds.
	 * @param notBefore the not-before time
	 * @return this builder
	 */
	public TryMellonSession.Builder notBefore(@Nullable Instant notBefore) {
		return set("nbf", (notBefore != null) ? notBefore.getEpochSecond() : null);
	}

	/**
	 * Sets the signing key's id.
	 * @param keyId the key id
	 * @return this builder
	 */
	public TryMellonSession.Builder keyId(@Nullable String keyId) {
		this.keyId = keyId;
		return self();
	}

	/**
	 * Sets the custom claims: the {@value TryMellonSession#CUSTOM_CLAIMS_NAMESPACE}
	 * object (only its scalar values are custom claims).
	 * @param customClaims the custom claims
	 * @return this builder
	 */
	public TryMellonSession.Builder customClaims(Map<String, Object> customClaims) {
		Assert.notNull(customClaims, "customClaims cannot be null");
		return set(TryMellonSession.CUSTOM_CLAIMS_NAMESPACE,
				customClaims.isEmpty() ? null : new LinkedHashMap<>(customClaims));
	}

	/**
	 * Sets the top-level claims; the typed values set on this builder win over them.
	 * @param claims the claims
	 * @return this builder
	 */
	public TryMellonSession.Builder claims(Map<String, Object> claims) {
		Assert.notNull(claims, "claims cannot be null");
		this.claims = claims;
		return self();
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

	private TryMellonSession.Builder self() {
		return (TryMellonSession.Builder) this;
	}

}
