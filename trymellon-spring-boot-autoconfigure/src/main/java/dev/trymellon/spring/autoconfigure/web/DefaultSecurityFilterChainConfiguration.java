package dev.trymellon.spring.autoconfigure.web;

import java.util.List;

import jakarta.servlet.DispatcherType;
import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.autoconfigure.TryMellonProperties;
import dev.trymellon.spring.session.SessionTokenVerifier;
import dev.trymellon.spring.web.DefaultSessionTokenResolver;
import dev.trymellon.spring.web.SessionTokenResolver;
import dev.trymellon.spring.web.TryMellonConfigurer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.security.autoconfigure.web.servlet.ConditionalOnDefaultWebSecurity;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.cors.CorsConfigurationSource;

/**
 * The default security filter chain, used only while the application declares no
 * {@link SecurityFilterChain}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnDefaultWebSecurity
@ConditionalOnBean(SessionTokenVerifier.class)
class DefaultSecurityFilterChainConfiguration {

	private static final String HANDLER_MAPPING_INTROSPECTOR = "org.springframework.web.servlet.handler.HandlerMappingIntrospector";

	@Bean
	@Order(SecurityFilterProperties.BASIC_AUTH_ORDER)
	SecurityFilterChain tryMellonSecurityFilterChain(HttpSecurity http, TryMellonProperties properties,
			ObjectProvider<SessionTokenResolver> tokenResolver, ApplicationContext context) throws Exception {
		List<String> permitPaths = WebSecuritySettings.permitPaths(properties);
		http.authorizeHttpRequests((requests) -> {
			// The container's error dispatch (a 404 or 405 of a permitted request, say) shows
			// the status it was given; a protected request is refused before it gets there.
			requests.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
			requests.requestMatchers(WebSecuritySettings.HEALTH_PATHS.toArray(String[]::new)).permitAll();
			if (!permitPaths.isEmpty()) {
				requests.requestMatchers(permitPaths.toArray(String[]::new)).permitAll();
			}
			requests.anyRequest().authenticated();
		});
		http.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		http.requestCache(AbstractHttpConfigurer::disable);
		http.logout(AbstractHttpConfigurer::disable);
		if (tokenMayComeFromCookie(tokenResolver.getIfUnique())) {
			// The browser sends cookies by itself, also on cross-site requests: state-changing
			// requests authenticated by the cookie must prove they come from the front end.
			http.csrf((csrf) -> csrf.spa());
		}
		else {
			// Only the Authorization header is read; a browser never adds it by itself.
			http.csrf(AbstractHttpConfigurer::disable);
		}
		if (hasCorsConfigurationSource(context)) {
			http.cors(Customizer.withDefaults());
		}
		http.with(TryMellonConfigurer.tryMellon(), Customizer.withDefaults());
		return http.build();
	}

	/**
	 * Whether a browser may send the token by itself: unless the resolver is TryMellon's
	 * default reading only the {@code Authorization} header, assume it reads a cookie.
	 */
	private static boolean tokenMayComeFromCookie(@Nullable SessionTokenResolver resolver) {
		return !(resolver instanceof DefaultSessionTokenResolver defaultResolver)
				|| defaultResolver.getCookieName() != null;
	}

	private static boolean hasCorsConfigurationSource(ApplicationContext context) {
		for (String name : context.getBeanNamesForType(CorsConfigurationSource.class, false, false)) {
			Class<?> type = context.getType(name, false);
			if (type == null || !isHandlerMappingIntrospector(type)) {
				return true;
			}
		}
		return false;
	}

	private static boolean isHandlerMappingIntrospector(Class<?> type) {
		for (Class<?> candidate = type; candidate != null; candidate = candidate.getSuperclass()) {
			if (HANDLER_MAPPING_INTROSPECTOR.equals(candidate.getName())) {
				return true;
			}
		}
		return false;
	}

}
