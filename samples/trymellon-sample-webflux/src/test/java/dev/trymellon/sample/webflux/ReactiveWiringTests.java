package dev.trymellon.sample.webflux;

import org.junit.jupiter.api.Test;

import dev.trymellon.spring.webhook.reactive.TryMellonWebhookWebFilter;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What makes this sample the reactive one: a Netty server, no servlet API, and the
 * webhook receiver as a {@code WebFilter} ahead of Spring Security.
 */
// A context of its own (the property), so that SampleEndToEndTests sees its startup output.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.main.banner-mode=off")
class ReactiveWiringTests {

	@Autowired
	ApplicationContext context;

	@Test
	void runsOnNettyWithoutTheServletApi() {
		assertThat(this.context).isInstanceOf(ReactiveWebServerApplicationContext.class);
		assertThat(((ReactiveWebServerApplicationContext) this.context).getWebServer().getClass().getSimpleName())
			.isEqualTo("NettyWebServer");
		assertThat(isPresent("jakarta.servlet.Filter")).isFalse();
	}

	@Test
	void webhookReceiverIsAWebFilterAheadOfSpringSecurity() {
		TryMellonWebhookWebFilter filter = this.context.getBean(TryMellonWebhookWebFilter.class);
		assertThat(filter.getPath()).isEqualTo("/webhooks/trymellon");
		assertThat(filter.getOrder()).isLessThan(-100);
	}

	private static boolean isPresent(String className) {
		try {
			Class.forName(className, false, ReactiveWiringTests.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException ex) {
			return false;
		}
	}

}
