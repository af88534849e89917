package dev.trymellon.spring.remote;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.remote.RemoteCallListener.Endpoint;
import dev.trymellon.spring.remote.RemoteCallListener.Outcome;
import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.TryMellonErrorCode;

import org.springframework.http.HttpHeaders;
import org.springframework.util.Assert;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Calls TryMellon's backend validation API on a Spring {@link RestClient} (build it from
 * Spring Boot's {@code RestClient.Builder}, so customizers, observation, SSL bundles and
 * proxies apply):
 * <ul>
 * <li>{@link #validate(String)}: {@code GET {base}/v1/sessions/validate} with the token as
 * bearer; no client credentials;</li>
 * <li>{@link #introspect(String)}: {@code POST {base}/oauth/introspect} (RFC 7662) with
 * HTTP Basic {@code client_id:client_secret}; during a secret rotation each configured
 * secret is tried in turn when TryMellon refuses one, and the one that worked is used
 * first from then on.</li>
 * </ul>
 * Failures to get an answer (I/O errors and timeouts, {@code 5xx}, {@code 429}) are
 * retried at most {@link Builder#maxRetries(int) max-retries} times with exponential
 * backoff, or after the {@code Retry-After} / {@code X-RateLimit-Reset} the API asked
 * for; no other answer is retried. The waits of one call add up to at most
 * {@link Builder#maxRetryWait(Duration) max-retry-wait}: when the API asks for longer, the
 * call fails at once, carrying the delay the API asked for
 * ({@link SessionTokenException#getRetryAfter()}), and until that time has passed after
 * a {@code 429} every call fails at once without calling the API. A call that gets no
 * answer is {@link TryMellonErrorCode#RATE_LIMIT_EXCEEDED} or
 * {@link TryMellonErrorCode#INTROSPECTION_FAILED} ("could not check"); a session the API
 * refuses is a bad-token code ({@code SESSION_INVALID}, {@code SESSION_EXPIRED},
 * {@code TOKEN_TYPE_MISMATCH}, {@code SESSION_REVOKED} for a deleted user,
 * {@code JWT_KID_MISMATCH}). Neither the token nor a secret is ever logged.
 * <p>
 * Thread-safe; holds no lock while calling. Retries wait on the calling thread.
 *
 * @author TryMellon
 * @since 0.2.0
 */
public final class TryMellonApiClient {

	private final ApiTransport transport;

	private final int maxRetries;

	private final long backoffMillis;

	private final long maxRetryWaitMillis;

	private final Clock clock;

	private final RemoteCallListener listener;

	private final Sleeper sleeper;

	private final AtomicReference<TryMellonApiStatus> status = new AtomicReference<>(TryMellonApiStatus.INITIAL);

	private volatile long rateLimitedUntil;

	private TryMellonApiClient(Builder builder) {
		this.transport = new ApiTransport(builder.restClient, builder.apiBaseUrl, builder.clientId,
				builder.clientSecrets);
		this.maxRetries = builder.maxRetries;
		this.backoffMillis = builder.retryBackoff.toMillis();
		this.maxRetryWaitMillis = builder.maxRetryWait.toMillis();
		this.clock = builder.clock;
		this.listener = builder.listener;
		this.sleeper = builder.sleeper;
	}

	/**
	 * Starts a builder.
	 * @param restClient the client to call with (its base URL, if any, is not used)
	 * @param apiBaseUrl TryMellon's API base URL, such as
	 * {@code https://api.trymellonauth.com}
	 * @return a builder
	 */
	public static Builder builder(RestClient restClient, URI apiBaseUrl) {
		Assert.notNull(restClient, "restClient cannot be null");
		Assert.isTrue(apiBaseUrl != null && apiBaseUrl.isAbsolute(), "apiBaseUrl must be an absolute URL");
		return new Builder(restClient, apiBaseUrl);
	}

	/**
	 * Validates the token with {@code GET /v1/sessions/validate}.
	 * @param token the raw session token
	 * @return what the API confirmed
	 * @throws SessionTokenException when the API refuses the session, or could not be
	 * asked
	 */
	public RemoteValidation validate(String token) {
		return call(Endpoint.VALIDATE, token);
	}

	/**
	 * Introspects the token with {@code POST /oauth/introspect}.
	 * @param token the raw session token
	 * @return what the API confirmed
	 * @throws SessionTokenException when the token is not active, or the API could not be
	 * asked
	 * @throws IllegalStateException when no client credentials are configured
	 */
	public RemoteValidation introspect(String token) {
		Assert.state(canIntrospect(), "Introspection needs a client id and at least one client secret");
		return call(Endpoint.INTROSPECT, token);
	}

	/**
	 * Whether client credentials are configured, so that {@link #introspect(String)} can
	 * be called.
	 * @return {@code true} with a client id and a secret
	 */
	public boolean canIntrospect() {
		return this.transport.canIntrospect();
	}

	/**
	 * Returns the API's last known state, without calling it.
	 * @return the status
	 */
	public TryMellonApiStatus getStatus() {
		TryMellonApiStatus current = this.status.get();
		return (current != null) ? current : TryMellonApiStatus.INITIAL;
	}

	private RemoteValidation call(Endpoint endpoint, String token) {
		Assert.hasText(token, "token cannot be empty");
		long started = System.nanoTime();
		Outcome outcome = Outcome.ERROR;
		try {
			RemoteValidation validation = attempts(endpoint, token);
			outcome = Outcome.VALID;
			return validation;
		}
		catch (SessionTokenException ex) {
			outcome = ApiFailures.outcome(ex);
			throw ex;
		}
		finally {
			record(endpoint, outcome, started);
		}
	}

	private void record(Endpoint endpoint, Outcome outcome, long started) {
		long limited = this.rateLimitedUntil;
		Instant now = this.clock.instant();
		Instant limitedUntil = (limited > now.toEpochMilli()) ? Instant.ofEpochMilli(limited) : null;
		this.status.updateAndGet((current) -> ((current != null) ? current : TryMellonApiStatus.INITIAL)
			.next(outcome, now, limitedUntil));
		this.listener.called(endpoint, outcome, Duration.ofNanos(System.nanoTime() - started));
	}

	private RemoteValidation attempts(Endpoint endpoint, String token) {
		long blockedFor = this.rateLimitedUntil - this.clock.millis();
		if (blockedFor > 0) {
			throw ApiFailures.rateLimited(Duration.ofMillis(blockedFor), "TryMellon's API asked not to be called yet");
		}
		long waited = 0;
		for (int attempt = 0;; attempt++) {
			SessionTokenException failure;
			Duration asked = null;
			try {
				ApiTransport.Response response = this.transport.exchange(endpoint, token);
				Instant now = this.clock.instant();
				if (response.status() == 429) {
					asked = RetryDelays.asked(response.headers(), now);
					failure = ApiFailures.rateLimited(asked, "TryMellon's API answered 429");
				}
				else if (response.status() >= 500) {
					asked = RetryDelays.retryAfter(response.headers().getFirst(HttpHeaders.RETRY_AFTER), now);
					failure = ApiFailures.unavailable("TryMellon's API answered " + response.status(), null, asked);
				}
				else {
					return ApiTransport.answer(endpoint, response, now);
				}
			}
			catch (RestClientException ex) {
				failure = ApiFailures.unavailable("TryMellon's API is unreachable ("
						+ ex.getMostSpecificCause().getClass().getSimpleName() + ")", ex, null);
			}
			long delay = (asked != null) ? asked.toMillis() : this.backoffMillis << Math.min(attempt, 20);
			if (attempt >= this.maxRetries || waited + delay > this.maxRetryWaitMillis) {
				if (failure.getErrorCode() == TryMellonErrorCode.RATE_LIMIT_EXCEEDED && asked != null) {
					this.rateLimitedUntil = this.clock.millis() + asked.toMillis();
				}
				throw failure;
			}
			if (!this.sleeper.sleep(Duration.ofMillis(delay))) {
				throw failure;
			}
			waited += delay;
		}
	}

	@Override
	public String toString() {
		return "TryMellonApiClient[" + this.transport.host() + "]";
	}

	/**
	 * Waits between retries; {@code false} when interrupted.
	 */
	@FunctionalInterface
	interface Sleeper {

		Sleeper THREAD = (delay) -> {
			try {
				Thread.sleep(delay.toMillis());
				return true;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		};

		boolean sleep(Duration delay);

	}

	/**
	 * Builds a {@link TryMellonApiClient}.
	 *
	 * @since 0.2.0
	 */
	public static final class Builder extends RemoteBuilderSupport<Builder> {

		private final RestClient restClient;

		private final URI apiBaseUrl;

		private @Nullable String clientId;

		private List<String> clientSecrets = List.of();

		private int maxRetries = 2;

		private Duration retryBackoff = Duration.ofMillis(100);

		private Duration maxRetryWait = Duration.ofSeconds(1);

		private Sleeper sleeper = Sleeper.THREAD;

		private Builder(RestClient restClient, URI apiBaseUrl) {
			this.restClient = restClient;
			this.apiBaseUrl = apiBaseUrl;
		}

		/**
		 * Sets the client credentials of introspection. None by default.
		 * @param clientId the client id
		 * @param clientSecrets the client secrets, the current one first; during a
		 * rotation the previous one after it
		 * @return this builder
		 */
		public Builder clientCredentials(String clientId, List<String> clientSecrets) {
			Assert.hasText(clientId, "clientId cannot be empty");
			Assert.notEmpty(clientSecrets, "clientSecrets cannot be empty");
			List<String> secrets = new ArrayList<>();
			for (String secret : clientSecrets) {
				Assert.hasText(secret, "clientSecrets cannot contain an empty secret");
				secrets.add(secret);
			}
			this.clientId = clientId;
			this.clientSecrets = secrets;
			return this;
		}

		/**
		 * Sets how many times a call that got no answer is retried. Defaults to 2.
		 * @param maxRetries the retries, 0 for none
		 * @return this builder
		 */
		public Builder maxRetries(int maxRetries) {
			Assert.isTrue(maxRetries >= 0, "maxRetries cannot be negative");
			this.maxRetries = maxRetries;
			return this;
		}

		/**
		 * Sets the first wait before a retry when the API asked for none; it doubles on
		 * each retry. Defaults to 100 ms.
		 * @param retryBackoff the first wait
		 * @return this builder
		 */
		public Builder retryBackoff(Duration retryBackoff) {
			Assert.isTrue(retryBackoff != null && !retryBackoff.isNegative(), "retryBackoff cannot be negative");
			this.retryBackoff = retryBackoff;
			return this;
		}

		/**
		 * Sets the longest total wait for retries within one call. Defaults to 1 second.
		 * @param maxRetryWait the longest wait
		 * @return this builder
		 */
		public Builder maxRetryWait(Duration maxRetryWait) {
			Assert.isTrue(maxRetryWait != null && !maxRetryWait.isNegative(), "maxRetryWait cannot be negative");
			this.maxRetryWait = maxRetryWait;
			return this;
		}

		Builder sleeper(Sleeper sleeper) {
			this.sleeper = sleeper;
			return this;
		}

		/**
		 * Builds the client.
		 * @return the client
		 */
		public TryMellonApiClient build() {
			return new TryMellonApiClient(this);
		}

	}

}
