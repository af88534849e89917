package dev.trymellon.spring.autoconfigure.web.reactive;

import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import dev.trymellon.spring.autoconfigure.TryMellonProperties;
import dev.trymellon.spring.autoconfigure.web.WebSecuritySettings;
import dev.trymellon.spring.browser.SessionCookieSettings;
import dev.trymellon.spring.session.SessionTokenVerifier;
import dev.trymellon.spring.web.reactive.TryMellonReactiveConfigurer;
import dev.trymellon.spring.web.reactive.TryMellonServerAccessDeniedHandler;
import dev.trymellon.spring.web.reactive.TryMellonServerAuthenticationConverter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.csrf.CookieServerCsrfTokenRepository;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.security.web.server.csrf.CsrfWebFilter;
import org.springframework.security.web.server.csrf.ServerCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.AndServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.NegatedServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher.MatchResult;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

/**
 * The default security web filter chain, used only while the application declares no
 * {@link SecurityWebFilterChain}: stateless, every exchange authenticated except the
 * health endpoint and the permitted paths, no form login, HTTP Basic or logout, CSRF
 * protection only when the token may come from a cookie (browser sessions included; the
 * session endpoints are added by the configurer when their settings are present).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnMissingBean({ SecurityWebFilterChain.class, WebFilterChainProxy.class })
@ConditionalOnBean(SessionTokenVerifier.class)
class DefaultSecurityWebFilterChainConfiguration {

	@Bean
	SecurityWebFilterChain tryMellonSecurityWebFilterChain(ServerHttpSecurity http, TryMellonProperties properties,
			ObjectProvider<TryMellonServerAuthenticationConverter> converter,
			ObjectProvider<SessionCookieSettings> sessionCookie, ApplicationContext context) {
		List<String> permitPaths = WebSecuritySettings.permitPaths(properties);
		http.authorizeExchange((exchanges) -> {
			exchanges.pathMatchers(WebSecuritySettings.HEALTH_PATHS.toArray(String[]::new)).permitAll();
			if (!permitPaths.isEmpty()) {
				exchanges.pathMatchers(permitPaths.toArray(String[]::new)).permitAll();
			}
			exchanges.anyExchange().authenticated();
		});
		http.securityContextRepository(NoOpServerSecurityContextRepository.getInstance());
		http.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable);
		http.formLogin(ServerHttpSecurity.FormLoginSpec::disable);
		http.logout(ServerHttpSecurity.LogoutSpec::disable);
		http.requestCache((cache) -> cache.requestCache(NoOpServerRequestCache.getInstance()));
		String cookieName = tokenCookieName(converter.getIfUnique(), sessionCookie.getIfUnique());
		if (cookieName != null) {
			// The browser sends cookies by itself, also on cross-site requests: state-changing
			// requests authenticated by the cookie must prove they come from the front end,
			// with the token of the XSRF-TOKEN cookie in the X-XSRF-TOKEN header.
			http.csrf((csrf) -> csrf.csrfTokenRepository(CookieServerCsrfTokenRepository.withHttpOnlyFalse())
				.csrfTokenRequestHandler(new ServerCsrfTokenRequestAttributeHandler())
				.requireCsrfProtectionMatcher(csrfProtected(permitPaths, cookieName))
				.accessDeniedHandler(new TryMellonServerAccessDeniedHandler()));
			http.addFilterAfter(DefaultSecurityWebFilterChainConfiguration::loadCsrfToken, SecurityWebFiltersOrder.CSRF);
		}
		else {
			// Only the Authorization header is read; a browser never adds it by itself.
			http.csrf(ServerHttpSecurity.CsrfSpec::disable);
		}
		if (context.getBeanNamesForType(CorsConfigurationSource.class, false, false).length > 0) {
			http.cors(Customizer.withDefaults());
		}
		return TryMellonReactiveConfigurer.tryMellon(context).configure(http).build();
	}

	/**
	 * The cookie a browser may send the token in by itself: the converter's (the only
	 * converter of an application without the bean reads the header only), else the
	 * browser sessions' (the chain's converter then reads it); {@code null} when the
	 * token comes from the {@code Authorization} header only.
	 */
	private static @Nullable String tokenCookieName(@Nullable TryMellonServerAuthenticationConverter converter,
			@Nullable SessionCookieSettings sessionCookie) {
		if (converter != null && converter.getCookieName() != null) {
			return converter.getCookieName();
		}
		return (sessionCookie != null) ? sessionCookie.getCookieName() : null;
	}

	/**
	 * The exchanges CSRF protection checks: Spring Security's (every method but
	 * {@code GET}, {@code HEAD}, {@code TRACE} and {@code OPTIONS}) except those to a
	 * permitted path that carry no token cookie: anonymous (the chain keeps no session and
	 * reads no other ambient credential), so a CSRF token protects nothing there, and a
	 * client such as curl may post to them without one; the servlet default chain's rule.
	 */
	private static ServerWebExchangeMatcher csrfProtected(List<String> permitPaths, String cookieName) {
		if (permitPaths.isEmpty()) {
			return CsrfWebFilter.DEFAULT_CSRF_MATCHER;
		}
		ServerWebExchangeMatcher permitted = ServerWebExchangeMatchers.pathMatchers(permitPaths.toArray(String[]::new));
		ServerWebExchangeMatcher withoutCookie = (exchange) -> exchange.getRequest().getCookies().containsKey(cookieName)
				? MatchResult.notMatch() : MatchResult.match();
		return new AndServerWebExchangeMatcher(CsrfWebFilter.DEFAULT_CSRF_MATCHER,
				new NegatedServerWebExchangeMatcher(new AndServerWebExchangeMatcher(permitted, withoutCookie)));
	}

	/**
	 * Loads the deferred CSRF token on every exchange, so that the {@code XSRF-TOKEN}
	 * cookie reaches the front end before its first state-changing request.
	 */
	private static Mono<Void> loadCsrfToken(ServerWebExchange exchange, WebFilterChain chain) {
		Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
		return (token != null) ? token.then(Mono.defer(() -> chain.filter(exchange))) : chain.filter(exchange);
	}

}
