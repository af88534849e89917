package dev.trymellon.spring.test.security;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.trymellon.spring.session.TryMellonSession;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A small secured application, used as a user's application would be.
 */
@SpringBootApplication
@EnableMethodSecurity
class SecuredApplication {

	@RestController
	static class ApiController {

		@GetMapping("/api/me")
		Map<String, Object> me(@AuthenticationPrincipal TryMellonSession session, Authentication authentication) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("userId", session.getUserId());
			body.put("externalUserId", session.getExternalUserId());
			body.put("tenantId", session.getTenantId());
			body.put("appId", session.getAppId());
			body.put("customClaims", session.getCustomClaims());
			body.put("authorities",
					authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted().toList());
			return body;
		}

		@GetMapping("/api/admin")
		@PreAuthorize("hasRole('ADMIN')")
		Map<String, String> admin(@AuthenticationPrincipal TryMellonSession session) {
			return Map.of("admin", session.getUserId());
		}

	}

}
