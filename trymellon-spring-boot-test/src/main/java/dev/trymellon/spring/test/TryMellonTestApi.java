package dev.trymellon.spring.test;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A local stand-in for TryMellon's backend validation API, served by a
 * {@link TryMellonTestIssuer}'s server on {@code 127.0.0.1} (so the issuer's base URL is
 * also the {@code trymellon.api-base-url}) and answering for that issuer's tokens:
 * <ul>
 * <li>{@code GET} {@value #VALIDATE_PATH} with the token as {@code Authorization: Bearer}:
 * {@code 200 {"ok":true,"data":{"valid":true,"user_id","external_user_id","tenant_id","app_id"}}}
 * for a valid session ({@code external_user_id} {@code null} when the token has none;
 * tenant and application those of the issuer when the token names none), or
 * {@code 401 {"ok":false,"error":{"code","message"}}} with {@code invalid_session_token}
 * (malformed, not signed by a published key of this issuer, expired, not yet valid or
 * revoked), {@code invalid_token_type} (signed, but its header {@code typ} is neither
 * absent nor {@code JWT}) or {@code user_not_found} (the user was {@link #deleteUser
 * deleted}); {@code unauthorized} without a bearer token;</li>
 * <li>{@code POST} {@value #INTROSPECTION_PATH} (RFC 7662) with the form parameter
 * {@code token} and the client credentials as HTTP Basic: {@code {"active":true, "sub",
 * "aud", "iss", "iat", "exp", "client_id"}} (and {@code scope} when the token has one;
 * {@code client_id} is the token's first audience) for a valid session,
 * {@code {"active":false}} for anything else; {@code 401 {"error":"invalid_client"}} with
 * {@code WWW-Authenticate} for missing or wrong credentials, {@code 400
 * {"error":"invalid_request"}} without a token.</li>
 * </ul>
 * Revocations take effect at once, as they do at TryMellon (the application learns of
 * them by webhook, see {@link TryMellonWebhooks}). Tests can program faults, applied to
 * both endpoints in the order requests arrive: {@link #failWithStatus(int, int)},
 * {@link #rateLimit(int, Duration)}, {@link #malformedJson(int)},
 * {@link #delayAnswers(Duration)}, {@link #holdAnswers()} and {@link #flatAnswers(boolean)};
 * and count requests ({@link #getRequestCount()}). Thread-safe.
 * <pre class="code">
 * TryMellonTestApi api = issuer.api();
 * api.rateLimit(1, Duration.ofSeconds(2));   // the next request gets 429, Retry-After: 2
 * api.revokeSession("sess_1");
 * </pre>
 *
 * @author TryMellon
 * @since 0.2.0
 */
public final class TryMellonTestApi {

	/** The path of session validation. */
	public static final String VALIDATE_PATH = "/v1/sessions/validate";

	/** The path of token introspection. */
	public static final String INTROSPECTION_PATH = "/oauth/introspect";

	/** The client secret introspection accepts unless others are configured. */
	public static final String DEFAULT_CLIENT_SECRET = "test-client-secret";

	/** The application id answered for tokens without {@code app_id}, unless the issuer has one. */
	public static final String DEFAULT_APP_ID = "test-app";

	/** The tenant id answered for tokens without {@code tenant_id}, unless the issuer has one. */
	public static final String DEFAULT_TENANT_ID = "test-tenant";

	private final TryMellonTestIssuer issuer;

	private final SessionCheck sessions;

	private final ApiFaults faults = new ApiFaults();

	private final AtomicInteger validateRequests = new AtomicInteger();

	private final AtomicInteger introspectionRequests = new AtomicInteger();

	private volatile ClientCredentials credentials;

	TryMellonTestApi(TryMellonTestIssuer issuer) {
		this.issuer = issuer;
		this.sessions = new SessionCheck(issuer.keys(), issuer.clock());
		this.credentials = new ClientCredentials(issuer.getAudience(), List.of(DEFAULT_CLIENT_SECRET));
	}

	void mountOn(IssuerServer server) {
		ApiEndpoints endpoints = new ApiEndpoints(this, this.sessions, this.faults, this.issuer.clock());
		server.mount(VALIDATE_PATH, endpoints::validate);
		server.mount(INTROSPECTION_PATH, endpoints::introspect);
	}

	/**
	 * Returns the API's base URL, the issuer's, for {@code trymellon.api-base-url}.
	 * @return the base URL
	 */
	public URI getBaseUrl() {
		return this.issuer.getBaseUrl();
	}

	/**
	 * Returns the URL of session validation.
	 * @return {@code {base URL}/v1/sessions/validate}
	 */
	public URI getValidateUri() {
		return getBaseUrl().resolve(VALIDATE_PATH);
	}

	/**
	 * Returns the URL of token introspection.
	 * @return {@code {base URL}/oauth/introspect}
	 */
	public URI getIntrospectionUri() {
		return getBaseUrl().resolve(INTROSPECTION_PATH);
	}

	/**
	 * Returns the application id answered for tokens without {@code app_id}: the
	 * issuer's, else {@value #DEFAULT_APP_ID}.
	 * @return the application id
	 */
	public String getAppId() {
		String appId = this.issuer.getAppId();
		return (appId != null) ? appId : DEFAULT_APP_ID;
	}

	/**
	 * Returns the tenant id answered for tokens without {@code tenant_id}: the issuer's,
	 * else {@value #DEFAULT_TENANT_ID}.
	 * @return the tenant id
	 */
	public String getTenantId() {
		String tenantId = this.issuer.tenantId();
		return (tenantId != null) ? tenantId : DEFAULT_TENANT_ID;
	}

	/**
	 * Returns the client id introspection accepts; by default the issuer's audience.
	 * @return the client id
	 */
	public String getClientId() {
		return this.credentials.clientId();
	}

	/**
	 * Sets the client credentials introspection accepts: the client id and one or more
	 * secrets, any of which authenticates (as during a secret rotation's grace window).
	 * @param clientId the client id
	 * @param clientSecrets the accepted secrets
	 * @return this stand-in
	 */
	public TryMellonTestApi clientCredentials(String clientId, String... clientSecrets) {
		Assert.hasText(clientId, "clientId cannot be empty");
		Assert.notEmpty(clientSecrets, "At least one client secret is required");
		for (String secret : clientSecrets) {
			Assert.hasText(secret, "A client secret cannot be empty");
		}
		this.credentials = new ClientCredentials(clientId, List.of(clientSecrets));
		return this;
	}

	/**
	 * Returns the properties that point the starter at this API:
	 * {@code trymellon.api-base-url}, {@code trymellon.client-id},
	 * {@code trymellon.client-secret} (the first accepted secret) and, when the issuer has
	 * an application id (its tokens then carry it), {@code trymellon.app-id}.
	 * @return the properties
	 */
	public Map<String, String> properties() {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("trymellon.api-base-url", getBaseUrl().toString());
		properties.put("trymellon.client-id", getClientId());
		properties.put("trymellon.client-secret", this.credentials.secrets().get(0));
		String appId = this.issuer.getAppId();
		if (appId != null) {
			properties.put("trymellon.app-id", appId);
		}
		return properties;
	}

	/**
	 * Revokes a session: tokens whose {@code sid} (else {@code session_id}) claim is this
	 * id are answered {@code invalid_session_token} from now on.
	 * @param sessionId the session id
	 */
	public void revokeSession(String sessionId) {
		Assert.hasText(sessionId, "sessionId cannot be empty");
		this.sessions.revokeSession(sessionId);
	}

	/**
	 * Revokes every session of a user issued until now (by {@code iat}, in seconds):
	 * their tokens are answered {@code invalid_session_token}; sessions issued later are
	 * valid.
	 * @param userId the user id ({@code user_id}, else {@code sub})
	 */
	public void revokeUserSessions(String userId) {
		Assert.hasText(userId, "userId cannot be empty");
		this.sessions.revokeUserSessions(userId);
	}

	/**
	 * Deletes a user: every token of the user is answered {@code user_not_found}.
	 * @param userId the user id ({@code user_id}, else {@code sub})
	 */
	public void deleteUser(String userId) {
		Assert.hasText(userId, "userId cannot be empty");
		this.sessions.deleteUser(userId);
	}

	/**
	 * Forgets every revocation and deleted user.
	 */
	public void clearRevocations() {
		this.sessions.clearRevocations();
	}

	/**
	 * Answers the next requests with a status instead (a 5xx with the error code
	 * {@code internal_error}, others {@code unknown_error}), then as usual: for example
	 * {@code failWithStatus(500, 2)} for "500 twice, then 200".
	 * @param status the HTTP status
	 * @param times how many requests get it
	 */
	public void failWithStatus(int status, int times) {
		Assert.isTrue(status >= 400 && status <= 599, "status must be 4xx or 5xx");
		this.faults.add(new ApiFaults.Fault(status, null, false), times);
	}

	/**
	 * Answers the next requests {@code 429} with the error code
	 * {@code rate_limit_exceeded}, {@code Retry-After} (whole seconds, rounded up),
	 * {@code X-RateLimit-Remaining: 0} and {@code X-RateLimit-Reset} (epoch seconds).
	 * @param times how many requests get it
	 * @param retryAfter the time to wait
	 */
	public void rateLimit(int times, Duration retryAfter) {
		Assert.isTrue(!retryAfter.isNegative(), "retryAfter cannot be negative");
		this.faults.add(new ApiFaults.Fault(429, retryAfter, false), times);
	}

	/**
	 * Answers the next requests {@code 200} with a body that is not valid JSON.
	 * @param times how many requests get it
	 */
	public void malformedJson(int times) {
		this.faults.add(new ApiFaults.Fault(200, null, true), times);
	}

	/**
	 * Delays every answer by this much, until {@link #reset()} or
	 * {@code delayAnswers(Duration.ZERO)}: for testing timeouts.
	 * @param delay the delay
	 */
	public void delayAnswers(Duration delay) {
		Assert.isTrue(!delay.isNegative(), "delay cannot be negative");
		this.faults.delay(delay);
	}

	/**
	 * Holds every answer back until {@link #releaseAnswers()} (or one minute passes), for
	 * example so that concurrent callers pile up behind one request.
	 */
	public void holdAnswers() {
		this.faults.hold();
	}

	/**
	 * Releases the answers {@link #holdAnswers()} held back, and stops holding.
	 */
	public void releaseAnswers() {
		this.faults.release();
	}

	/**
	 * Answers validations in the older flat form, {@code {"valid":true,"user_id",…}}
	 * without the {@code ok}/{@code data} envelope; errors keep theirs.
	 * @param flat whether to answer flat
	 */
	public void flatAnswers(boolean flat) {
		this.faults.flat(flat);
	}

	/**
	 * Returns how many requests both endpoints received, faulty answers included.
	 * @return the number of requests
	 */
	public int getRequestCount() {
		return this.validateRequests.get() + this.introspectionRequests.get();
	}

	/**
	 * Returns how many requests session validation received.
	 * @return the number of requests
	 */
	public int getValidateRequestCount() {
		return this.validateRequests.get();
	}

	/**
	 * Returns how many requests introspection received.
	 * @return the number of requests
	 */
	public int getIntrospectionRequestCount() {
		return this.introspectionRequests.get();
	}

	/**
	 * Drops the programmed faults, the delay and the flat form, releases held answers and
	 * sets the counts to zero. Revocations and credentials stay.
	 */
	public void reset() {
		this.faults.reset();
		this.validateRequests.set(0);
		this.introspectionRequests.set(0);
	}

	@Override
	public String toString() {
		return "TryMellonTestApi[" + getBaseUrl() + ", clientId=" + getClientId() + "]";
	}

	void countValidate() {
		this.validateRequests.incrementAndGet();
	}

	void countIntrospection() {
		this.introspectionRequests.incrementAndGet();
	}

	boolean authenticates(@Nullable String authorization) {
		return this.credentials.authenticates(authorization);
	}

}
