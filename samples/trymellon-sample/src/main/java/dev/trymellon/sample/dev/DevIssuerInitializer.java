package dev.trymellon.sample.dev;

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
 * Starts the embedded development issuer before the application context is refreshed, and
 * points the starter at it, when all of these hold:
 * <ul>
 * <li>{@code trymellon.sample.dev-issuer.enabled} is not {@code false};</li>
 * <li>no external key source is configured ({@code trymellon.jwks.uri} and
 * {@code trymellon.jwks.location} absent);</li>
 * <li>no profile of {@code trymellon.sample.dev-issuer.forbidden-profiles} (by default
 * {@code prod}, {@code production} and {@code live}, the list of sandbox mode) is active,
 * compared ignoring case and surrounding spaces; with no active profile, the default
 * profiles are compared.</li>
 * </ul>
 * It sets {@code trymellon.jwks.uri} and {@code trymellon.issuer}, and, when the
 * application has none, {@code trymellon.client-id} ({@value #CLIENT_ID}),
 * {@code trymellon.app-id} ({@value #APP_ID}),
 * {@code trymellon.api-base-url} (the issuer's base URL, where its stand-in for the
 * backend validation API answers, so that remote validation works without an account)
 * and {@code trymellon.webhook.signing-secrets} ({@value #WEBHOOK_SECRET}). Its tokens
 * carry the client id as audience, the application id as {@code app_id} and
 * {@value #TENANT_ID} as {@code tenant_id}. The issuer is
 * a bean of the context and stops with it. Registered in
 * {@code META-INF/spring.factories}.
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
		if (StringUtils.hasText(environment.getProperty("trymellon.jwks.uri"))
				|| StringUtils.hasText(environment.getProperty("trymellon.jwks.location"))) {
			return;
		}
		String clientId = environment.getProperty("trymellon.client-id");
		String audience = StringUtils.hasText(clientId) ? clientId.trim() : CLIENT_ID;
		String configuredAppId = environment.getProperty("trymellon.app-id");
		String appId = StringUtils.hasText(configuredAppId) ? configuredAppId.trim() : APP_ID;
		TryMellonTestIssuer issuer = TryMellonTestIssuer.builder()
			.audience(audience)
			.appId(appId)
			.tenantId(TENANT_ID)
			.tokenLifetime(Duration.ofHours(24))
			.start();
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("trymellon.jwks.uri", issuer.getJwksUri().toString());
		properties.put("trymellon.issuer", issuer.getIssuer());
		if (!StringUtils.hasText(clientId)) {
			properties.put("trymellon.client-id", audience);
		}
		if (!StringUtils.hasText(configuredAppId)) {
			properties.put("trymellon.app-id", appId);
		}
		if (!StringUtils.hasText(environment.getProperty("trymellon.api-base-url"))) {
			properties.put("trymellon.api-base-url", issuer.api().getBaseUrl().toString());
		}
		if (!StringUtils.hasText(environment.getProperty("trymellon.webhook.signing-secrets"))) {
			properties.put("trymellon.webhook.signing-secrets", WEBHOOK_SECRET);
		}
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
				if (profile != null && name != null && profile.trim().equalsIgnoreCase(name.trim())) {
					return profile;
				}
			}
		}
		return null;
	}

}
