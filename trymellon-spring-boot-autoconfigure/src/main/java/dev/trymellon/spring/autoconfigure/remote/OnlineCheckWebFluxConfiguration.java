package dev.trymellon.spring.autoconfigure.remote;

import dev.trymellon.spring.remote.RemoteSessionChecker;
import dev.trymellon.spring.web.reactive.TryMellonServerAuthenticationConverter;
import dev.trymellon.spring.web.reactive.TryMellonServerAuthenticationEntryPoint;
import dev.trymellon.spring.web.reactive.TryMellonVerifyOnlineHandlerAdapter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.web.reactive.HandlerAdapter;

/**
 * Declares the {@link TryMellonVerifyOnlineHandlerAdapter} in WebFlux applications with
 * Spring Security, reading the token with the application's
 * {@link TryMellonServerAuthenticationConverter} and answering with its
 * {@link ServerAuthenticationEntryPoint} (TryMellon's by default).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnClass({ HandlerAdapter.class, ServerAuthenticationEntryPoint.class })
class OnlineCheckWebFluxConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TryMellonVerifyOnlineHandlerAdapter tryMellonVerifyOnlineHandlerAdapter(RemoteSessionChecker checker,
			ObjectProvider<TryMellonServerAuthenticationConverter> converter,
			ObjectProvider<ServerAuthenticationEntryPoint> entryPoint) {
		return new TryMellonVerifyOnlineHandlerAdapter(checker,
				converter.getIfUnique(TryMellonServerAuthenticationConverter::new),
				entryPoint.getIfUnique(TryMellonServerAuthenticationEntryPoint::new));
	}

}
