package dev.trymellon.spring.remote;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.remote.RemoteCallListener.Endpoint;
import dev.trymellon.spring.remote.RemoteCallListener.Outcome;
import dev.trymellon.spring.session.SessionTokenException;
import dev.trymellon.spring.session.TryMellonErrorCode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
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

	private static final Log logger = LogFactory.getLog(TryMellonApiClient.class);

	private final RestClient restClient;

	private final URI validateUri;

	private final URI introspectUri;

	private final @Nullable String clientId;

	private final List<String> clientSecrets;

	private final AtomicInteger preferredSecret = new AtomicInteger();

	private final int maxRetries;

	private final long backoffMillis;

	private final long maxRetryWaitMillis;

	private final Clock clock;

	private final RemoteCallListener listener;

	private final Sleeper sleeper;

	private final AtomicReference<TryMellonApiStatus> status = new AtomicReference<>(TryMellonApiStatus.INITIAL);

	private volatile long rateLimitedUntil;

	private TryMellonApiClient(Builder builder) {
		this.restClient = builder.restClient;
		String base = builder.apiBaseUrl.toString();
		base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
		this.validateUri = URI.create(base + "/v1/sessions/validate");
		this.introspectUri = URI.create(base + "/oauth/introspect");
		this.clientId = builder.clientId;
		this.clientSecrets = List.copyOf(builder.clientSecrets);
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
		return this.clientId != null && !this.clientSecrets.isEmpty();
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
			outcome = outcome(ex);
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

	private static Outcome outcome(SessionTokenException ex) {
		if (ex.getErrorCode() == TryMellonErrorCode.RATE_LIMIT_EXCEEDED) {
			return Outcome.RATE_LIMITED;
		}
		if (ex instanceof NoAnswerException) {
			return Outcome.UNAVAILABLE;
		}
		return ex.isServiceUnavailable() ? Outcome.ERROR : Outcome.INVALID;
	}

	private RemoteValidation attempts(Endpoint endpoint, String token) {
		long blockedFor = this.rateLimitedUntil - this.clock.millis();
		if (blockedFor > 0) {
			throw rateLimited(Duration.ofMillis(blockedFor), "TryMellon's API asked not to be called yet");
		}
		long waited = 0;
		for (int attempt = 0;; attempt++) {
			SessionTokenException failure;
			Duration asked = null;
			try {
				Response response = exchange(endpoint, token);
				Instant now = this.clock.instant();
				if (response.status() == 429) {
					asked = RetryDelays.asked(response.headers(), now);
					failure = rateLimited(asked, "TryMellon's API answered 429");
				}
				else if (response.status() >= 500) {
					asked = RetryDelays.retryAfter(response.headers().getFirst(HttpHeaders.RETRY_AFTER), now);
					failure = unavailable("TryMellon's API answered " + response.status(), null, asked);
				}
				else {
					return answer(endpoint, response, now);
				}
			}
			catch (RestClientException ex) {
				failure = unavailable("TryMellon's API is unreachable ("
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

	private RemoteValidation answer(Endpoint endpoint, Response response, Instant now) {
		if (endpoint == Endpoint.VALIDATE) {
			return ApiAnswers.validation(response.status(), response.body(), now);
		}
		if (response.status() == 401) {
			logger.error("TryMellon refused the client credentials ('trymellon.client-id', 'trymellon.client-secret') "
					+ "used for token introspection; tokens cannot be checked");
			throw ApiAnswers.untrusted("the client credentials were refused");
		}
		if (response.status() != 200) {
			throw ApiAnswers.untrusted("introspection answered HTTP " + response.status());
		}
		return ApiAnswers.introspection(response.body(), now);
	}

	private Response exchange(Endpoint endpoint, String token) {
		if (endpoint == Endpoint.VALIDATE) {
			return this.restClient.get()
				.uri(this.validateUri)
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
				.accept(MediaType.APPLICATION_JSON)
				.exchange((request, response) -> read(response.getStatusCode().value(), response.getHeaders(),
						response.getBody()));
		}
		String form = "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&token_type_hint=access_token";
		int first = this.preferredSecret.get();
		Response response = null;
		for (int i = 0; i < this.clientSecrets.size(); i++) {
			int index = (first + i) % this.clientSecrets.size();
			response = this.restClient.post()
				.uri(this.introspectUri)
				.header(HttpHeaders.AUTHORIZATION, basic(this.clientSecrets.get(index)))
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.accept(MediaType.APPLICATION_JSON)
				.body(form)
				.exchange((request, answer) -> read(answer.getStatusCode().value(), answer.getHeaders(),
						answer.getBody()));
			if (response.status() != 401) {
				if (index != first && this.preferredSecret.compareAndSet(first, index)) {
					logger.info("TryMellon accepted client secret #" + (index + 1) + " of 'trymellon.client-secret' "
							+ "for token introspection; it is used first from now on");
				}
				return response;
			}
		}
		Assert.state(response != null, "No client secret");
		return response;
	}

	private String basic(String secret) {
		String credentials = this.clientId + ":" + secret;
		return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
	}

	private static Response read(int status, HttpHeaders headers, InputStream body) throws IOException {
		byte[] bytes = body.readNBytes(ApiAnswers.MAX_BODY + 1);
		if (bytes.length > ApiAnswers.MAX_BODY) {
			// too large to be an answer of this API: not read further, never trusted
			bytes = new byte[0];
		}
		return new Response(status, HttpHeaders.readOnlyHttpHeaders(headers), bytes);
	}

	private static SessionTokenException rateLimited(@Nullable Duration asked, String message) {
		return new SessionTokenException(TryMellonErrorCode.RATE_LIMIT_EXCEEDED, message, null, roundUp(asked));
	}

	private static SessionTokenException unavailable(String message, @Nullable Throwable cause,
			@Nullable Duration asked) {
		return new NoAnswerException(message, cause, roundUp(asked));
	}

	private static @Nullable Duration roundUp(@Nullable Duration asked) {
		if (asked == null) {
			return null;
		}
		long seconds = asked.getSeconds() + ((asked.getNano() > 0) ? 1 : 0);
		return Duration.ofSeconds(Math.max(1, seconds));
	}

	@Override
	public String toString() {
		return "TryMellonApiClient[" + this.validateUri.getHost() + "]";
	}

	private record Response(int status, HttpHeaders headers, byte[] body) {
	}

	/**
	 * The API could not be asked: unreachable, timed out or {@code 5xx}.
	 */
	private static final class NoAnswerException extends SessionTokenException {

		private static final long serialVersionUID = 1L;

		NoAnswerException(String message, @Nullable Throwable cause, @Nullable Duration retryAfter) {
			super(TryMellonErrorCode.INTROSPECTION_FAILED, message, cause, retryAfter);
		}

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
	public static final class Builder {

		private final RestClient restClient;

		private final URI apiBaseUrl;

		private @Nullable String clientId;

		private List<String> clientSecrets = List.of();

		private int maxRetries = 2;

		private Duration retryBackoff = Duration.ofMillis(100);

		private Duration maxRetryWait = Duration.ofSeconds(1);

		private Clock clock = Clock.systemUTC();

		private RemoteCallListener listener = RemoteCallListener.NONE;

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

		/**
		 * Sets the clock. Defaults to the UTC system clock.
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			Assert.notNull(clock, "clock cannot be null");
			this.clock = clock;
			return this;
		}

		/**
		 * Sets the listener told of every call. None by default.
		 * @param listener the listener
		 * @return this builder
		 */
		public Builder listener(RemoteCallListener listener) {
			Assert.notNull(listener, "listener cannot be null");
			this.listener = listener;
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
