package dev.trymellon.spring.aot;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.jspecify.annotations.Nullable;

import dev.trymellon.spring.webhook.ApplicationSecretRotatedEvent;
import dev.trymellon.spring.webhook.AuthSuccessEvent;
import dev.trymellon.spring.webhook.CredentialRevokedEvent;
import dev.trymellon.spring.webhook.IdentifierLinkedEvent;
import dev.trymellon.spring.webhook.IdentifierUnlinkedEvent;
import dev.trymellon.spring.webhook.RecoveryEnrollmentCompletedEvent;
import dev.trymellon.spring.webhook.RecoveryEnrollmentIssuedEvent;
import dev.trymellon.spring.webhook.SessionLogoutEvent;
import dev.trymellon.spring.webhook.SessionRevokedEvent;
import dev.trymellon.spring.webhook.UserLockedEvent;
import dev.trymellon.spring.webhook.WebhookEnvelope;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.util.ClassUtils;

/**
 * Runtime hints for a native image of an application using the starter, registered in
 * {@code META-INF/spring/aot.factories}:
 * <ul>
 * <li>the webhook payload records, which Jackson binds by reflection (constructors,
 * accessors, the injected {@link WebhookEnvelope}), when Jackson is present;</li>
 * <li>the Caffeine cache classes the starter's caches are built as (Caffeine picks
 * them by name from the builder's options: the verified-token cache, the in-memory
 * processed-event store and the user-authorities cache);</li>
 * <li>the configuration metadata files the unknown-property warning reads at startup.</li>
 * </ul>
 * Nimbus JOSE needs no reflection for what the starter uses (JWK parsing, RSA and ECDSA
 * verification). The JWKS fetch opens an {@code https} URL: the autoconfigure jar's
 * {@code META-INF/native-image/.../native-image.properties} enables that protocol
 * ({@code --enable-url-protocols=https}).
 *
 * @author TryMellon
 * @since 0.2.0
 */
public class TryMellonRuntimeHints implements RuntimeHintsRegistrar {

	/** The webhook payload records Jackson binds. */
	static final List<Class<?>> WEBHOOK_PAYLOADS = List.of(ApplicationSecretRotatedEvent.class,
			AuthSuccessEvent.class, CredentialRevokedEvent.class, IdentifierLinkedEvent.class,
			IdentifierUnlinkedEvent.class, RecoveryEnrollmentCompletedEvent.class, RecoveryEnrollmentIssuedEvent.class,
			SessionLogoutEvent.class, SessionRevokedEvent.class, UserLockedEvent.class, WebhookEnvelope.class);

	/** The configuration metadata files read at startup. */
	static final List<String> METADATA = List.of("META-INF/spring-configuration-metadata.json",
			"META-INF/additional-spring-configuration-metadata.json");

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		if (ClassUtils.isPresent("tools.jackson.databind.ObjectMapper", classLoader)) {
			new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(),
					WEBHOOK_PAYLOADS.toArray(Class<?>[]::new));
		}
		for (Class<?> cacheClass : caffeineCacheClasses()) {
			hints.reflection().registerType(cacheClass, MemberCategory.INVOKE_DECLARED_CONSTRUCTORS);
		}
		METADATA.forEach(hints.resources()::registerPattern);
	}

	/**
	 * The classes Caffeine builds the starter's caches as, found by building caches with
	 * the same options (Caffeine names its generated classes after them).
	 */
	static List<Class<?>> caffeineCacheClasses() {
		Expiry<Object, Object> variable = new Expiry<>() {

			@Override
			public long expireAfterCreate(Object key, Object value, long currentTime) {
				return Long.MAX_VALUE;
			}

			@Override
			public long expireAfterUpdate(Object key, Object value, long currentTime, long currentDuration) {
				return currentDuration;
			}

			@Override
			public long expireAfterRead(Object key, Object value, long currentTime, long currentDuration) {
				return currentDuration;
			}

		};
		List<Supplier<Caffeine<Object, Object>>> options = List.of(
				// VerifiedTokenCache
				() -> Caffeine.newBuilder().maximumSize(1).expireAfter(variable).recordStats(),
				// InMemoryProcessedEventStore
				() -> Caffeine.newBuilder().maximumSize(1).expireAfter(variable),
				// LookupSessionAuthoritiesMapper
				() -> Caffeine.newBuilder().maximumSize(1).expireAfterWrite(Duration.ofMinutes(1)));
		return options.stream().<Class<?>>map((builder) -> builder.get().build().asMap().getClass()).toList();
	}

}
