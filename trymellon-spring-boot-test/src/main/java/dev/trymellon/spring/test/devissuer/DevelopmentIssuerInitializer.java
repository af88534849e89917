package dev.trymellon.spring.test.devissuer;

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
import org.springframework.boot.web.context.reactive.ReactiveWebApplicationContext;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Starts an embedded development issuer (a {@link TryMellonTestIssuer}) before the
 * application context is refreshed and points the starter at it, so that an application
 * runs on a developer's machine with no TryMellon account. It starts only when all of
 * these hold:
 * <ul>
 * <li>{@value #ENABLED_PROPERTY} is not {@code false};</li>
 * <li>no profile of {@value #FORBIDDEN_PROFILES_PROPERTY} (by default {@code prod},
 * {@code production} and {@code live}, the list of sandbox mode) is active, compared
 * ignoring case and surrounding spaces; with no active profile, the default profiles are
 * compared;</li>
 * <li>no TryMellon key source is configured ({@code trymellon.jwks.uri} and
 * {@code trymellon.jwks.location} absent).</li>
 * </ul>
 * It then sets {@code trymellon.jwks.uri} and {@code trymellon.issuer} and, where the
 * application has none, {@code trymellon.client-id} ({@code sample-client}),
 * {@code trymellon.app-id} ({@code app_sample}), {@code trymellon.api-base-url} (the
 * issuer's stand-in for the backend validation API, so that remote validation works
 * without an account) and {@code trymellon.webhook.signing-secrets}
 * ({@code whsec_sample_development_only}, a secret everyone knows). Its tokens carry the
 * client id as audience, the application id as {@code app_id}, {@code tenant_sample} as
 * {@code tenant_id}, and live 24 hours. The issuer is the bean {@value #BEAN_NAME} and
 * stops with the context.
 * <p>
 * In a Spring MVC or WebFlux application it also serves
 * {@code POST /dev/tokens?user=...&roles=...}, which mints a token for loopback clients
 * only, judged by the connection's remote address (behind a proxy on the same host every
 * client is loopback: never run the development issuer behind one), and, once the
 * application is ready, logs two ready-to-paste {@code curl} commands with fresh tokens
 * for {@code /api/me} and {@code /api/admin}: the only place a token is logged.
 * <p>
 * Nothing registers this initializer by itself: an application opts in by naming it
 * under {@code org.springframework.context.ApplicationContextInitializer} in its own
 * {@code META-INF/spring.factories}, as the samples do. Development only.
 *
 * @author TryMellon
 * @since 0.1.0
 */
public final class DevelopmentIssuerInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	/** {@code false} keeps the development issuer off. */
	public static final String ENABLED_PROPERTY = "trymellon.sample.dev-issuer.enabled";

	/** The profiles under which the development issuer never starts. */
	public static final String FORBIDDEN_PROFILES_PROPERTY = "trymellon.sample.dev-issuer.forbidden-profiles";

	/** The name of the issuer's bean. */
	public static final String BEAN_NAME = "tryMellonDevelopmentIssuer";

	static final List<String> DEFAULT_FORBIDDEN_PROFILES = List.of("prod", "production", "live");

	static final String CLIENT_ID = "sample-client";

	static final String APP_ID = "app_sample";

	static final String TENANT_ID = "tenant_sample";

	/** Known to everyone (it is in the README): for the development issuer only. */
	static final String WEBHOOK_SECRET = "whsec_sample_development_only";

	private static final String WEBFLUX = "org.springframework.web.reactive.DispatcherHandler";

	private static final String WEBMVC = "org.springframework.web.servlet.DispatcherServlet";

	private static final Log logger = LogFactory.getLog(DevelopmentIssuerInitializer.class);

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
		environment.getPropertySources().addFirst(new MapPropertySource(BEAN_NAME, properties));
		ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
		beanFactory.registerSingleton(BEAN_NAME, issuer);
		if (beanFactory instanceof DefaultSingletonBeanRegistry registry) {
			registry.registerDisposableBean(BEAN_NAME, issuer::close);
		}
		DevelopmentTokens tokens = new DevelopmentTokens(issuer);
		Object endpoint = tokenEndpoint(context, tokens);
		if (endpoint != null) {
			beanFactory.registerSingleton(DevelopmentTokenEndpoint.BEAN_NAME, endpoint);
		}
		beanFactory.registerSingleton(DevelopmentIssuerBanner.BEAN_NAME, new DevelopmentIssuerBanner(tokens));
		logger.warn("TryMellon development issuer started on " + issuer.getBaseUrl()
				+ ": this application accepts tokens it mints, and " + DevelopmentTokens.PATH
				+ " mints them for any loopback client, so never run it behind a proxy on the same host. "
				+ "Development only; it never starts with a TryMellon key source configured, under a profile of "
				+ FORBIDDEN_PROFILES_PROPERTY + ", or with " + ENABLED_PROPERTY + "=false");
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

	/**
	 * The {@code /dev/tokens} controller of the context's web stack, none outside a web
	 * application. Each stack's classes are loaded only when that stack is present.
	 */
	private static @Nullable Object tokenEndpoint(ConfigurableApplicationContext context, DevelopmentTokens tokens) {
		ClassLoader classLoader = context.getClassLoader();
		if (context instanceof ReactiveWebApplicationContext && ClassUtils.isPresent(WEBFLUX, classLoader)) {
			return DevelopmentTokenEndpoint.reactive(tokens);
		}
		if (ClassUtils.isPresent(WEBMVC, classLoader) && DevelopmentTokenEndpoint.isServletContext(context)) {
			return DevelopmentTokenEndpoint.servlet(tokens);
		}
		return null;
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

}
