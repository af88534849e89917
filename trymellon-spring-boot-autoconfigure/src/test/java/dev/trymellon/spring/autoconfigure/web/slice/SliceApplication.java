package dev.trymellon.spring.autoconfigure.web.slice;


import dev.trymellon.spring.session.offline.JwksKeySource;
import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.testfixtures.TestTokens;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The application a {@code @WebMvcTest} slice finds.
 */
@SpringBootApplication(proxyBeanMethods = false)
class SliceApplication {

	@Bean
	JwksKeySource tryMellonTestKeys() {
		return TestTokens.keySource(TestTokens.KEY);
	}

	@RestController
	static class SliceController {

		@GetMapping("/slice/me")
		String me(@AuthenticationPrincipal TryMellonSession session) {
			return "slice " + session.getUserId();
		}

	}

}
