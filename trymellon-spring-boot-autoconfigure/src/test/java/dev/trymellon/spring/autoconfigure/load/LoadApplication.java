package dev.trymellon.spring.autoconfigure.load;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URI;
import java.util.concurrent.atomic.LongAdder;

import dev.trymellon.spring.session.TryMellonSession;
import dev.trymellon.spring.testfixtures.TestTokens;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The application under load: the starter's defaults on an embedded Tomcat on
 * 127.0.0.1 and an ephemeral port, keys fetched from a {@link LocalJwks} with a short
 * TTL and cooldown, a small verified-token cache, the webhook receiver, the in-memory
 * revocation store (Redis off), and request handling on virtual threads where the JDK
 * has them.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(LoadApplication.SessionController.class)
class LoadApplication {

	static final String SECRET = "whsec_load_suite_secret_0123456789";

	static final String PATH = "/api/session";

	private static final MethodHandle IS_VIRTUAL = isVirtualHandle();

	static ConfigurableApplicationContext start(URI jwks, long cacheMaxSize) {
		return new SpringApplicationBuilder(LoadApplication.class)
			.properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off",
					"spring.threads.virtual.enabled=true", "trymellon.client-id=" + TestTokens.CLIENT_ID,
					"trymellon.issuer=" + TestTokens.ISSUER, "trymellon.jwks.uri=" + jwks,
					"trymellon.jwks.ttl=2s", "trymellon.jwks.refresh-cooldown=500ms",
					"trymellon.jwks.connect-timeout=5s", "trymellon.jwks.read-timeout=10s",
					"trymellon.token.cache.max-size=" + cacheMaxSize, "trymellon.webhook.signing-secrets=" + SECRET,
					"trymellon.redis.enabled=false")
			.run();
	}

	/** Whether the thread is virtual; always {@code false} before JDK 21. */
	static boolean isVirtual(Thread thread) {
		if (IS_VIRTUAL == null) {
			return false;
		}
		try {
			return (boolean) IS_VIRTUAL.invoke(thread);
		}
		catch (Throwable ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static MethodHandle isVirtualHandle() {
		try {
			return MethodHandles.publicLookup()
				.findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
		}
		catch (ReflectiveOperationException ex) {
			return null;
		}
	}

	@RestController
	static class SessionController {

		final LongAdder onVirtualThreads = new LongAdder();

		final LongAdder onPlatformThreads = new LongAdder();

		@GetMapping(PATH)
		String session(@AuthenticationPrincipal TryMellonSession session) {
			(isVirtual(Thread.currentThread()) ? this.onVirtualThreads : this.onPlatformThreads).increment();
			return session.getUserId() + " " + session.getSessionId();
		}

	}

}
