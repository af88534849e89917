package dev.trymellon.spring.autoconfigure.remote;

import org.junit.jupiter.api.Test;

import dev.trymellon.spring.autoconfigure.TryMellonAutoConfiguration;
import dev.trymellon.spring.remote.TryMellonVerifyOnline;
import dev.trymellon.spring.testfixtures.StaticKeysConfiguration;
import dev.trymellon.spring.testfixtures.TestTokens;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @TryMellonVerifyOnline} is never silently ignored: without TryMellon's API client
 * an annotated handler fails startup.
 */
class OnlineCheckGuardTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebMvcAutoConfiguration.class,
				DispatcherServletAutoConfiguration.class, TryMellonRemoteAutoConfiguration.class,
				TryMellonAutoConfiguration.class))
		.withUserConfiguration(StaticKeysConfiguration.class, AnnotatedController.class)
		.withPropertyValues("trymellon.client-id=" + TestTokens.CLIENT_ID);

	@Test
	void annotatedHandlerWithoutTheApiClientFailsStartupNamingTheDependency() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(HttpClientSettings.class)).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("Controller.pay")
				.hasMessageContaining("spring-boot-starter-restclient");
		});
	}

	@Test
	void annotatedHandlerWithTheApiClientStarts() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed());
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

}
