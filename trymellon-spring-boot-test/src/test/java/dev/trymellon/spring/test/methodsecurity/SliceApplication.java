package dev.trymellon.spring.test.methodsecurity;

import java.util.Map;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application that enables method security in a configuration class of its own
 * ({@link MethodSecurityConfiguration}, a top-level class found by component scanning),
 * as many applications do.
 */
@SpringBootApplication
class SliceApplication {

	@RestController
	static class ReportController {

		@GetMapping("/api/reports")
		@PreAuthorize("hasRole('ADMIN')")
		Map<String, String> reports() {
			return Map.of("reports", "all");
		}

	}

}
