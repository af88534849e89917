package dev.trymellon.spring.autoconfigure.remote;

import dev.trymellon.spring.autoconfigure.TryMellonAutoConfiguration;
import dev.trymellon.spring.autoconfigure.revocation.TryMellonRevocationAutoConfiguration;
import dev.trymellon.spring.remote.HybridSessionTokenVerifier;
import dev.trymellon.spring.remote.RemoteSessionChecker;
import dev.trymellon.spring.revocation.RevocationStore;
import dev.trymellon.spring.session.offline.OfflineSessionTokenVerifier;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * of hybrid validation ({@code trymellon.validation.mode=hybrid}): a primary
 * {@link HybridSessionTokenVerifier} over the offline verifier, which in this mode leaves
 * the tokens refused only by the revocation fail-safe rule to it. Backs off when the
 * application declares its own verifier (no offline verifier is then built) or has no
 * {@link RevocationStore} (nothing to re-check).
 *
 * @author TryMellon
 * @since 0.2.0
 */
@AutoConfiguration(after = { TryMellonAutoConfiguration.class, TryMellonRemoteAutoConfiguration.class,
		TryMellonRevocationAutoConfiguration.class })
@ConditionalOnProperty(name = "trymellon.validation.mode", havingValue = "hybrid")
@ConditionalOnBean({ OfflineSessionTokenVerifier.class, RemoteSessionChecker.class })
@ConditionalOnSingleCandidate(RevocationStore.class)
public final class TryMellonHybridAutoConfiguration {

	@Bean
	@Primary
	HybridSessionTokenVerifier hybridSessionTokenVerifier(OfflineSessionTokenVerifier offline,
			RemoteSessionChecker checker, RevocationStore revocations) {
		return new HybridSessionTokenVerifier(offline, checker, revocations);
	}

}
