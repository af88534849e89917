package dev.trymellon.spring.autoconfigure.web.reactive;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.trymellon.spring.autoconfigure.TryMellonAutoConfiguration;
import dev.trymellon.spring.autoconfigure.browser.TryMellonSessionCookieAutoConfiguration;
import dev.trymellon.spring.autoconfigure.security.TryMellonSecurityAutoConfiguration;
import dev.trymellon.spring.autoconfigure.web.TryMellonWebSecurityAutoConfiguration;
import dev.trymellon.spring.browser.SessionCookieSettings;
import dev.trymellon.spring.browser.reactive.SessionCookieWebFilter;
import dev.trymellon.spring.session.offline.JwksKeySource;
import dev.trymellon.spring.testfixtures.TestTokens;
import dev.trymellon.spring.web.TryMellonAuthenticationManagerResolver;
import dev.trymellon.spring.web.reactive.TryMellonReactiveAuthenticationManagerResolver;
import dev.trymellon.spring.web.reactive.TryMellonServerAuthenticationConverter;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.csrf.CsrfWebFilter;
import org.springframework.web.server.WebFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every condition of the reactive web security auto-configuration.
 */
class TryMellonReactiveWebSecurityAutoConfigurationTests {

	private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(TryMellonAutoConfiguration.class,
			TryMellonSecurityAutoConfiguration.class, TryMellonReactiveWebSecurityAutoConfiguration.class,
			TryMellonWebSecurityAutoConfiguration.class, ReactiveWebSecurityAutoConfiguration.class,
			ReactiveUserDetailsServiceAutoConfiguration.class);

	private final ReactiveWebApplicationContextRunner contextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(CONFIGURATIONS)
		.withUserConfiguration(KeysConfiguration.class)
		.withPropertyValues("trymellon.client-id=" + TestTokens.CLIENT_ID);

	@Test
	void reactiveApplicationGetsTheDefaultChainConverterAndManagerResolver() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(SecurityWebFilterChain.class)
				.hasBean("tryMellonSecurityWebFilterChain")
				.hasSingleBean(TryMellonServerAuthenticationConverter.class)
				.hasSingleBean(TryMellonReactiveAuthenticationManagerResolver.class)
				.doesNotHaveBean(TryMellonAuthenticationManagerResolver.class);
			assertThat(context.getBean(TryMellonServerAuthenticationConverter.class).getCookieName()).isNull();
		});
	}

	@Test
	void reactiveApplicationGetsNoGeneratedUser() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(ReactiveUserDetailsService.class));
	}

	@Test
	void userChainMakesTheDefaultChainBackOffButKeepsTheCollaborators() {
		this.contextRunner.withUserConfiguration(UserChainConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(SecurityWebFilterChain.class)
				.hasBean("userChain")
				.doesNotHaveBean("tryMellonSecurityWebFilterChain")
				.hasSingleBean(TryMellonReactiveAuthenticationManagerResolver.class)
				.hasSingleBean(TryMellonServerAuthenticationConverter.class);
		});
	}

	@Test
	void withoutAVerifierThereIsNoDefaultChainAndNoManagerResolver() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TryMellonSecurityAutoConfiguration.class,
					TryMellonReactiveWebSecurityAutoConfiguration.class, ReactiveWebSecurityAutoConfiguration.class))
			.run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean("tryMellonSecurityWebFilterChain")
				.doesNotHaveBean(TryMellonReactiveAuthenticationManagerResolver.class);
		});
	}

	@Test
	void backsOffWithoutSpringSecurityReactiveClasses() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ServerHttpSecurity.class)).run((context) -> {
			assertThat(context).doesNotHaveBean(TryMellonReactiveWebSecurityAutoConfiguration.class)
				.doesNotHaveBean(TryMellonServerAuthenticationConverter.class)
				.doesNotHaveBean(TryMellonReactiveAuthenticationManagerResolver.class);
		});
	}

	@Test
	void servletApplicationIsUnaffected() {
		new WebApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.withConfiguration(AutoConfigurations.of(SecurityAutoConfiguration.class,
					ServletWebSecurityAutoConfiguration.class))
			.withUserConfiguration(KeysConfiguration.class)
			.withPropertyValues("trymellon.client-id=" + TestTokens.CLIENT_ID)
			.run((context) -> assertThat(context).doesNotHaveBean(TryMellonReactiveWebSecurityAutoConfiguration.class)
				.doesNotHaveBean(TryMellonServerAuthenticationConverter.class)
				.doesNotHaveBean(TryMellonReactiveAuthenticationManagerResolver.class)
				.hasSingleBean(TryMellonAuthenticationManagerResolver.class)
				.hasBean("tryMellonSecurityFilterChain"));
	}

	@Test
	void cookieNamePropertyConfiguresTheConverter() {
		this.contextRunner.withPropertyValues("trymellon.token.cookie-name=tm_session", "trymellon.token.max-length=4096")
			.run((context) -> {
				TryMellonServerAuthenticationConverter converter = context
					.getBean(TryMellonServerAuthenticationConverter.class);
				assertThat(converter.getCookieName()).isEqualTo("tm_session");
				assertThat(converter.getMaxLength()).isEqualTo(4096);
			});
	}

	@Test
	void invalidCookieNameFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("trymellon.token.cookie-name=bad name").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("trymellon.token.cookie-name");
		});
	}

	@Test
	void invalidPermitPathFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("trymellon.security.permit-paths=public/**").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("trymellon.security.permit-paths")
				.hasMessageContaining("must start with '/'");
		});
	}

	@Test
	void browserSessionsAddTheEndpointsAndCsrfProtectionToTheDefaultChain() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(TryMellonSessionCookieAutoConfiguration.class))
			.withPropertyValues("trymellon.token.cookie-name=__Host-tm_session", "trymellon.session-cookie.enabled=true")
			.run((context) -> {
				assertThat(context).hasSingleBean(SessionCookieSettings.class).hasBean("tryMellonSecurityWebFilterChain");
				assertThat(filters(context)).hasAtLeastOneElementOfType(SessionCookieWebFilter.class)
					.hasAtLeastOneElementOfType(CsrfWebFilter.class);
			});
	}

	@Test
	void withoutBrowserSessionsTheDefaultChainHasNoEndpointsAndHeaderOnlyNoCsrf() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(TryMellonSessionCookieAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).doesNotHaveBean(SessionCookieSettings.class);
				assertThat(filters(context)).doesNotHaveAnyElementsOfTypes(SessionCookieWebFilter.class,
						CsrfWebFilter.class);
			});
	}

	@Test
	void sessionCookieSettingsBeanWithoutCookieNamePropertyStillGetsCsrfProtection() {
		this.contextRunner
			.withBean(SessionCookieSettings.class, () -> SessionCookieSettings.withCookieName("tm_browser").build())
			.run((context) -> {
				assertThat(context.getBean(TryMellonServerAuthenticationConverter.class).getCookieName()).isNull();
				// the chain's converter reads the session cookie, so the chain is CSRF-protected
				assertThat(filters(context)).hasAtLeastOneElementOfType(SessionCookieWebFilter.class)
					.hasAtLeastOneElementOfType(CsrfWebFilter.class);
			});
	}

	@Test
	void browserSessionsWithAUserChainLeaveTheChainToTheApplication() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(TryMellonSessionCookieAutoConfiguration.class))
			.withUserConfiguration(UserChainConfiguration.class)
			.withPropertyValues("trymellon.token.cookie-name=__Host-tm_session", "trymellon.session-cookie.enabled=true")
			.run((context) -> {
				assertThat(context).hasSingleBean(SessionCookieSettings.class)
					.doesNotHaveBean("tryMellonSecurityWebFilterChain");
				assertThat(filters(context)).doesNotHaveAnyElementsOfTypes(SessionCookieWebFilter.class);
			});
	}

	@Test
	void browserSessionSettingsWithoutSpringSecurityReactiveClassesAndNoChain() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(TryMellonSessionCookieAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(ServerHttpSecurity.class))
			.withPropertyValues("trymellon.token.cookie-name=__Host-tm_session", "trymellon.session-cookie.enabled=true")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(SessionCookieSettings.class)
				.doesNotHaveBean(SecurityWebFilterChain.class));
	}

	private static List<WebFilter> filters(org.springframework.context.ApplicationContext context) {
		List<WebFilter> filters = new ArrayList<>();
		context.getBeansOfType(SecurityWebFilterChain.class)
			.values()
			.forEach((chain) -> filters.addAll(chain.getWebFilters().collectList().block()));
		return filters;
	}

	@Configuration(proxyBeanMethods = false)
	static class KeysConfiguration {

		@Bean
		JwksKeySource tryMellonTestKeys() {
			return TestTokens.keySource(TestTokens.KEY);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserChainConfiguration {

		@Bean
		SecurityWebFilterChain userChain(ServerHttpSecurity http) {
			return http.authorizeExchange((exchanges) -> exchanges.anyExchange().permitAll()).build();
		}

	}

}
