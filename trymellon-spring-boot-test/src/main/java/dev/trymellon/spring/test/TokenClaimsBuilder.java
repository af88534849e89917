package dev.trymellon.spring.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.session.TryMellonSession;

/**
 * The claims half of {@link TryMellonTestIssuer.TokenBuilder}, its only subclass: who the
 * token names, its times, issuer, audience and custom claims. Package-private, so that the
 * public type stays {@code TryMellonTestIssuer.TokenBuilder}; its methods are documented
 * there.
 */
abstract class TokenClaimsBuilder extends TokenHeaderBuilder {

	private final Clock clock;

	private final Duration tokenLifetime;

	private final Map<String, Object> claims = new LinkedHashMap<>();

	private final Map<String, Object> customClaims = new LinkedHashMap<>();

	private final List<String> removed = new ArrayList<>();

	private @Nullable String subject;

	private Instant issuedAt;

	private @Nullable Instant expiresAt;

	private List<String> audience;

	private String tokenIssuer;

	TokenClaimsBuilder(TryMellonTestIssuer issuer) {
		super(issuer.keys(), issuer.getKeyId());
		this.clock = issuer.clock();
		this.tokenLifetime = issuer.tokenLifetime();
		this.issuedAt = this.clock.instant();
		this.audience = List.of(issuer.getAudience());
		this.tokenIssuer = issuer.getIssuer();
		this.claims.putAll(issuer.defaultClaims());
	}

	/**
	 * Sets {@code sub}; defaults to the user id, else {@code test-user}.
	 * @param subject the subject
	 * @return this builder
	 */
	public TryMellonTestIssuer.TokenBuilder subject(String subject) {
		this.subject = subject;
		return self();
	}

	/**
	 * Sets {@code user_id} (and {@code sub}, unless set with {@link #subject}).
	 * @param userId the TryMellon user id
	 * @return this builder
	 */
	public TryMellonTestIssuer.TokenBuilder userId(String userId) {
		return claim("user_id", userId);
	}

	/**
	 * Sets {@code external_user_id}.
	 * @param externalUserId the application's id for the user
	 * @return this builder
	 */
	public TryMellonTestIssuer.TokenBuilder externalUserId(String externalUserId) {
		return claim("external_user_id", externalUserId);
	}

	/**
	 * Sets {@code tenant_id}.
	 * @param tenantId the tenant id
	 * @return this builder
	 */
	public TryMellonTestIssuer.TokenBuilder tenantId(String tenantId) {
		return claim("tenant_id", tenantId);
	}

	/**
	 * Sets {@code app_id}.
	 * @param appId the application id
	 * @return this builder
	 */
	public TryMellonTestIssuer.TokenBuilder appId(String appId) {
		return claim("app_id", appId);
	}

	/**
	 * Sets {@code sid}, the session id.
	 * @param sessionId the session id
	 * @return this builder
	 */
	public TryMellonTestIssuer.TokenBuilder sessionId(String sessionId) {
		return claim("sid", sessionId);
	}

	/**
	 * Sets {@code jti}.
	 * @param tokenId the token id
	 * @return this builder
	 */
	public TryMellonTestIssuer.TokenBuilder tokenId(String tokenId) {
		return claim("jti", tokenId);
	}

	/**
	 * Sets the {@code roles} custom claim to the roles joined with spaces
	 * ({@code "admin editor"}), as a front end would send it. The starter grants
	 * them only when the application maps that claim
	 * ({@code trymellon.authorities.role-claims}).
	 * @param roles the roles
	 * @return this builder
	 */
	public TryMellonTestIssuer.TokenBuilder roles(String... roles) {
		return customClaim("roles", String.join(" ", roles));
	}

	/**
	 * Adds a custom claim under {@value TryMellonSession#CUSTOM_CLAIMS_NAMESPACE}.
	 * TryMellon issues scalar values only; anything else can be set here to test how
	 * it is handled.
	 * @param name the claim name
	 * @param value the value
	 * @return this builder
	 */
	public TryMellonTestIssuer.TokenBuilder customClaim(String name, Object value) {
		this.customClaims.put(name, value);
		return self();
	}

	/**
	 * Sets any top-level claim, replacing a default one ({@code iat}, {@code exp}
	 * and other times are numbers of seconds).
	 * @param name the claim name
	 * @param value the value
	 * @return this builder
	 */
	public TryMellonTestIssuer.TokenBuilder claim(String name, Object value) {
		this.claims.put(name, value);
		this.removed.remove(name);
		return self();
	}

	/**
	 * Leaves a claim out of the token, a default one included ({@code sub},
	 * {@code iat}, {@code exp}, {@code iss}, {@code aud}).
	 * @param name the claim name
	 * @return this builder
	 */
	public TryMellonTestIssuer.TokenBuilder withoutClaim(String name) {
		this.claims.remove(name);
		this.removed.add(name);
		return self();
	}

	/**
	 * Sets {@code iss}; defaults to the issuer's.
	 * @param issuer the issuer
	 * @return this builder
	 */
	public TryMellonTestIssuer.TokenBuilder issuer(String issuer) {
		this.tokenIssuer = issuer;
		return self();
	}

	/**
	 * Sets {@code aud}; one value is written as a string, several as an array.
	 * Defaults to the issuer's audience.
	 * @param audience the audiences
	 * @return this builder
	 */
	public TryMellonTestIssuer.TokenBuilder audience(String... audience) {
		this.audience = List.of(audience);
		return self();
	}

	/**
	 * Sets {@code iat}; defaults to now. {@code exp} follows unless set.
	 * @param issuedAt the issue time
	 * @return this builder
	 */
	public TryMellonTestIssuer.TokenBuilder issuedAt(Instant issuedAt) {
		this.issuedAt = issuedAt;
		return self();
	}

	/**
	 * Sets {@code exp}; defaults to {@code iat} plus the issuer's token lifetime.
	 * @param expiresAt the expiry time
	 * @return this builder
	 */
	public TryMellonTestIssuer.TokenBuilder expiresAt(Instant expiresAt) {
		this.expiresAt = expiresAt;
		return self();
	}

	/**
	 * Sets {@code exp} to {@code iat} plus the given time.
	 * @param lifetime the lifetime
	 * @return this builder
	 */
	public TryMellonTestIssuer.TokenBuilder expiresIn(Duration lifetime) {
		this.expiresAt = this.issuedAt.plus(lifetime);
		return self();
	}

	/**
	 * Makes an expired token: issued two hours ago, expired one hour ago, well past
	 * any clock skew.
	 * @return this builder
	 */
	public TryMellonTestIssuer.TokenBuilder expired() {
		Instant now = this.clock.instant();
		this.issuedAt = now.minus(Duration.ofHours(2));
		this.expiresAt = now.minus(Duration.ofHours(1));
		return self();
	}

	/**
	 * Sets {@code nbf}.
	 * @param notBefore the not-before time
	 * @return this builder
	 */
	public TryMellonTestIssuer.TokenBuilder notBefore(Instant notBefore) {
		return claim("nbf", notBefore.getEpochSecond());
	}

	/**
	 * Returns the claims the token will carry.
	 * @return the claims set, as a map
	 */
	@Override
	public Map<String, Object> claims() {
		Map<String, Object> all = new LinkedHashMap<>();
		all.put("iss", this.tokenIssuer);
		all.put("aud", (this.audience.size() == 1) ? this.audience.get(0) : this.audience);
		Object userId = this.claims.get("user_id");
		all.put("sub", (this.subject != null) ? this.subject
				: (userId instanceof String string) ? string : "test-user");
		all.put("iat", this.issuedAt.getEpochSecond());
		Instant expiry = (this.expiresAt != null) ? this.expiresAt : this.issuedAt.plus(this.tokenLifetime);
		all.put("exp", expiry.getEpochSecond());
		all.putAll(this.claims);
		if (!this.customClaims.isEmpty()) {
			all.put(TryMellonSession.CUSTOM_CLAIMS_NAMESPACE, new LinkedHashMap<>(this.customClaims));
		}
		this.removed.forEach(all::remove);
		return all;
	}

}
