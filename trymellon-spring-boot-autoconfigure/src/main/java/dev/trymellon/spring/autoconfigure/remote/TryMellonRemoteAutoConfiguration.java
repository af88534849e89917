package dev.trymellon.spring.autoconfigure.remote;

import dev.trymellon.spring.autoconfigure.TryMellonAutoConfiguration;
import dev.trymellon.spring.autoconfigure.TryMellonProperties;
import dev.trymellon.spring.autoconfigure.TryMellonProperties.Validation.Mode;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * of TryMellon's backend API: the {@link dev.trymellon.spring.remote.TryMellonApiClient}
 * on Spring Boot's {@code RestClient.Builder}, the
 * {@link dev.trymellon.spring.remote.RemoteSessionChecker}, the remote
 * {@link dev.trymellon.spring.session.SessionTokenVerifier} in
 * {@code trymellon.validation.mode=remote} (runs before the offline verifier's
 * configuration, which then backs off) and the {@code @TryMellonVerifyOnline} interceptor
 * of servlet applications. Remote and hybrid modes need {@code spring-boot-starter-restclient};
 * without it they fail startup.
 *
 * @author TryMellon
 * @since 0.2.0
 */
@AutoConfiguration(before = TryMellonAutoConfiguration.class,
		afterName = { "org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration",
				"org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration",
				"org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration" })
@EnableConfigurationProperties({ TryMellonProperties.class, TryMellonRemoteProperties.class })
@Import({ RemoteApiConfiguration.class, OnlineCheckGuardConfiguration.class,
		TryMellonRemoteAutoConfiguration.ValidationModeCheck.class })
public final class TryMellonRemoteAutoConfiguration {

	static final String REST_CLIENT = "org.springframework.web.client.RestClient";

	static final String HTTP_CLIENT_SETTINGS = "org.springframework.boot.http.client.HttpClientSettings";

	/**
	 * Fails remote and hybrid modes when the HTTP client is missing: hybrid mode would
	 * otherwise refuse nothing it defers to the API, remote mode verify nothing.
	 */
	@Configuration(proxyBeanMethods = false)
	static class ValidationModeCheck {

		ValidationModeCheck(TryMellonProperties properties, ResourceLoader resourceLoader) {
			Mode mode = properties.getValidation().getMode();
			ClassLoader classLoader = resourceLoader.getClassLoader();
			boolean present = ClassUtils.isPresent(REST_CLIENT, classLoader)
					&& ClassUtils.isPresent(HTTP_CLIENT_SETTINGS, classLoader);
			if (mode != Mode.OFFLINE && !present) {
				throw new InvalidConfigurationPropertyValueException("trymellon.validation.mode", mode,
						"Remote and hybrid validation call TryMellon's API with Spring's RestClient: add the "
								+ "dependency 'org.springframework.boot:spring-boot-starter-restclient', or use "
								+ "'trymellon.validation.mode=offline'");
			}
		}

	}

}
