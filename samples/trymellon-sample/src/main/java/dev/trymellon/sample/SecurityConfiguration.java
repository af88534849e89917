package dev.trymellon.sample;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.DispatcherType;

import dev.trymellon.spring.autoconfigure.TryMellonProperties;
import dev.trymellon.spring.web.DefaultSessionTokenResolver;
import dev.trymellon.spring.web.SessionTokenResolver;
import dev.trymellon.spring.web.TryMellonConfigurer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.util.WebUtils;

/**
 * The starter's default chain with one change: the actuator. Health answers anyone (the
 * details only to the {@code ADMIN} role, see {@code management.endpoint.health.*}),
 * every other exposed endpoint ({@code /actuator/metrics/**}) needs {@code ADMIN}. The
 * rest is what the default chain does: the error dispatch and
 * {@code trymellon.security.permit-paths} open, everything else authenticated,
 * stateless, and CSRF protection only when the token may come from a cookie.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, TryMellonProperties properties,
			ObjectProvider<SessionTokenResolver> tokenResolver) throws Exception {
		String[] permitPaths = properties.getSecurity().getPermitPaths().toArray(String[]::new);
		http.authorizeHttpRequests((requests) -> {
			requests.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
			requests.requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll();
			requests.requestMatchers(EndpointRequest.toAnyEndpoint()).hasRole("ADMIN");
			if (permitPaths.length > 0) {
				requests.requestMatchers(permitPaths).permitAll();
			}
			requests.anyRequest().authenticated();
		});
		http.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		http.requestCache(AbstractHttpConfigurer::disable);
		http.logout(AbstractHttpConfigurer::disable);
		if (tokenResolver.getIfUnique() instanceof DefaultSessionTokenResolver resolver
				&& resolver.getCookieName() == null) {
			// Only the Authorization header is read; a browser never adds it by itself.
			http.csrf(AbstractHttpConfigurer::disable);
		}
		else {
			// As the default chain: a request to a permitted path without the session cookie
			// is anonymous (nothing ambient to abuse), so curl may POST /dev/tokens without
			// a CSRF token; everything cookie-authenticated needs one.
			String cookieName = (tokenResolver.getIfUnique() instanceof DefaultSessionTokenResolver resolver)
					? resolver.getCookieName() : null;
			http.csrf((csrf) -> {
				csrf.spa();
				if (cookieName != null && permitPaths.length > 0) {
					RequestMatcher withoutCookie = (request) -> WebUtils.getCookie(request, cookieName) == null;
					List<RequestMatcher> paths = new ArrayList<>();
					for (String path : permitPaths) {
						paths.add(PathPatternRequestMatcher.withDefaults().matcher(path));
					}
					csrf.ignoringRequestMatchers(new AndRequestMatcher(new OrRequestMatcher(paths), withoutCookie));
				}
			});
		}
		http.with(TryMellonConfigurer.tryMellon(), Customizer.withDefaults());
		return http.build();
	}

}
