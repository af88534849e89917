package dev.trymellon.spring.autoconfigure.remote.fluxslice;

import reactor.core.publisher.Mono;

import dev.trymellon.spring.remote.TryMellonVerifyOnline;
import dev.trymellon.spring.session.offline.JwksKeySource;
import dev.trymellon.spring.testfixtures.TestTokens;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The application a {@code @WebFluxTest} slice with an online check finds.
 */
@SpringBootApplication(proxyBeanMethods = false)
class FluxSliceApplication {

	@Bean
	JwksKeySource tryMellonTestKeys() {
		return TestTokens.keySource(TestTokens.KEY);
	}

	@RestController
	static class PaymentController {

		@PostMapping("/slice/pay")
		@TryMellonVerifyOnline
		Mono<String> pay() {
			return Mono.just("paid");
		}

	}

}
