package dev.trymellon.sample.webflux;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

import dev.trymellon.spring.session.TryMellonSession;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The secured API, answering as the servlet sample's: any valid session may read
 * {@code /api/me}, which lists the session's authorities (the mapped roles, then
 * {@code FACTOR_BEARER}); {@code /api/admin} and {@code /api/events} need the
 * {@code ADMIN} role (from the {@code roles} custom claim). Reactive method security
 * needs the methods to return a {@code Mono}.
 */
@RestController
@RequestMapping("/api")
class ApiController {

	private final WebhookEventLog events;

	ApiController(WebhookEventLog events) {
		this.events = events;
	}

	@GetMapping("/me")
	Mono<Map<String, Object>> me(@AuthenticationPrincipal TryMellonSession session, Authentication authentication) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("userId", session.getUserId());
		body.put("externalUserId", session.getExternalUserId());
		body.put("tenantId", session.getTenantId());
		body.put("appId", session.getAppId());
		body.put("customClaims", session.getCustomClaims());
		body.put("authorities", authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList());
		return Mono.just(body);
	}

	@GetMapping("/admin")
	@PreAuthorize("hasRole('ADMIN')")
	Mono<Map<String, Object>> admin(@AuthenticationPrincipal TryMellonSession session) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("message", "Hello, admin " + session.getUserId());
		body.put("userId", session.getUserId());
		return Mono.just(body);
	}

	@GetMapping("/events")
	@PreAuthorize("hasRole('ADMIN')")
	Mono<List<WebhookEventLog.Entry>> events() {
		return Mono.fromSupplier(this.events::newestFirst);
	}

}
