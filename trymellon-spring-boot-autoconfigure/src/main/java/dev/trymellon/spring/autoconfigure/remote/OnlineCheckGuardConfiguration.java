package dev.trymellon.spring.autoconfigure.remote;

import java.util.Collection;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

import dev.trymellon.spring.remote.RemoteSessionChecker;
import dev.trymellon.spring.remote.TryMellonVerifyOnline;
import dev.trymellon.spring.web.internal.OnlineCheckRule;
import dev.trymellon.spring.web.reactive.TryMellonVerifyOnlineHandlerAdapter;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;
import org.springframework.web.method.HandlerMethod;

/**
 * Fails startup when a handler carries {@link TryMellonVerifyOnline} but the annotation
 * cannot be enforced: no {@link RemoteSessionChecker} exists (TryMellon's API client is
 * missing), or the component that enforces it is not in place: in Spring MVC the
 * {@code TryMellonVerifyOnlineInterceptor} was not registered (Spring Security is missing,
 * or the application's MVC configuration does not apply {@code WebMvcConfigurer} beans),
 * in WebFlux there is no {@link TryMellonVerifyOnlineHandlerAdapter} (Spring Security is
 * missing). The annotation would otherwise be ignored, and the
 * endpoint not checked online.
 */
@Configuration(proxyBeanMethods = false)
class OnlineCheckGuardConfiguration {

	private static final String RESTCLIENT = "add the dependency 'org.springframework.boot:spring-boot-starter-restclient'";

	private static final String SERVLET_SECURITY = "org.springframework.security.web.AuthenticationEntryPoint";

	private static final String REACTIVE_SECURITY = "org.springframework.security.web.server.ServerAuthenticationEntryPoint";

	private static boolean isPresent(String className, ListableBeanFactory beans) {
		ClassLoader classLoader = (beans instanceof ConfigurableBeanFactory configurable)
				? configurable.getBeanClassLoader() : null;
		return ClassUtils.isPresent(className, classLoader);
	}

	static void check(Collection<HandlerMethod> methods, String fix) {
		for (HandlerMethod method : methods) {
			if (OnlineCheckRule.isAnnotated(method.getBeanType(), method.getMethod())) {
				throw new IllegalStateException("@TryMellonVerifyOnline on " + method.getBeanType().getName() + "."
						+ method.getMethod().getName() + " cannot be enforced: " + fix);
			}
		}
	}

	/**
	 * The guard for one web stack: when the API client is missing, or the stack's
	 * enforcing component is not in place, every mapped handler is checked.
	 * @param beans the bean factory
	 * @param enforced whether the stack's enforcing component is in place
	 * @param notEnforcedFix what to do when it is not
	 * @param handlers the mapped handler methods, read only when needed
	 * @return the guard
	 */
	static SmartInitializingSingleton guard(ListableBeanFactory beans, BooleanSupplier enforced,
			String notEnforcedFix, Supplier<Stream<Collection<HandlerMethod>>> handlers) {
		return () -> {
			String fix;
			if (beans.getBeanNamesForType(RemoteSessionChecker.class).length == 0) {
				fix = "it needs TryMellon's API client: " + RESTCLIENT;
			}
			else if (!enforced.getAsBoolean()) {
				fix = notEnforcedFix;
			}
			else {
				return;
			}
			handlers.get().forEach((methods) -> check(methods, fix));
		};
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass(org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping.class)
	static class Servlet {

		@Bean
		static SmartInitializingSingleton tryMellonVerifyOnlineGuard(ListableBeanFactory beans,
				ObjectProvider<org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping> mappings) {
			return guard(beans, () -> isPresent(SERVLET_SECURITY, beans) && OnlineCheckMvcConfiguration.isApplied(beans),
					"the TryMellonVerifyOnlineInterceptor is not registered. It needs Spring Security and a "
							+ "Spring MVC configuration that applies WebMvcConfigurer beans (one that extends "
							+ "WebMvcConfigurationSupport directly does not: extend DelegatingWebMvcConfiguration)",
					() -> mappings.orderedStream().map((mapping) -> mapping.getHandlerMethods().values()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	@ConditionalOnClass(org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping.class)
	static class Reactive {

		@Bean
		static SmartInitializingSingleton tryMellonReactiveVerifyOnlineGuard(ListableBeanFactory beans,
				ObjectProvider<org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping> mappings) {
			return guard(beans,
					() -> isPresent(REACTIVE_SECURITY, beans)
							&& beans.getBeanNamesForType(TryMellonVerifyOnlineHandlerAdapter.class).length > 0,
					"it needs Spring Security ('spring-boot-starter-security') and the "
							+ "TryMellonVerifyOnlineHandlerAdapter bean the auto-configuration declares with it",
					() -> mappings.orderedStream().map((mapping) -> mapping.getHandlerMethods().values()));
		}

	}

}
