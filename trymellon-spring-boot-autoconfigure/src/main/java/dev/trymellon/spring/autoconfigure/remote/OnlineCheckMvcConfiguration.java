package dev.trymellon.spring.autoconfigure.remote;

import dev.trymellon.spring.remote.RemoteSessionChecker;
import dev.trymellon.spring.web.DefaultSessionTokenResolver;
import dev.trymellon.spring.web.SessionTokenResolver;
import dev.trymellon.spring.web.TryMellonAuthenticationEntryPoint;
import dev.trymellon.spring.web.TryMellonVerifyOnlineInterceptor;

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
	WebMvcConfigurer tryMellonVerifyOnlineMvcConfigurer(ObjectProvider<RemoteSessionChecker> checker,
			ObjectProvider<SessionTokenResolver> resolver, ObjectProvider<AuthenticationEntryPoint> entryPoint) {
		return new WebMvcConfigurer() {

			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				registry.addInterceptor(new TryMellonVerifyOnlineInterceptor(checker.getObject(),
						resolver.getIfUnique(DefaultSessionTokenResolver::new),
						entryPoint.getIfUnique(TryMellonAuthenticationEntryPoint::new)));
			}

		};
	}

}
