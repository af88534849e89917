package dev.trymellon.spring.autoconfigure.remote;

import java.time.Duration;

import dev.trymellon.spring.remote.RemoteCallListener;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the calls to TryMellon's backend API: remote validation
 * ({@code trymellon.validation.mode=remote} or {@code hybrid}) and online checks.
 *
 * @author TryMellon
 * @since 0.2.0
 */
@ConfigurationProperties("trymellon.remote")
public class TryMellonRemoteProperties {

	/**
	 * Endpoint asked: 'validate' (GET /v1/sessions/validate, no credentials, the answer
	 * checked for 'trymellon.app-id') or 'introspect' (POST /oauth/introspect with
	 * 'trymellon.client-id' and 'trymellon.client-secret', the answer checked for the
	 * client id).
	 */
	private RemoteCallListener.Endpoint endpoint = RemoteCallListener.Endpoint.VALIDATE;

	/**
	 * Connect timeout of each call.
	 */
	private Duration connectTimeout = Duration.ofSeconds(1);

	/**
	 * Read timeout of each call.
	 */
	private Duration readTimeout = Duration.ofSeconds(2);

	/**
	 * How many times a call that got no answer (I/O error, timeout, 5xx, 429) is retried.
	 */
	private int maxRetries = 2;

	/**
	 * First wait before a retry when the API asked for none; it doubles on each retry.
	 */
	private Duration retryBackoff = Duration.ofMillis(100);

	/**
	 * Longest total wait for retries within one request. A longer Retry-After is answered
	 * at once with 503 and that Retry-After.
	 */
	private Duration maxRetryWait = Duration.ofSeconds(1);

	/**
	 * How long an answer of the API (valid or refused) is cached per token. Online checks
	 * bypass the cache.
	 */
	private Duration cacheTtl = Duration.ofSeconds(30);

	/**
	 * Maximum number of cached answers.
	 */
	private long cacheMaxSize = 10_000;

	public RemoteCallListener.Endpoint getEndpoint() {
		return this.endpoint;
	}

	public void setEndpoint(RemoteCallListener.Endpoint endpoint) {
		this.endpoint = endpoint;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public Duration getReadTimeout() {
		return this.readTimeout;
	}

	public void setReadTimeout(Duration readTimeout) {
		this.readTimeout = readTimeout;
	}

	public int getMaxRetries() {
		return this.maxRetries;
	}

	public void setMaxRetries(int maxRetries) {
		this.maxRetries = maxRetries;
	}

	public Duration getRetryBackoff() {
		return this.retryBackoff;
	}

	public void setRetryBackoff(Duration retryBackoff) {
		this.retryBackoff = retryBackoff;
	}

	public Duration getMaxRetryWait() {
		return this.maxRetryWait;
	}

	public void setMaxRetryWait(Duration maxRetryWait) {
		this.maxRetryWait = maxRetryWait;
	}

	public Duration getCacheTtl() {
		return this.cacheTtl;
	}

	public void setCacheTtl(Duration cacheTtl) {
		this.cacheTtl = cacheTtl;
	}

	public long getCacheMaxSize() {
		return this.cacheMaxSize;
	}

	public void setCacheMaxSize(long cacheMaxSize) {
		this.cacheMaxSize = cacheMaxSize;
	}

}
