package dev.trymellon.spring.autoconfigure.revocation;

import dev.trymellon.spring.autoconfigure.TryMellonAutoConfiguration;
import dev.trymellon.spring.autoconfigure.TryMellonProperties;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * for revocation: an in-memory {@link dev.trymellon.spring.revocation.RevocationStore}
 * (replaceable by a bean of that type, such as the Redis one) that the offline token
 * verifier asks on every request, and a
 * {@link dev.trymellon.spring.revocation.RevocationWebhookListener} feeding it from
 * webhook events. Off with {@code trymellon.revocation.enabled=false}.
 *
 * @author TryMellon
 * @since 0.1.0
 */
@AutoConfiguration(after = TryMellonAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "trymellon.revocation.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TryMellonProperties.class)
@Import(RevocationConfiguration.class)
public final class TryMellonRevocationAutoConfiguration {

}
