package dev.trymellon.spring.autoconfigure.remote;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import dev.trymellon.spring.autoconfigure.TryMellonAutoConfiguration;
import dev.trymellon.spring.remote.TryMellonVerifyOnline;
import dev.trymellon.spring.testfixtures.StaticKeysConfiguration;
import dev.trymellon.spring.testfixtures.TestTokens;
import dev.trymellon.spring.web.TryMellonVerifyOnlineInterceptor;
import dev.trymellon.spring.web.reactive.TryMellonVerifyOnlineHandlerAdapter;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurationSupport;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @TryMellonVerifyOnline} is never silently ignored: an annotated handler fails
 * startup when the annotation cannot be enforced, in Spring MVC and in WebFlux.
 */
class OnlineCheckGuardTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebMvcAutoConfiguration.class,
				DispatcherServletAutoConfiguration.class, TryMellonRemoteAutoConfiguration.class,
				TryMellonAutoConfiguration.class))
		.withUserConfiguration(StaticKeysConfiguration.class)
		.withPropertyValues("trymellon.client-id=" + TestTokens.CLIENT_ID);

	private final ReactiveWebApplicationContextRunner reactiveContextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebFluxAutoConfiguration.class,
				TryMellonRemoteAutoConfiguration.class, TryMellonAutoConfiguration.class))
		.withUserConfiguration(StaticKeysConfiguration.class)
		.withPropertyValues("trymellon.client-id=" + TestTokens.CLIENT_ID);

	@Test
	void annotatedHandlerWithoutTheApiClientFailsStartupNamingTheDependency() {
		this.contextRunner.withUserConfiguration(AnnotatedController.class)
			.withClassLoader(new FilteredClassLoader(HttpClientSettings.class))
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).isInstanceOf(IllegalStateException.class)
					.hasMessageContaining("Controller.pay")
					.hasMessageContaining("spring-boot-starter-restclient");
			});
	}

	@Test
	void annotatedHandlerWithTheApiClientStartsWithTheInterceptorRegistered() {
		this.contextRunner.withUserConfiguration(AnnotatedController.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class)
				.getHandler(new org.springframework.mock.web.MockHttpServletRequest("POST", "/pay"))
				.getInterceptorList()).hasAtLeastOneElementOfType(TryMellonVerifyOnlineInterceptor.class);
			assertThat(context).doesNotHaveBean(TryMellonVerifyOnlineHandlerAdapter.class);
		});
	}

	@Test
	void annotatedHandlerUnderAnMvcConfigurationThatIgnoresConfigurersFailsStartup() {
		this.contextRunner.withUserConfiguration(AnnotatedController.class, OwnMvcConfiguration.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).isInstanceOf(IllegalStateException.class)
					.hasMessageContaining("Controller.pay")
					.hasMessageContaining("TryMellonVerifyOnlineInterceptor is not registered")
					.hasMessageContaining("DelegatingWebMvcConfiguration");
			});
	}

	@Test
	void mvcConfigurationThatIgnoresConfigurersStartsWithoutAnnotatedHandlers() {
		this.contextRunner.withUserConfiguration(OwnMvcConfiguration.class)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void reactiveAnnotatedHandlerWithoutTheApiClientFailsStartupNamingTheDependency() {
		this.reactiveContextRunner.withUserConfiguration(ReactiveAnnotatedController.class)
			.withClassLoader(new FilteredClassLoader(HttpClientSettings.class))
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).isInstanceOf(IllegalStateException.class)
					.hasMessageContaining("Controller.pay")
					.hasMessageContaining("spring-boot-starter-restclient");
			});
	}

	@Test
	void reactiveAnnotatedHandlerWithoutSpringSecurityFailsStartup() {
		this.reactiveContextRunner.withUserConfiguration(ReactiveAnnotatedController.class)
			.withClassLoader(new FilteredClassLoader(ServerAuthenticationEntryPoint.class))
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).isInstanceOf(IllegalStateException.class)
					.hasMessageContaining("Controller.pay")
					.hasMessageContaining("spring-boot-starter-security");
			});
	}

	@Test
	void reactiveAnnotatedHandlerWithTheApiClientStartsWithTheHandlerAdapter() {
		this.reactiveContextRunner.withUserConfiguration(ReactiveAnnotatedController.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(TryMellonVerifyOnlineHandlerAdapter.class);
			TryMellonVerifyOnlineHandlerAdapter adapter = context.getBean(TryMellonVerifyOnlineHandlerAdapter.class);
			assertThat(adapter.getOrder()).isEqualTo(org.springframework.core.Ordered.HIGHEST_PRECEDENCE);
		});
	}

	@Test
	void reactiveApplicationWithoutTheApiClientStartsWithoutAnnotatedHandlers() {
		this.reactiveContextRunner.withClassLoader(new FilteredClassLoader(HttpClientSettings.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(TryMellonVerifyOnlineHandlerAdapter.class);
			});
	}

	@Configuration(proxyBeanMethods = false)
	@Import(AnnotatedController.Controller.class)
	static class AnnotatedController {

		@RestController
		static class Controller {

			@PostMapping("/pay")
			@TryMellonVerifyOnline
			String pay() {
				return "paid";
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import(ReactiveAnnotatedController.Controller.class)
	static class ReactiveAnnotatedController {

		@RestController
		static class Controller {

			@PostMapping("/pay")
			@TryMellonVerifyOnline
			Mono<String> pay() {
				return Mono.just("paid");
			}

		}

	}

	/** Extends the support class itself: WebMvcConfigurer beans are not applied. */
	@Configuration(proxyBeanMethods = false)
	static class OwnMvcConfiguration extends WebMvcConfigurationSupport {

	}

}
