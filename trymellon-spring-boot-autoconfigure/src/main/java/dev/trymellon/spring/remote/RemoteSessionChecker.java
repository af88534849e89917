package dev.trymellon.spring.remote;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.remote.RemoteAnswers.Entry;
import dev.trymellon.spring.remote.RemoteCallListener.Endpoint;
import dev.trymellon.spring.revocation.RevocationStore;
import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.TryMellonErrorCode;
import dev.trymellon.spring.session.TryMellonSession;

import org.springframework.util.Assert;

/**
 * Asks TryMellon's API about session tokens, through a bounded cache and with concurrent
 * identical calls merged, and checks that each answer is for <em>this</em> application:
 * <ul>
 * <li>a validation answer's {@code app_id} must equal the configured application id
 * ({@link TryMellonErrorCode#APP_ID_MISMATCH}): the validation endpoint takes no client
 * credentials and accepts a session of any TryMellon application;</li>
 * <li>an introspection answer's {@code aud} or {@code client_id} must contain the
 * configured client id ({@link TryMellonErrorCode#AUDIENCE_MISMATCH});</li>
 * <li>for a session verified offline ({@link #confirm}, {@link #confirmOnline}), the
 * answer's user must be the session's ({@link TryMellonErrorCode#USER_ID_MISMATCH}).</li>
 * </ul>
 * Answers, valid or refused, are cached per token for the TTL (never past an
 * introspection's {@code exp}); "could not check" failures are not. While one caller
 * asks the API about a token, the others asking about the same token wait for its
 * answer instead of calling too; no lock is held while calling. A cached confirmation
 * is used only while the {@link RevocationStore} does not refuse the session it proves,
 * whose issue time is when the API confirmed it: a revocation received after the check,
 * by webhook or from another replica, sends the next request to the API again (an
 * answer the API gives after the revocation is known stands: the API knows more than the
 * webhooks received; issue times being whole seconds, an answer of the same second as a
 * revocation is asked again on the next request). An
 * {@linkplain #confirmOnline online check} neither reads the cache nor joins a running
 * call; its answer replaces the cached one.
 *
 * @author TryMellon
 * @since 0.2.0
 */
public final class RemoteSessionChecker {

	private final TryMellonApiClient client;

	private final Endpoint endpoint;

	private final @Nullable String appId;

	private final @Nullable String clientId;

	private final Duration ttl;

	private final RemoteAnswers answers;

	private final Clock clock;

	private RemoteSessionChecker(Builder builder) {
		this.client = builder.client;
		this.endpoint = builder.endpoint;
		this.appId = builder.appId;
		this.clientId = builder.clientId;
		this.ttl = builder.cacheTtl;
		this.answers = new RemoteAnswers(builder.cacheTtl, builder.cacheMaxSize, builder.revocations, builder.clock,
				builder.listener);
		this.clock = builder.clock;
	}

	/**
	 * Starts a builder.
	 * @param client the API client
	 * @return a builder
	 */
	public static Builder withClient(TryMellonApiClient client) {
		Assert.notNull(client, "client cannot be null");
		return new Builder(client);
	}

	/**
	 * Returns the session the API confirms for the token (see
	 * {@link RemoteValidation#toSession(Duration)}), from the cache when it holds a usable
	 * answer.
	 * @param token the raw token
	 * @return the confirmed session
	 * @throws SessionTokenException when the API refuses the token, the answer is for
	 * another application, the session was revoked since, or the API could not be asked
	 */
	public TryMellonSession session(String token) {
		TryMellonSession session = current(token).accepted().session();
		Assert.state(session != null, "An accepted entry holds a session");
		return session;
	}

	/**
	 * Confirms a session verified offline with the API, from the cache when it holds a
	 * usable answer (hybrid validation). A refusal of a session whose token verified
	 * offline means it was revoked: {@code SESSION_INVALID} is answered as
	 * {@link TryMellonErrorCode#SESSION_REVOKED}.
	 * @param token the raw token
	 * @param session the session its offline verification proved
	 * @throws SessionTokenException when the API does not confirm it for that user
	 */
	public void confirm(String token, TryMellonSession session) {
		confirm(token, session, current(token));
	}

	/**
	 * Confirms a session with a call to the API now, bypassing the cache, unless a maximum
	 * age is given and the session was issued (or, in remote mode, confirmed) more recently.
	 * @param token the raw token
	 * @param session the session the request was authenticated with
	 * @param maxAge re-check only sessions issued longer ago than this; {@code null} to
	 * re-check every time
	 * @throws SessionTokenException when the API does not confirm it, or could not be
	 * asked
	 */
	public void confirmOnline(String token, TryMellonSession session, @Nullable Duration maxAge) {
		if (isOnlineCheckDue(session, maxAge)) {
			confirm(token, session, fetch(token));
		}
	}

	/**
	 * Whether {@link #confirmOnline} would call the API for the session: always without a
	 * maximum age, else when the session was issued (or, in remote mode, confirmed) longer
	 * ago than it. Never blocks: reactive callers leave the event loop only when it
	 * answers {@code true}.
	 * @param session the session the request was authenticated with
	 * @param maxAge the maximum age, or {@code null}
	 * @return {@code true} when the API is to be asked
	 */
	public boolean isOnlineCheckDue(TryMellonSession session, @Nullable Duration maxAge) {
		return maxAge == null || !session.getIssuedAt().plus(maxAge).isAfter(this.clock.instant());
	}

	private void confirm(String token, TryMellonSession session, Entry entry) {
		RemoteValidation validation;
		try {
			validation = entry.accepted().validation();
		}
		catch (SessionTokenException ex) {
			if (ex.getErrorCode() == TryMellonErrorCode.SESSION_INVALID) {
				throw new SessionTokenException(TryMellonErrorCode.SESSION_REVOKED,
						"TryMellon's API no longer accepts this session");
			}
			throw ex;
		}
		Assert.state(validation != null, "An accepted entry holds a validation");
		if (!same(validation.userId(), session.getUserId())) {
			throw new SessionTokenException(TryMellonErrorCode.USER_ID_MISMATCH,
					"TryMellon's API attributes the token to another user than its claims");
		}
		String sessionAppId = session.getAppId();
		if (this.appId == null && sessionAppId != null && validation.appId() != null
				&& !same(validation.appId(), sessionAppId)) {
			throw new SessionTokenException(TryMellonErrorCode.APP_ID_MISMATCH,
					"TryMellon's API attributes the token to another application than its claims");
		}
	}

	/**
	 * Forgets the cached answers about a user's tokens (a revocation arrived).
	 * @param userId the user id, or {@code null} to forget every answer
	 */
	public void evict(@Nullable String userId) {
		this.answers.evict(userId);
	}

	/**
	 * Returns how many answers are cached, expired ones not yet removed included.
	 * @return the number of cached answers
	 */
	public long cachedAnswers() {
		return this.answers.size();
	}

	/**
	 * Returns the client this checker calls.
	 * @return the client
	 */
	public TryMellonApiClient getClient() {
		return this.client;
	}

	private Entry current(String token) {
		return this.answers.current(token, this::fetch);
	}

	/** Calls the API and caches its answer (before the in-flight call is forgotten). */
	private Entry fetch(String token) {
		Entry entry;
		try {
			RemoteValidation validation = (this.endpoint == Endpoint.VALIDATE) ? this.client.validate(token)
					: this.client.introspect(token);
			long expiresAt = this.clock.millis() + this.ttl.toMillis();
			if (validation.expiresAt() != null) {
				expiresAt = Math.min(expiresAt, validation.expiresAt().toEpochMilli());
			}
			SessionTokenException mismatch = whose(validation);
			entry = (mismatch != null) ? new Entry(null, null, mismatch, expiresAt)
					: new Entry(validation, validation.toSession(this.ttl), null, expiresAt);
		}
		catch (SessionTokenException ex) {
			if (ex.isServiceUnavailable()) {
				throw ex;
			}
			entry = new Entry(null, null, ex, this.clock.millis() + this.ttl.toMillis());
		}
		this.answers.put(token, entry);
		return entry;
	}

	private @Nullable SessionTokenException whose(RemoteValidation validation) {
		String expectedApp = this.appId;
		if (expectedApp != null && validation.endpoint() == Endpoint.VALIDATE
				&& !same(expectedApp, validation.appId())) {
			return new SessionTokenException(TryMellonErrorCode.APP_ID_MISMATCH,
					"TryMellon's API confirmed a session of another application");
		}
		String expectedClient = this.clientId;
		if (expectedClient != null && validation.endpoint() == Endpoint.INTROSPECT
				&& !validation.audience().contains(expectedClient) && !same(expectedClient, validation.clientId())) {
			return new SessionTokenException(TryMellonErrorCode.AUDIENCE_MISMATCH,
					"TryMellon's introspection names another client in 'aud' and 'client_id'");
		}
		return null;
	}

	private static boolean same(String expected, @Nullable String actual) {
		return actual != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
				actual.getBytes(StandardCharsets.UTF_8));
	}

	@Override
	public String toString() {
		return "RemoteSessionChecker[" + this.endpoint + ", " + this.answers.size() + " cached]";
	}

	/**
	 * Builds a {@link RemoteSessionChecker}.
	 *
	 * @since 0.2.0
	 */
	public static final class Builder extends RemoteBuilderSupport<Builder> {

		private final TryMellonApiClient client;

		private Endpoint endpoint = Endpoint.VALIDATE;

		private @Nullable String appId;

		private @Nullable String clientId;

		private Duration cacheTtl = Duration.ofSeconds(30);

		private long cacheMaxSize = 10_000;

		private @Nullable RevocationStore revocations;

		private Builder(TryMellonApiClient client) {
			this.client = client;
		}

		/**
		 * Sets the endpoint asked. Defaults to {@link Endpoint#VALIDATE}; introspection
		 * needs the client's credentials.
		 * @param endpoint the endpoint
		 * @return this builder
		 */
		public Builder endpoint(Endpoint endpoint) {
			Assert.notNull(endpoint, "endpoint cannot be null");
			Assert.isTrue(endpoint == Endpoint.VALIDATE || this.client.canIntrospect(),
					"Introspection needs the client's credentials");
			this.endpoint = endpoint;
			return this;
		}

		/**
		 * Sets the application id a validation answer must name.
		 * @param appId the application id, or {@code null} for no check (offline sessions
		 * are then compared with their own {@code app_id} claim)
		 * @return this builder
		 */
		public Builder appId(@Nullable String appId) {
			this.appId = appId;
			return this;
		}

		/**
		 * Sets the client id an introspection answer must name in {@code aud} or
		 * {@code client_id}.
		 * @param clientId the client id, or {@code null} for no check
		 * @return this builder
		 */
		public Builder clientId(@Nullable String clientId) {
			this.clientId = clientId;
			return this;
		}

		/**
		 * Sets how long answers are cached. Defaults to 30 seconds.
		 * @param cacheTtl the time to live
		 * @return this builder
		 */
		public Builder cacheTtl(Duration cacheTtl) {
			Assert.isTrue(cacheTtl != null && cacheTtl.toMillis() > 0, "cacheTtl must be positive");
			this.cacheTtl = cacheTtl;
			return this;
		}

		/**
		 * Sets how many answers are cached at most. Defaults to 10,000.
		 * @param cacheMaxSize the bound
		 * @return this builder
		 */
		public Builder cacheMaxSize(long cacheMaxSize) {
			Assert.isTrue(cacheMaxSize > 0, "cacheMaxSize must be positive");
			this.cacheMaxSize = cacheMaxSize;
			return this;
		}

		/**
		 * Sets the revocations a cached confirmation must still pass. None by default.
		 * @param revocations the store, or {@code null}
		 * @return this builder
		 */
		public Builder revocations(@Nullable RevocationStore revocations) {
			this.revocations = revocations;
			return this;
		}

		/**
		 * Builds the checker.
		 * @return the checker
		 */
		public RemoteSessionChecker build() {
			Assert.state(this.endpoint != Endpoint.INTROSPECT || this.clientId != null,
					"Introspection answers are checked for the client id: set it");
			return new RemoteSessionChecker(this);
		}

	}

}
