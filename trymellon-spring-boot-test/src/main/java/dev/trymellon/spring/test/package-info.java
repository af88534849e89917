/**
 * Test support for applications that use TryMellon: a local token issuer
 * ({@link dev.trymellon.spring.test.TryMellonTestIssuer}) with a stand-in for the
 * backend validation API ({@link dev.trymellon.spring.test.TryMellonTestApi}), its JUnit
 * extension and
 * {@link dev.trymellon.spring.test.AutoConfigureTryMellon @AutoConfigureTryMellon}, and a
 * webhook signer ({@link dev.trymellon.spring.test.TryMellonWebhooks}).
 *
 * @since 0.1.0
 */
@NullMarked
package dev.trymellon.spring.test;

import org.jspecify.annotations.NullMarked;
