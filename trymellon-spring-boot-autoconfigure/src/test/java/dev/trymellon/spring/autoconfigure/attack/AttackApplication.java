package dev.trymellon.spring.autoconfigure.attack;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.testfixtures.StaticKeysConfiguration;
import dev.trymellon.spring.webhook.TryMellonWebhookEvent;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The application the attack corpus runs against: the real auto-configuration and its
 * default security chain, tokens checked against the static JWKS holding
 * {@code k_main} (nothing is fetched), a {@link SimpleMeterRegistry} so that the webhook
 * receiver counts each delivery with its reason, and a recorder of the webhook events
 * actually published.
 * <p>
 * Every protected endpoint answers a body starting with {@link #PROTECTED}: a row that
 * ever sees it has been let in.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@EnableMethodSecurity
@Import({ StaticKeysConfiguration.class, AttackApplication.ProtectedController.class })
class AttackApplication {

	static final String PROTECTED = "PROTECTED";

	static final String SECRET = "whsec_attack_corpus_secret_0001";

	static final String ROTATED_SECRET = "whsec_attack_corpus_rotated_0002";

	static final String WEBHOOK_PATH = "/webhooks/trymellon";

	static final String DELIVERIES = "trymellon.webhook.deliveries";

	@Bean
	SimpleMeterRegistry attackMeterRegistry() {
		return new SimpleMeterRegistry();
	}

	@Bean
	PublishedEvents publishedEvents() {
		return new PublishedEvents();
	}

	/**
	 * How many times each webhook event id was published to the application.
	 */
	static class PublishedEvents {

		private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

		@EventListener
		void on(TryMellonWebhookEvent event) {
			this.counts.computeIfAbsent(event.id(), (id) -> new AtomicInteger()).incrementAndGet();
		}

		int count(String id) {
			AtomicInteger count = this.counts.get(id);
			return (count != null) ? count.get() : 0;
		}

	}

	/** The webhook delivery counter for one outcome and reason (0 when never counted). */
	static double deliveries(MeterRegistry registry, String outcome, String reason) {
		return registry.find(DELIVERIES)
			.tag("outcome", outcome)
			.tag("reason", reason)
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
	}

	/** Every webhook delivery counted, whatever its outcome. */
	static double deliveries(MeterRegistry registry) {
		return registry.find(DELIVERIES).counters().stream().mapToDouble(Counter::count).sum();
	}

	@RestController
	static class ProtectedController {

		@GetMapping("/api/me")
		String me(@AuthenticationPrincipal TryMellonSession session, Authentication authentication) {
			return PROTECTED + " me " + session.getUserId() + " " + authorities(authentication);
		}

		@GetMapping("/api/admin")
		@PreAuthorize("hasRole('ADMIN')")
		String admin(@AuthenticationPrincipal TryMellonSession session) {
			return PROTECTED + " admin " + session.getUserId();
		}

		@GetMapping("/api/superuser")
		@PreAuthorize("hasRole('SUPERUSER')")
		String superuser(@AuthenticationPrincipal TryMellonSession session) {
			return PROTECTED + " superuser " + session.getUserId();
		}

		@PostMapping("/api/orders")
		String order(@AuthenticationPrincipal TryMellonSession session) {
			return PROTECTED + " ordered by " + session.getUserId();
		}

		@GetMapping("/public/hello")
		String hello() {
			return "hello";
		}

		private static String authorities(Authentication authentication) {
			List<String> names = authentication.getAuthorities()
				.stream()
				.map(GrantedAuthority::getAuthority)
				.collect(Collectors.toList());
			// Escaped, so that a NUL or another control character in an authority shows.
			StringBuilder out = new StringBuilder("[");
			for (String name : names) {
				if (out.length() > 1) {
					out.append(',');
				}
				for (char c : name.toCharArray()) {
					out.append((c >= 0x20 && c < 0x7f) ? String.valueOf(c) : String.format("\\u%04x", (int) c));
				}
			}
			return out.append(']').toString();
		}

	}

}
