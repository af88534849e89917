package dev.trymellon.spring.test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;
import org.springframework.util.StringUtils;

/**
 * Starts a {@link TryMellonTestIssuer} for test classes annotated with
 * {@link AutoConfigureTryMellon @AutoConfigureTryMellon}, and keeps the context's
 * TryMellon stores out of the shared Redis ({@link TryMellonRedisIsolation}).
 */
class TryMellonContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		AutoConfigureTryMellon annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass,
				AutoConfigureTryMellon.class);
		if (annotation == null) {
			return null;
		}
		return new TryMellonContextCustomizer(annotation.clientId(), annotation.issuer(), annotation.redis());
	}

	/**
	 * Equal for equal attributes, so that cached contexts are shared.
	 */
	static final class TryMellonContextCustomizer implements ContextCustomizer {

		static final String BEAN_NAME = "tryMellonTestIssuer";

		static final String PROPERTY_SOURCE_NAME = "tryMellonTestIssuer";

		private final String clientId;

		private final String issuer;

		private final boolean redis;

		TryMellonContextCustomizer(String clientId, String issuer, boolean redis) {
			this.clientId = clientId;
			this.issuer = issuer;
			this.redis = redis;
		}

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			ConfigurableEnvironment environment = context.getEnvironment();
			String configuredClientId = environment.getProperty("trymellon.client-id");
			String audience = StringUtils.hasText(this.clientId) ? this.clientId
					: StringUtils.hasText(configuredClientId) ? configuredClientId.trim()
							: TryMellonTestIssuer.DEFAULT_AUDIENCE;
			TryMellonTestIssuer.Builder builder = TryMellonTestIssuer.builder().audience(audience);
			if (StringUtils.hasText(this.issuer)) {
				builder.issuer(this.issuer);
			}
			TryMellonTestIssuer started = builder.start();
			Map<String, Object> properties = new LinkedHashMap<>();
			properties.put("trymellon.jwks.uri", started.getJwksUri().toString());
			properties.put("trymellon.issuer", started.getIssuer());
			if (!audience.equals(configuredClientId)) {
				properties.put("trymellon.client-id", audience);
			}
			TryMellonRedisIsolation.apply(context, this.redis, properties);
			environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, properties));
			ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
			beanFactory.registerSingleton(BEAN_NAME, started);
			if (beanFactory instanceof DefaultSingletonBeanRegistry registry) {
				registry.registerDisposableBean(BEAN_NAME, started::close);
			}
		}

		@Override
		public boolean equals(@Nullable Object obj) {
			return (obj instanceof TryMellonContextCustomizer other) && this.clientId.equals(other.clientId)
					&& this.issuer.equals(other.issuer) && this.redis == other.redis;
		}

		@Override
		public int hashCode() {
			return Objects.hash(this.clientId, this.issuer, this.redis);
		}

	}

}
