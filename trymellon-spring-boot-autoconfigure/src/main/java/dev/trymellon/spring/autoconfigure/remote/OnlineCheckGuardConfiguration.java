package dev.trymellon.spring.autoconfigure.remote;

import dev.trymellon.spring.remote.RemoteSessionChecker;
import dev.trymellon.spring.remote.TryMellonVerifyOnline;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Fails startup when a handler carries {@link TryMellonVerifyOnline} but no
 * {@link RemoteSessionChecker} exists (TryMellon's API client is missing): the annotation
 * would otherwise be ignored, and the endpoint not checked online.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(RequestMappingHandlerMapping.class)
class OnlineCheckGuardConfiguration {

	@Bean
	static SmartInitializingSingleton tryMellonVerifyOnlineGuard(ObjectProvider<RemoteSessionChecker> checker,
			ObjectProvider<RequestMappingHandlerMapping> mappings) {
		return () -> {
			if (checker.getIfAvailable() != null) {
				return;
			}
			mappings.orderedStream().forEach((mapping) -> {
				for (HandlerMethod method : mapping.getHandlerMethods().values()) {
					if (AnnotatedElementUtils.hasAnnotation(method.getMethod(), TryMellonVerifyOnline.class)
							|| AnnotatedElementUtils.hasAnnotation(method.getBeanType(), TryMellonVerifyOnline.class)) {
						throw new IllegalStateException("@TryMellonVerifyOnline on " + method.getBeanType().getName()
								+ "." + method.getMethod().getName() + " needs TryMellon's API client: add the "
								+ "dependency 'org.springframework.boot:spring-boot-starter-restclient'");
					}
				}
			});
		};
	}

}
