package dev.trymellon.spring.session.offline;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.session.TryMellonErrorCode;

import org.springframework.util.Assert;

/**
 * The claim-check settings of {@link OfflineSessionTokenVerifier.Builder}, through
 * {@link VerifierSettings}, its only subclass: what a token must claim (the issuer, the
 * audience, {@code azp}, {@code app_id} and {@code tenant_id}), its times (clock skew and
 * longest lifetime) and its required claims, each with its default and its rule (a bad
 * value is an {@link IllegalArgumentException} naming it). The verifier gives them to
 * {@link ClaimValidators#ordered}.
 */
abstract sealed class ClaimCheckSettings permits VerifierSettings {

	@Nullable String issuer;

	boolean issuerCheckDisabled;

	Set<String> audiences = Set.of();

	boolean audienceCheckDisabled;

	Set<String> authorizedParties = Set.of();

	@Nullable String appId;

	@Nullable String tenantId;

	Duration clockSkew = OfflineSessionTokenVerifier.DEFAULT_CLOCK_SKEW;

	Duration maxLifetime = OfflineSessionTokenVerifier.DEFAULT_MAX_LIFETIME;

	List<String> requiredClaims = List.of();

	/**
	 * Sets the required {@code iss} value.
	 * @param issuer the issuer
	 * @return this builder
	 */
	public OfflineSessionTokenVerifier.Builder issuer(String issuer) {
		Assert.hasText(issuer, "issuer cannot be empty");
		this.issuer = issuer;
		return self();
	}

	/**
	 * Accepts any {@code iss}.
	 * @return this builder
	 */
	public OfflineSessionTokenVerifier.Builder withoutIssuerCheck() {
		this.issuerCheckDisabled = true;
		this.issuer = null;
		return self();
	}

	/**
	 * Sets the accepted audiences: {@code aud} must contain one of them.
	 * @param audiences the audiences
	 * @return this builder
	 */
	public OfflineSessionTokenVerifier.Builder audiences(Collection<String> audiences) {
		Assert.notEmpty(audiences, "audiences cannot be empty");
		this.audiences = Set.copyOf(audiences);
		return self();
	}

	/**
	 * Accepts any {@code aud}: every TryMellon application shares the same keys and
	 * issuer, so this accepts other applications' tokens.
	 * @return this builder
	 */
	public OfflineSessionTokenVerifier.Builder withoutAudienceCheck() {
		this.audienceCheckDisabled = true;
		this.audiences = Set.of();
		return self();
	}

	/**
	 * Sets the accepted {@code azp} values, checked when the claim is present.
	 * @param authorizedParties the authorized parties; empty for no check
	 * @return this builder
	 */
	public OfflineSessionTokenVerifier.Builder authorizedParties(Collection<String> authorizedParties) {
		this.authorizedParties = Set.copyOf(authorizedParties);
		return self();
	}

	/**
	 * Sets the required {@code app_id}.
	 * @param appId the application id, or {@code null} for no check
	 * @return this builder
	 */
	public OfflineSessionTokenVerifier.Builder appId(@Nullable String appId) {
		this.appId = appId;
		return self();
	}

	/**
	 * Sets the required {@code tenant_id}.
	 * @param tenantId the tenant id, or {@code null} for no check
	 * @return this builder
	 */
	public OfflineSessionTokenVerifier.Builder tenantId(@Nullable String tenantId) {
		this.tenantId = tenantId;
		return self();
	}

	/**
	 * Sets the clock skew allowed on {@code exp}, {@code nbf} and {@code iat}.
	 * Defaults to 30 seconds.
	 * @param clockSkew the skew
	 * @return this builder
	 */
	public OfflineSessionTokenVerifier.Builder clockSkew(Duration clockSkew) {
		Assert.isTrue(clockSkew != null && !clockSkew.isNegative(), "clockSkew cannot be negative");
		this.clockSkew = clockSkew;
		return self();
	}

	/**
	 * Sets the longest accepted lifetime ({@code exp - iat}); a longer one is
	 * {@link TryMellonErrorCode#TOKEN_LIFETIME_TOO_LONG}, so a revoked token cannot
	 * come back once its revocation is forgotten. Defaults to
	 * {@link OfflineSessionTokenVerifier#DEFAULT_MAX_LIFETIME 24 hours}.
	 * @param maxLifetime the longest lifetime
	 * @return this builder
	 * @since 0.2.0
	 */
	public OfflineSessionTokenVerifier.Builder maxLifetime(Duration maxLifetime) {
		Assert.isTrue(maxLifetime != null && maxLifetime.toMillis() > 0, "maxLifetime must be positive");
		this.maxLifetime = maxLifetime;
		return self();
	}

	/**
	 * Sets claims every token must have besides {@code sub}, {@code exp} and
	 * {@code iat}; one missing (or {@code null}) is
	 * {@link TryMellonErrorCode#TOKEN_MALFORMED}. None by default.
	 * @param requiredClaims the claim names
	 * @return this builder
	 * @since 0.2.0
	 */
	public OfflineSessionTokenVerifier.Builder requiredClaims(Collection<String> requiredClaims) {
		this.requiredClaims = names(requiredClaims, "requiredClaims");
		return self();
	}

	/**
	 * The claim names, copied; a {@code null} collection or an empty name is refused as
	 * {@code what}.
	 */
	static List<String> names(Collection<String> names, String what) {
		Assert.notNull(names, () -> what + " cannot be null");
		for (String name : names) {
			Assert.isTrue(name != null && !name.isBlank(), () -> what + " cannot contain an empty name");
		}
		return List.copyOf(names);
	}

	/** This, as the builder the setters return. */
	final OfflineSessionTokenVerifier.Builder self() {
		return (OfflineSessionTokenVerifier.Builder) this;
	}

}
