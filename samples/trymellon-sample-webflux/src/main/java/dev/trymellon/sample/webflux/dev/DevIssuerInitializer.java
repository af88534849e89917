package dev.trymellon.sample.webflux.dev;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.test.TryMellonTestIssuer;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Starts the embedded development issuer before the context is refreshed and points the
 * starter at it, under the servlet sample's rules and properties: unless
 * {@code trymellon.sample.dev-issuer.enabled=false}, a key source is configured
 * ({@code trymellon.jwks.uri} or {@code trymellon.jwks.location}), or a profile of
 * {@code trymellon.sample.dev-issuer.forbidden-profiles} (by default {@code prod},
 * {@code production}, {@code live}, ignoring case and surrounding spaces; with no active
 * profile, the default profiles) is active. It sets {@code trymellon.jwks.uri} and
 * {@code trymellon.issuer} and, when absent, {@code trymellon.client-id}
 * ({@value #CLIENT_ID}), {@code trymellon.app-id} ({@value #APP_ID}),
 * {@code trymellon.api-base-url} (the issuer's stand-in validation API) and
 * {@code trymellon.webhook.signing-secrets} ({@value #WEBHOOK_SECRET}). The issuer is a
 * bean of the context and stops with it. Registered in {@code META-INF/spring.factories}.
 * <p>
 * The same rules as {@code dev.trymellon.sample.dev.DevIssuerInitializer} of the servlet
 * sample, kept apart so that each sample stands alone.
 */
class DevIssuerInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	static final String ENABLED_PROPERTY = "trymellon.sample.dev-issuer.enabled";

	static final String FORBIDDEN_PROFILES_PROPERTY = "trymellon.sample.dev-issuer.forbidden-profiles";

	static final List<String> DEFAULT_FORBIDDEN_PROFILES = List.of("prod", "production", "live");

	static final String BEAN_NAME = "tryMellonDevelopmentIssuer";

	static final String CLIENT_ID = "sample-client";

	static final String APP_ID = "app_sample";

	static final String TENANT_ID = "tenant_sample";

	/** Known to everyone (it is in the README): for the development issuer only. */
	static final String WEBHOOK_SECRET = "whsec_sample_development_only";

	private static final Log logger = LogFactory.getLog(DevIssuerInitializer.class);

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		ConfigurableEnvironment environment = context.getEnvironment();
		if (!environment.getProperty(ENABLED_PROPERTY, Boolean.class, true)) {
			return;
		}
		String forbidden = forbiddenProfile(environment);
		if (forbidden != null) {
			logger.info("TryMellon development issuer not started: profile '" + forbidden + "' is active (see '"
					+ FORBIDDEN_PROFILES_PROPERTY + "')");
			return;
		}
		if (hasText(environment, "trymellon.jwks.uri") || hasText(environment, "trymellon.jwks.location")) {
			return;
		}
		String audience = valueOr(environment, "trymellon.client-id", CLIENT_ID);
		String appId = valueOr(environment, "trymellon.app-id", APP_ID);
		TryMellonTestIssuer issuer = TryMellonTestIssuer.builder()
			.audience(audience)
			.appId(appId)
			.tenantId(TENANT_ID)
			.tokenLifetime(Duration.ofHours(24))
			.start();
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("trymellon.jwks.uri", issuer.getJwksUri().toString());
		properties.put("trymellon.issuer", issuer.getIssuer());
		putIfAbsent(environment, properties, "trymellon.client-id", audience);
		putIfAbsent(environment, properties, "trymellon.app-id", appId);
		putIfAbsent(environment, properties, "trymellon.api-base-url", issuer.api().getBaseUrl().toString());
		putIfAbsent(environment, properties, "trymellon.webhook.signing-secrets", WEBHOOK_SECRET);
		environment.getPropertySources().addFirst(new MapPropertySource("tryMellonDevelopmentIssuer", properties));
		ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
		beanFactory.registerSingleton(BEAN_NAME, issuer);
		if (beanFactory instanceof DefaultSingletonBeanRegistry registry) {
			registry.registerDisposableBean(BEAN_NAME, issuer::close);
		}
		logger.warn("TryMellon development issuer started on " + issuer.getBaseUrl()
				+ ": this application accepts tokens it mints, and /dev/tokens mints them for any loopback "
				+ "client, so never run it behind a proxy on the same host. Development only; it never starts "
				+ "with a TryMellon key source configured, under a profile of " + FORBIDDEN_PROFILES_PROPERTY
				+ ", or with " + ENABLED_PROPERTY + "=false");
	}

	private static boolean hasText(ConfigurableEnvironment environment, String name) {
		return StringUtils.hasText(environment.getProperty(name));
	}

	private static String valueOr(ConfigurableEnvironment environment, String name, String fallback) {
		String value = environment.getProperty(name);
		return StringUtils.hasText(value) ? value.trim() : fallback;
	}

	private static void putIfAbsent(ConfigurableEnvironment environment, Map<String, Object> properties, String name,
			String value) {
		if (!hasText(environment, name)) {
			properties.put(name, value);
		}
	}

	/**
	 * The first active profile (or, with none active, default profile) that is in the
	 * forbidden list, ignoring case and surrounding spaces.
	 */
	static @Nullable String forbiddenProfile(ConfigurableEnvironment environment) {
		List<String> forbidden = Binder.get(environment)
			.bind(FORBIDDEN_PROFILES_PROPERTY, Bindable.listOf(String.class))
			.orElse(DEFAULT_FORBIDDEN_PROFILES);
		String[] profiles = environment.getActiveProfiles();
		if (profiles.length == 0) {
			profiles = environment.getDefaultProfiles();
		}
		for (String profile : profiles) {
			for (String name : forbidden) {
				if (name != null && profile.trim().equalsIgnoreCase(name.trim())) {
					return profile;
				}
			}
		}
		return null;
	}

}
