package dev.trymellon.spring.autoconfigure.remote.mvcslice;

import dev.trymellon.spring.remote.TryMellonVerifyOnline;
import dev.trymellon.spring.session.offline.JwksKeySource;
import dev.trymellon.spring.testfixtures.TestTokens;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The application a {@code @WebMvcTest} slice with an online check finds.
 */
@SpringBootApplication(proxyBeanMethods = false)
class MvcSliceApplication {

	@Bean
	JwksKeySource tryMellonTestKeys() {
		return TestTokens.keySource(TestTokens.KEY);
	}

	@RestController
	static class PaymentController {

		@PostMapping("/slice/pay")
		@TryMellonVerifyOnline
		String pay() {
			return "paid";
		}

	}

}
