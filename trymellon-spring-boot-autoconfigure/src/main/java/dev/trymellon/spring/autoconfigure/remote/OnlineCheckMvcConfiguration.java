package dev.trymellon.spring.autoconfigure.remote;

import dev.trymellon.spring.remote.RemoteSessionChecker;
import dev.trymellon.spring.web.DefaultSessionTokenResolver;
import dev.trymellon.spring.web.SessionTokenResolver;
import dev.trymellon.spring.web.TryMellonAuthenticationEntryPoint;
import dev.trymellon.spring.web.TryMellonVerifyOnlineInterceptor;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Registers the {@link TryMellonVerifyOnlineInterceptor} in Spring MVC applications with
 * Spring Security, reading the token with the application's {@link SessionTokenResolver}
 * and answering with its {@link AuthenticationEntryPoint} (TryMellon's by default).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ WebMvcConfigurer.class, AuthenticationEntryPoint.class })
class OnlineCheckMvcConfiguration {

	@Bean
	VerifyOnlineMvcConfigurer tryMellonVerifyOnlineMvcConfigurer(ObjectProvider<RemoteSessionChecker> checker,
			ObjectProvider<SessionTokenResolver> resolver, ObjectProvider<AuthenticationEntryPoint> entryPoint) {
		return new VerifyOnlineMvcConfigurer(checker, resolver, entryPoint);
	}

	/**
	 * Whether Spring MVC registered the interceptor (asked once the singletons exist).
	 */
	static boolean isApplied(ListableBeanFactory beans) {
		return beans.getBeanProvider(VerifyOnlineMvcConfigurer.class).stream().anyMatch((configurer) -> configurer.applied);
	}

	/**
	 * Registers the interceptor, and remembers that Spring MVC asked it to: an MVC
	 * configuration that ignores {@code WebMvcConfigurer} beans would leave the annotation
	 * unenforced.
	 */
	static final class VerifyOnlineMvcConfigurer implements WebMvcConfigurer {

		private final ObjectProvider<RemoteSessionChecker> checker;

		private final ObjectProvider<SessionTokenResolver> resolver;

		private final ObjectProvider<AuthenticationEntryPoint> entryPoint;

		private volatile boolean applied;

		VerifyOnlineMvcConfigurer(ObjectProvider<RemoteSessionChecker> checker,
				ObjectProvider<SessionTokenResolver> resolver, ObjectProvider<AuthenticationEntryPoint> entryPoint) {
			this.checker = checker;
			this.resolver = resolver;
			this.entryPoint = entryPoint;
		}

		@Override
		public void addInterceptors(InterceptorRegistry registry) {
			registry.addInterceptor(new TryMellonVerifyOnlineInterceptor(this.checker.getObject(),
					this.resolver.getIfUnique(DefaultSessionTokenResolver::new),
					this.entryPoint.getIfUnique(TryMellonAuthenticationEntryPoint::new)));
			this.applied = true;
		}

	}

}
