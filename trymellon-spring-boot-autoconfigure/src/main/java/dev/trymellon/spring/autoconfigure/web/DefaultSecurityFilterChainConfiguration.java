package dev.trymellon.spring.autoconfigure.web;

import java.util.ArrayList;
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
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.util.WebUtils;

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
		SessionTokenResolver resolver = tokenResolver.getIfUnique();
		if (tokenMayComeFromCookie(resolver)) {
			// The browser sends cookies by itself, also on cross-site requests: state-changing
			// requests authenticated by the cookie must prove they come from the front end.
			http.csrf((csrf) -> {
				csrf.spa();
				RequestMatcher anonymousPermitted = anonymousPermittedRequests(resolver, permitPaths);
				if (anonymousPermitted != null) {
					csrf.ignoringRequestMatchers(anonymousPermitted);
				}
			});
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

	/**
	 * Requests to a permitted path that carry no session cookie: anonymous (the chain
	 * keeps no HTTP session and reads no other ambient credential), so a CSRF token
	 * protects nothing there, and a client such as curl may post to them without one.
	 * {@code null} when no path is permitted, or when the resolver is not TryMellon's
	 * default (whose cookie name is not known).
	 */
	private static @Nullable RequestMatcher anonymousPermittedRequests(@Nullable SessionTokenResolver resolver,
			List<String> permitPaths) {
		if (permitPaths.isEmpty() || !(resolver instanceof DefaultSessionTokenResolver defaultResolver)) {
			return null;
		}
		String cookieName = defaultResolver.getCookieName();
		if (cookieName == null) {
			return null;
		}
		List<RequestMatcher> paths = new ArrayList<>();
		for (String path : permitPaths) {
			paths.add(PathPatternRequestMatcher.withDefaults().matcher(path));
		}
		RequestMatcher withoutCookie = (request) -> WebUtils.getCookie(request, cookieName) == null;
		return new AndRequestMatcher(new OrRequestMatcher(paths), withoutCookie);
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
