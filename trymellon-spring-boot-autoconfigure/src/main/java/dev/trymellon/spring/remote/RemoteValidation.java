package dev.trymellon.spring.remote;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.session.TryMellonSession;

import org.springframework.util.Assert;

/**
 * What TryMellon's API confirmed about a session token: only the documented fields of
 * its answer, nothing else it may have sent.
 * <ul>
 * <li>{@code /v1/sessions/validate}: the user, its external id (may be {@code null}, for
 * anonymous users), tenant and application ids;</li>
 * <li>{@code /oauth/introspect} (RFC 7662, {@code active: true}): the subject as user id,
 * {@code aud}, {@code client_id}, {@code iss}, {@code iat} and {@code exp} when sent.</li>
 * </ul>
 *
 * @param endpoint the endpoint that answered
 * @param userId the TryMellon user id
 * @param externalUserId the application's id for the user, or {@code null}
 * @param tenantId the tenant id, or {@code null} (introspection does not send it)
 * @param appId the application id, or {@code null} (introspection does not send it)
 * @param audience the introspection's {@code aud}, possibly empty
 * @param clientId the introspection's {@code client_id}, or {@code null}
 * @param issuer the introspection's {@code iss}, or {@code null}
 * @param issuedAt the introspection's {@code iat}, or {@code null}
 * @param expiresAt the introspection's {@code exp}, or {@code null}
 * @param checkedAt when the API answered
 * @author TryMellon
 * @since 0.2.0
 */
public record RemoteValidation(RemoteCallListener.Endpoint endpoint, String userId, @Nullable String externalUserId,
		@Nullable String tenantId, @Nullable String appId, List<String> audience, @Nullable String clientId,
		@Nullable String issuer, @Nullable Instant issuedAt, @Nullable Instant expiresAt, Instant checkedAt) {

	/**
	 * Checks the arguments.
	 * @param endpoint the endpoint
	 * @param userId the user id
	 * @param externalUserId the external user id
	 * @param tenantId the tenant id
	 * @param appId the application id
	 * @param audience the audiences
	 * @param clientId the client id
	 * @param issuer the issuer
	 * @param issuedAt the issue time
	 * @param expiresAt the expiry time
	 * @param checkedAt when the API answered
	 */
	public RemoteValidation {
		Assert.notNull(endpoint, "endpoint cannot be null");
		Assert.hasText(userId, "userId cannot be empty");
		Assert.notNull(checkedAt, "checkedAt cannot be null");
		audience = List.copyOf(audience);
	}

	/**
	 * Returns the session this answer proves, for remote validation: user id (also as
	 * {@code sub}), external user id, tenant and application ids, and the
	 * introspection's {@code aud} and {@code iss}. Its issue time is when the API
	 * confirmed the session ({@link #checkedAt()}), so that a revocation received after the
	 * check refuses it; it expires at the introspection's {@code exp}, else when the
	 * confirmation lapses ({@code checkedAt + validity}), whichever is first. The token's
	 * own claims are not read.
	 * @param validity how long the confirmation is trusted (the remote-result cache TTL)
	 * @return the session
	 */
	public TryMellonSession toSession(Duration validity) {
		Instant issued = Instant.ofEpochSecond(this.checkedAt.getEpochSecond());
		Instant lapses = this.checkedAt.plus(validity);
		Instant expires = (this.expiresAt != null && this.expiresAt.isBefore(lapses)) ? this.expiresAt : lapses;
		if (!expires.isAfter(issued)) {
			expires = issued.plusSeconds(1);
		}
		TryMellonSession.Builder builder = TryMellonSession.builder(this.userId)
			.userId(this.userId)
			.externalUserId(this.externalUserId)
			.tenantId(this.tenantId)
			.appId(this.appId)
			.issuer(this.issuer)
			.issuedAt(issued)
			.expiresAt(expires)
			.sessionId(null);
		if (!this.audience.isEmpty()) {
			builder.audience(this.audience);
		}
		return builder.build();
	}

	/**
	 * Names the user and the endpoint, never the token.
	 */
	@Override
	public String toString() {
		return "RemoteValidation[" + this.endpoint + ", userId=" + this.userId + ", appId=" + this.appId
				+ ", checkedAt=" + this.checkedAt + "]";
	}

}
