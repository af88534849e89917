package dev.trymellon.spring.autoconfigure.remote;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.autoconfigure.PropertyChecks;
import dev.trymellon.spring.autoconfigure.TryMellonProperties;
import dev.trymellon.spring.autoconfigure.TryMellonProperties.Validation.Mode;
import dev.trymellon.spring.remote.RemoteCallListener;
import dev.trymellon.spring.remote.RemoteSessionChecker;
import dev.trymellon.spring.remote.RemoteSessionTokenVerifier;
import dev.trymellon.spring.remote.RemoteWebhookListener;
import dev.trymellon.spring.remote.TryMellonApiClient;
import dev.trymellon.spring.revocation.RevocationStore;
import dev.trymellon.spring.session.SessionTokenVerifier;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.client.RestClient;

/**
 * The API client and the checker, from {@code trymellon.*} and {@code trymellon.remote.*};
 * the remote verifier in remote mode. The client's {@code RestClient} comes from Spring
 * Boot's {@code RestClient.Builder} (its customizers and observation apply) with a
 * request factory built as Spring Boot builds it ({@code spring.http.clients.*}: SSL
 * bundle, redirects, the detected HTTP library) but with TryMellon's timeouts.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ RestClient.class, HttpClientSettings.class })
@Import({ OnlineCheckMvcConfiguration.class, OnlineCheckWebFluxConfiguration.class })
class RemoteApiConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TryMellonApiClient tryMellonApiClient(TryMellonProperties properties, TryMellonRemoteProperties remote,
			ObjectProvider<RestClient.Builder> restClientBuilder,
			ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilder,
			ObjectProvider<HttpClientSettings> httpClientSettings, ObjectProvider<RemoteCallListener> listeners,
			ObjectProvider<Clock> clock) {
		positive("trymellon.remote.connect-timeout", remote.getConnectTimeout());
		positive("trymellon.remote.read-timeout", remote.getReadTimeout());
		notNegative("trymellon.remote.retry-backoff", remote.getRetryBackoff());
		notNegative("trymellon.remote.max-retry-wait", remote.getMaxRetryWait());
		if (remote.getMaxRetries() < 0) {
			throw new InvalidConfigurationPropertyValueException("trymellon.remote.max-retries",
					remote.getMaxRetries(), "Must not be negative");
		}
		URI base = properties.getApiBaseUrl();
		String scheme = (base != null) ? base.getScheme() : null;
		if (base == null || !base.isAbsolute() || base.getHost() == null
				|| !("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme))) {
			throw new InvalidConfigurationPropertyValueException("trymellon.api-base-url", base,
					"Must be an absolute http or https URL with a host");
		}
		HttpClientSettings settings = httpClientSettings.getIfAvailable(HttpClientSettings::defaults)
			.withTimeouts(remote.getConnectTimeout(), remote.getReadTimeout());
		RestClient restClient = restClientBuilder.getIfAvailable(RestClient::builder)
			.requestFactory(requestFactoryBuilder.getIfAvailable(ClientHttpRequestFactoryBuilder::detect).build(settings))
			.build();
		TryMellonApiClient.Builder builder = TryMellonApiClient.builder(restClient, base)
			.maxRetries(remote.getMaxRetries())
			.retryBackoff(remote.getRetryBackoff())
			.maxRetryWait(remote.getMaxRetryWait())
			.clock(clock.getIfUnique(Clock::systemUTC))
			.listener(RemoteCallListener.of(listeners.orderedStream().toList()));
		String clientId = text(properties.getClientId());
		List<String> secrets = secrets(properties.getClientSecret());
		if (clientId != null && !secrets.isEmpty()) {
			builder.clientCredentials(clientId, secrets);
		}
		return builder.build();
	}

	@Bean
	@ConditionalOnMissingBean
	RemoteSessionChecker tryMellonRemoteSessionChecker(TryMellonApiClient client, TryMellonProperties properties,
			TryMellonRemoteProperties remote, ObjectProvider<RevocationStore> revocations,
			ObjectProvider<RemoteCallListener> listeners, ObjectProvider<Clock> clock) {
		Mode mode = properties.getValidation().getMode();
		String appId = text(properties.getAppId());
		if (mode != Mode.OFFLINE && appId == null) {
			throw new InvalidConfigurationPropertyValueException("trymellon.app-id", null,
					"Required while 'trymellon.validation.mode' is " + mode.name().toLowerCase(java.util.Locale.ROOT)
							+ ": TryMellon's validation API accepts a session of any TryMellon application, so each "
							+ "answer is checked for this application's id. Set 'trymellon.app-id' to the "
							+ "application id of the TryMellon dashboard");
		}
		String clientId = text(properties.getClientId());
		RemoteCallListener.Endpoint endpoint = remote.getEndpoint();
		if (endpoint == RemoteCallListener.Endpoint.INTROSPECT && !client.canIntrospect()) {
			throw new InvalidConfigurationPropertyValueException("trymellon.client-secret", "(hidden)",
					"'trymellon.remote.endpoint=introspect' authenticates with 'trymellon.client-id' and "
							+ "'trymellon.client-secret': set both, or use 'trymellon.remote.endpoint=validate'");
		}
		positive("trymellon.remote.cache-ttl", remote.getCacheTtl());
		if (remote.getCacheMaxSize() <= 0) {
			throw new InvalidConfigurationPropertyValueException("trymellon.remote.cache-max-size",
					remote.getCacheMaxSize(), "Must be positive");
		}
		return RemoteSessionChecker.withClient(client)
			.endpoint(endpoint)
			.appId(appId)
			.clientId(clientId)
			.cacheTtl(remote.getCacheTtl())
			.cacheMaxSize(remote.getCacheMaxSize())
			.revocations(properties.getRevocation().isEnabled() ? revocations.getIfUnique() : null)
			.clock(clock.getIfUnique(Clock::systemUTC))
			.listener(RemoteCallListener.of(listeners.orderedStream().toList()))
			.build();
	}

	@Bean
	@ConditionalOnMissingBean
	RemoteWebhookListener tryMellonRemoteWebhookListener(RemoteSessionChecker checker) {
		return new RemoteWebhookListener(checker);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "trymellon.validation.mode", havingValue = "remote")
	static class RemoteModeConfiguration {

		@Bean
		@ConditionalOnMissingBean(SessionTokenVerifier.class)
		RemoteSessionTokenVerifier sessionTokenVerifier(RemoteSessionChecker checker, TryMellonProperties properties) {
			int maxLength = PropertyChecks.maxLength(properties);
			return new RemoteSessionTokenVerifier(checker, maxLength);
		}

	}

	private static List<String> secrets(@Nullable List<String> configured) {
		List<String> secrets = new ArrayList<>();
		for (String secret : (configured != null) ? configured : List.<String>of()) {
			if (secret != null && !secret.isBlank()) {
				secrets.add(secret.trim());
			}
		}
		return secrets;
	}

	private static @Nullable String text(@Nullable String value) {
		return (value != null && !value.isBlank()) ? value.trim() : null;
	}

	private static void positive(String property, @Nullable Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new InvalidConfigurationPropertyValueException(property, value, "Must be positive");
		}
	}

	private static void notNegative(String property, @Nullable Duration value) {
		if (value == null || value.isNegative()) {
			throw new InvalidConfigurationPropertyValueException(property, value, "Must not be negative");
		}
	}

}
