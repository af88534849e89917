package dev.trymellon.spring.autoconfigure;

import org.springframework.context.annotation.Configuration;

/**
 * Builds the offline {@link dev.trymellon.spring.session.SessionTokenVerifier}.
 */
@Configuration(proxyBeanMethods = false)
class SessionTokenVerifierConfiguration {

}
